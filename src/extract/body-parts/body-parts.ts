/**
 * Body parts: finds the parts the letter names in a range of the normalized text, each with its
 * normalized `part` (the fixed vocabulary of src/lexicons/body-parts.json: "neck" is
 * `cervical spine`, "low back" `lumbar spine`, ...) and the laterality written with it.
 *
 * Laterality rules (annotation guide, "Settled cases"):
 * - left / right / bilateral / both written before the part ("right knee", "left-sided neck",
 *   "right side of the head", "right great toe", "both knees", "right and left shoulder");
 * - "bilateral(ly)" written right after the part ("cervical spine bilateral", "knees
 *   bilaterally") or a side in parentheses ("knee (left)");
 * - laterality does not carry over a list: in "right knee and ankle" the ankle has none.
 *
 * All patterns are linear: one alternation of literal words, and anchored look-arounds over a
 * bounded window, so adversarial input cannot make them backtrack.
 */
import type { BodyPart, Laterality } from '../../schema/record.js';
import lexicon from '../../lexicons/body-parts.json' with { type: 'json' };

export interface FindBodyPartsOptions {
  /** Also read spinal levels ("C5-C6", "L4-5", "L5-S1") as their spine region (default true). */
  levels?: boolean;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Separators inside a phrase: spaces, tabs or hyphens, never a line break (one paragraph a line). */
const SEP = '[ \\t\\u00a0-]';
/** A vocabulary phrase as a pattern: each space or hyphen matches any run of separators (or none). */
const phrase = (s: string) => s.split(/[\s-]+/).map(escape).join(`${SEP}*`);

const PART_OF = new Map<string, string>();
for (const [part, synonyms] of Object.entries(lexicon.parts)) {
  for (const s of synonyms) PART_OF.set(canon(s), part);
}
const PLURAL = new Set(lexicon.plurals.map(canon));
const AMBIGUOUS = new Set(lexicon.ambiguousWords.words.map(canon));
const CONTEXT_BEFORE = new Set(lexicon.ambiguousWords.contextBefore.map(canon));
const CONTEXT_AFTER = new Set(lexicon.ambiguousWords.contextAfter.map(canon));
const IDIOM_AFTER = new RegExp(
  `^\\s*(?:${lexicon.ambiguousWords.idiomsAfter.map((s) => phrase(s)).join('|')})(?![A-Za-z])`, 'i');
const NOT_PARTS = new RegExp(`(?<![A-Za-z])(?:${lexicon.notParts.phrases.map((x) => x.split(/[\s-]+/).map(escape).join('[ \\t-]*')).join('|')})(?![A-Za-z])`, 'gi');
const MEASURE = new Set(lexicon.measureWords.words.map(canon));
const NUMBER_BEFORE = /(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|several|few))[\s-]*$/i;

/** Lower case, one space, no hyphens: the key a phrase is looked up by. */
function canon(s: string): string {
  return s.toLowerCase().replace(/[\s-]+/g, '');
}

const SYNONYMS = [...new Set(Object.values(lexicon.parts).flat())].sort((a, b) => b.length - a.length);
const PART_RE = new RegExp(`(?<![A-Za-z0-9])(?:${SYNONYMS.map(phrase).join('|')})(?![A-Za-z0-9])`, 'gi');

const LATERALITY = lexicon.laterality as Record<string, 'left' | 'right' | 'bilateral'>;
const SIDE_WORDS = Object.keys(LATERALITY).map(escape).join('|');
const MODIFIERS = lexicon.modifiers.map(phrase).join('|');
/**
 * A laterality written just before a part: "right ", "left-sided ", "right side of his ",
 * "right and left ", "bilateral ", "right great "; anchored at the end of a bounded window.
 */
