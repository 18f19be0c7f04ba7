/**
 * Reviewer: the expert reviewer's states of licensure and specialties, from the credential
 * lines of the standard layout (`State(s) of Licensure:`, `Certification(s)/Specialty:`) or
 * from the prose of the older layouts ("board certified in X ... licensed to practice in A and B").
 */
import type { Doc } from '../../pipeline/document.js';
import type { Stage } from '../../pipeline/stage.js';
import states from '../../lexicons/us-states.json' with { type: 'json' };

const NAMES = Object.values(states.states);
const BY_CODE = new Map(Object.entries(states.states));
const BY_NAME = new Map(NAMES.map((n) => [n.toLowerCase(), n]));
// Longest names first so "West Virginia" is not read as "Virginia".
const STATE_RE = new RegExp(`\\b(${[...NAMES].sort((a, b) => b.length - a.length).join('|').replace(/ /g, '\\s+')}|[A-Z]{2})\\b`, 'g');

const LICENSURE_LINE = /^State\(s\) of Licensure:[ \t]*(.*)$/im;
const SPECIALTY_LINE = /^Certification\(s\)\s*\/\s*Specialty:[ \t]*(.*)$/im;

/** Every state named in `text`, in order, in full, once each. */
export function statesIn(text: string, allowCodes: boolean): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(STATE_RE)) {
    const token = m[1]!.replace(/\s+/g, ' ');
    const name = BY_NAME.get(token.toLowerCase()) ?? (allowCodes && /^[A-Z]{2}$/.test(token) ? BY_CODE.get(token) : undefined);
    if (name && !out.includes(name)) out.push(name);
  }
  return out;
}

/** Splits "A, B; C" into specialties as written. */
export function splitSpecialties(value: string): string[] {
  return value.split(/[,;]/).map((s) => s.replace(/\s+/g, ' ').trim().replace(/[.]$/, '')).filter((s) => s.length > 1);
}

/** The older layouts state credentials in prose. */
export function credentialsFromProse(text: string): { licensure: string[]; specialties: string[] } {
  const specialties: string[] = [];
  const add = (s: string | undefined) => {
    const v = s?.replace(/\s+/g, ' ').trim();
    if (v && !specialties.includes(v)) specialties.push(v);
  };
  for (const m of text.matchAll(/\b(?:board[- ]certified|certified)\s+in\s+([A-Z][^,.;]{2,80}?)(?=,|\.|;|\s+with\b|\s+and\s+(?:holds|is|has)\b)/g)) add(m[1]);
  for (const m of text.matchAll(/\bsub-?specialty(?:\s+certification)?\s+in\s+([A-Z][^,.;]{2,80}?)(?=,|\.|;|\s+and\b)/g)) add(m[1]);
  const licensure: string[] = [];
  for (const m of text.matchAll(/\blicen[sc](?:ed|es?)\b[^.]{0,120}/gi)) {
    for (const s of statesIn(m[0], false)) if (!licensure.includes(s)) licensure.push(s);
  }
  return { licensure, specialties };
}

export function readReviewer(text: string): { licensure: string[]; specialties: string[] } {
  const lic = LICENSURE_LINE.exec(text);
  const spec = SPECIALTY_LINE.exec(text);
  if (lic || spec) {
    return {
      licensure: lic ? statesIn(lic[1]!, true) : [],
      specialties: spec ? splitSpecialties(spec[1]!) : [],
    };
  }
  return credentialsFromProse(text);
}

export const reviewerStage: Stage = {
  name: 'reviewer',
  requires: ['sections'],
  provides: ['structure'],
  run(doc: Doc) {
    // Credentials sit in their own section (standard), in the determination process (2013
    // letters) or under MEDICAL REVIEWER QUALIFICATIONS (professional review).
    const where = doc.sections.filter((s) => ['credentials', 'determination-process', 'qualifications'].includes(s.name));
    const text = where.length ? where.map((s) => doc.text.slice(s.span[0], s.span[1])).join('\n') : doc.text;
    doc.fields.reviewer = readReviewer(text);
    if (!doc.fields.reviewer.licensure.length) doc.warnings.push("the reviewer's state of licensure was not found");
  },
};
