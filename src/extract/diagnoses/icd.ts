/**
 * Normalized term and ICD-10-CM code (4 characters and the dot) of a diagnosis phrase, from the
 * rules in src/lexicons/diagnoses.json: the phrase's conditions (sprain, strain, radiculopathy,
 * pain, ...) and its body region must be exactly a rule's; anything else keeps its own words as
 * the normalized term and gets no code (the contract: a code only where the text names it
 * unambiguously).
 */
import type { BodyPart } from '../../schema/record.js';
import { CONDITIONS, ICD_BLOCKERS, ICD_RULES, LIST } from './lexicon.js';

const SPINE = new Set(['cervical spine', 'thoracic spine', 'lumbar spine']);

/** The phrase's own words, lower case, without encounter words: the fallback normalized term. */
export function plainTerm(core: string): string {
  LIST.encounter.lastIndex = 0;
  return core
    .toLowerCase()
    .replace(LIST.encounter, ' ')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\s*([/-])\s*/g, '$1')
    .replace(/[\s,;:.]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The condition keys a phrase names, each match blanked out so general heads do not count twice. */
export function conditionsOf(core: string): Set<string> {
  return conditionsOfPlain(plainTerm(core));
}

function conditionsOfPlain(plain: string): Set<string> {
  let s = ` ${plain} `;
  const found = new Set<string>();
  for (const c of CONDITIONS) {
    // Blanking only turns letters into spaces, so a word a match needs must be in the phrase
    // already (the phrase is lower case; the patterns ignore case, ASCII letters only).
    if (c.needs && !includesAny(plain, c.needs)) continue;
    c.re.lastIndex = 0;
    if (!c.re.test(s)) continue;
    found.add(c.key);
    c.re.lastIndex = 0;
    s = s.replace(c.re, (m) => ' '.repeat(m.length));
  }
  if (found.has('sprain')) found.delete('strain'); // "sprain/strain" takes the sprain code
  return found;
}

function includesAny(s: string, words: readonly string[]): boolean {
  for (const w of words) if (s.includes(w)) return true;
  return false;
}

export interface Coding { normalized: string; icd10: string | null; }

export function codeOf(core: string, parts: BodyPart[]): Coding {
  const plain = plainTerm(core);
  const fallback: Coding = { normalized: plain, icd10: null };
  if (ICD_BLOCKERS.test(plain)) return fallback;
  const conditions = conditionsOfPlain(plain);
  if (conditions.size !== 1) return fallback;
  const [condition] = [...conditions];
  const regions = new Set(parts.map((p) => p.part));
  for (const rule of ICD_RULES) {
    if (rule.conditions.length !== 1 || rule.conditions[0] !== condition) continue;
    const own = rule.spine ? new Set([...regions].filter((r) => SPINE.has(r))) : regions;
    if (rule.region === null ? own.size !== 0 : !(own.size === 1 && own.has(rule.region))) continue;
    if (rule.none && rule.none.test(plain)) continue;
    if (rule.unsided && /\b(?:right|left|bilateral|both)\b/.test(plain)) continue;
    return { normalized: rule.normalized, icd10: rule.icd10 };
  }
  return fallback;
}