const BEFORE = new RegExp(
  `(?<![A-Za-z])((?:left|right)${SEP}*(?:and|&|/)${SEP}*(?:left|right)|${SIDE_WORDS})\\.?` +
  `(?:${SEP}+sided)?${SEP}+(?:side${SEP}+of${SEP}+(?:(?:the|his|her|their)${SEP}+)?)?(?:(?:${MODIFIERS})${SEP}+){0,2}$`, 'i');
/** "bilateral(ly)" right after the part, or a side in parentheses. */
const AFTER = /^(?:[ \t]+(bilateral(?:ly)?)(?![A-Za-z])|[ \t]*\([ \t]*(left|right|bilateral)[ \t]*\))/i;
const WINDOW = 60;

/** Spinal levels: "C5-C6", "C5-6", "L4-5", "L5-S1", "T12-L1"; one level ("L4") only next to a level word. */
const LEVEL_RE = /(?<![A-Za-z0-9])([CTL])(\d{1,2})(?:([ \t]*[-\u2013/][ \t]*|[ \t]+to[ \t]+)([CTLS])?(\d{1,2}))?(?![A-Za-z0-9])/g;
const LEVEL_SPEC = lexicon.levels as unknown as Record<string, { part: string; max: number }>;
const SINGLE_AFTER = new RegExp(`^${SEP}*(?:${lexicon.levels.singleAfter.map(phrase).join('|')})(?![A-Za-z])`, 'i');
const SINGLE_BEFORE = new RegExp(`(?<![A-Za-z])(?:${lexicon.levels.singleBefore.map(phrase).join('|')})[ \\t,]*$`, 'i');

function lateralityOf(word: string): 'left' | 'right' | 'bilateral' {
  const w = word.toLowerCase().replace(/\s+/g, ' ');
  if (/(left|right).*(left|right)/.test(w)) return 'bilateral';
  return LATERALITY[w] ?? LATERALITY[w.split(/\W/)[0]!] ?? 'bilateral';
}

/** A laterality written just before text[at] ("right ", "both " only before a plural part). */
function sideBefore(text: string, at: number, floor: number, plural: boolean): { laterality: 'left' | 'right' | 'bilateral'; from: number } | null {
  const lb = Math.max(floor, at - WINDOW);
  const before = BEFORE.exec(text.slice(lb, at));
  if (!before) return null;
  if (/^both$/i.test(before[1]!) && !plural) return null;
  return { laterality: lateralityOf(before[1]!), from: lb + before.index };
}

function previousWord(text: string, at: number, floor: number): string {
  const window = text.slice(Math.max(floor, at - 30), at);
  const m = /([A-Za-z/]+)[\s,]*$/.exec(window);
  return m ? canon(m[1]!) : '';
}

function nextWord(text: string, at: number, ceiling: number): string {
  const m = /^[\s-]*([A-Za-z]+)/.exec(text.slice(at, Math.min(ceiling, at + 30)));
  return m ? canon(m[1]!) : '';
}

/** Whether an ambiguous word ("back", "head", "hand") is a body part here. */
function ambiguousIsPart(text: string, s: number, e: number, start: number, end: number): boolean {
  if (IDIOM_AFTER.test(text.slice(e, Math.min(end, e + 30)))) return false;
  const before = previousWord(text, s, start);
  if (CONTEXT_BEFORE.has(before) || PART_OF.has(before)) return true;
  return CONTEXT_AFTER.has(nextWord(text, e, end));
}

/**
 * The body parts named in text[start, end), in text order, with spans into `text`. Every
 * mention is returned (use `distinctBodyParts` for a distinct list).
 */
export function findBodyParts(text: string, start = 0, end = text.length, options: FindBodyPartsOptions = {}): BodyPart[] {
  const out: BodyPart[] = [];
  const hay = text.slice(0, end);
  PART_RE.lastIndex = start;
  for (let m = PART_RE.exec(hay); m; m = PART_RE.exec(hay)) {
    const s = m.index;
    const e = s + m[0].length;
    const key = canon(m[0]);
    const part = PART_OF.get(key);
    if (!part) continue;
    if (AMBIGUOUS.has(key) && !ambiguousIsPart(text, s, e, start, end)) continue;
    if (MEASURE.has(key) && NUMBER_BEFORE.test(text.slice(Math.max(start, s - 20), s))) continue;

    const side = sideBefore(text, s, start, PLURAL.has(key));
    let laterality: Laterality = side?.laterality ?? null;
    const from = side ? side.from : s;
    if (!laterality) {
      const after = AFTER.exec(text.slice(e, Math.min(end, e + 30)));
      if (after) {
        const word = (after[1] ?? after[2])!;
        // "bilateral" that opens the next part ("neck bilateral shoulders") is that part's.
        const next = e + after[0].length;
        const opensNext = after[1] && nextIsPart(text, next, end);
        if (!opensNext) laterality = lateralityOf(word);
      }
    }
    out.push({ text: text.slice(from, e), span: [from, e], part, laterality });
  }
  if (options.levels !== false) out.push(...findLevels(text, start, end));
  if (out.length === 0) return out; // (nothing for the phrases below to block)
  out.sort((a, b) => a.span[0] - b.span[0]);
  const blocked: [number, number][] = [];
  NOT_PARTS.lastIndex = start;
  for (let m = NOT_PARTS.exec(hay); m; m = NOT_PARTS.exec(hay)) blocked.push([m.index, m.index + m[0].length]);
  return withoutOverlaps(out, blocked);
}

/** The parts (sorted by start) that overlap none of the ranges (sorted, disjoint): one linear sweep. */
function withoutOverlaps(parts: BodyPart[], ranges: [number, number][]): BodyPart[] {
  if (!ranges.length) return parts;
  const kept: BodyPart[] = [];
  let r = 0;
  for (const p of parts) {
    while (r < ranges.length && ranges[r]![1] <= p.span[0]) r++;
    const overlaps = r < ranges.length && ranges[r]![0] < p.span[1];
    if (!overlaps) kept.push(p);
  }
  return kept;
}

const NEXT_PART = new RegExp(`^${SEP}*(?:(?:${MODIFIERS})${SEP}+){0,2}(?:${SYNONYMS.map(phrase).join('|')})(?![A-Za-z0-9])`, 'i');

function nextIsPart(text: string, at: number, end: number): boolean {
  return NEXT_PART.test(text.slice(at, Math.min(end, at + 40)));
}

function findLevels(text: string, start: number, end: number): BodyPart[] {
  const out: BodyPart[] = [];
  const hay = text.slice(0, end);
  LEVEL_RE.lastIndex = start;
  for (let m = LEVEL_RE.exec(hay); m; m = LEVEL_RE.exec(hay)) {
    const letter = m[1]!.toUpperCase();
    const n = Number(m[2]);
    const spec = LEVEL_SPEC[letter];
    if (!spec || n < 1 || n > spec.max) continue;
    const s = m.index;
    const e = s + m[0].length;
    if (m[3] !== undefined) {
      const l2 = (m[4] ?? letter).toUpperCase();
      const n2 = Number(m[5]);
      const ok = l2 === letter ? n2 > n && n2 <= spec.max + 1 : l2 === 'S' ? n2 === 1 : n2 <= 2;
      if (!ok) continue;
    } else if (!SINGLE_AFTER.test(text.slice(e, Math.min(end, e + 30))) && !SINGLE_BEFORE.test(text.slice(Math.max(start, s - 20), s))) {
      continue;
    }
    const side = sideBefore(text, s, start, false);
    const from = side ? side.from : s;
    out.push({ text: text.slice(from, e), span: [from, e], part: spec.part, laterality: side?.laterality ?? null });
  }
  return out;
}

/** Distinct by part and laterality, first mention kept (the contract's rule for body-part lists). */
export function distinctBodyParts(parts: BodyPart[]): BodyPart[] {
  const seen = new Set<string>();
  return parts.filter((p) => {
    const k = `${p.part}|${p.laterality ?? ''}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
