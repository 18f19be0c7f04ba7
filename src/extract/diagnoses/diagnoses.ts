/**
 * Diagnoses: the conditions the letter names as diagnoses, one item per listed condition.
 *
 * Candidates come from cue phrases (src/lexicons/diagnoses.json): "diagnosed with / as having",
 * "diagnoses include / are / are documented as", "being treated for (the diagnoses of)",
 * "undergoing treatment for", "a diagnosis of", "working diagnoses are", and labels
 * ("Diagnoses:", "Assessment:", "Impression:"). Each cue's list runs to the end of its sentence
 * and is split into conditions by ./lists.ts (ICD titles with commas stay whole). Refiners then
 * code each item (./icd.ts), attach body parts, read its assertion with the ConText module, drop
 * negated items (a negated condition is not a diagnosis named), and keep the first mention of
 * each condition: a later mention with the same normalized term, the same condition with another
 * encounter ("initial" / "subsequent"), or a less specific restatement ("skull fracture" after
 * "skull vault fracture") is a repeat.
 */
import { assertionOf } from '../../context/context.js';
import type { Doc } from '../../pipeline/document.js';
import { mention } from '../../pipeline/document.js';
import type { Stage } from '../../pipeline/stage.js';
import type { BodyPart, Diagnosis, SectionName } from '../../schema/record.js';
import { distinctBodyParts, findBodyParts } from '../body-parts/body-parts.js';
import { codeOf } from './icd.js';
import { cueStarts, nextCue, nextLabel } from './cues.js';
import { CUES, DEDUPE_IGNORE, IMAGING_BEFORE, LIST, NEGATIVE_IN_CUE, PATIENT_IN_SENTENCE } from './lexicon.js';
import { coreOf, sentenceEnd, splitList } from './lists.js';

/** A part of the text to search, and whether a cue there must be about this patient. */
export interface SearchRange { start: number; end: number; requirePatient: boolean; }

/** No letter names more; the cap keeps hostile input linear. */
const MAX_DIAGNOSES = 60;
/** Cue phrases and list items looked at per letter, at most (a letter has a few dozen). */
const MAX_CUES = 200;
const MAX_ITEMS = 600;
const NEGATION_BEFORE = /\b(?:not|never|no|without|denie[sd]|deny)\s+(?:[A-Za-z-]+\s+){0,2}$/i;
const SECTIONS_SEARCHED: Record<SectionName, boolean | null> = {
  'case-summary': false, issues: true, rationale: true, other: true,
  header: null, 'determination-process': null, credentials: null, 'documents-reviewed': null, qualifications: null,
};

interface Cue { start: number; end: number; listEnd: number; weak: boolean; }

function sentenceStartOf(text: string, at: number, floor: number): number {
  let s = at;
  while (s > floor) {
    const c = text[s - 1]!;
    if (c === '\n') break;
    if ((c === '.' || c === '?' || c === '!') && /\s/.test(text[s] ?? ' ') && !/(?:^|\s)(?:dr|mr|mrs|ms|vs|no)$/i.test(text.slice(Math.max(floor, s - 5), s - 1))) break;
    s--;
  }
  return s;
}

/** The cues of one range, in text order, each with where its list ends. */
function cuesIn(text: string, range: SearchRange): Cue[] {
  const found: Cue[] = [];
  const hay = text.slice(0, range.end);
  const starts = cueStarts(hay, range.start);
  for (const c of CUES) {
    // in the rationales, "treated for" restates the reviewer's reading, not the letter's diagnoses
    if (c.weak && range.requirePatient) continue;
    // (each match as `c.re.exec(hay)` from range.start on would give it; see ./cues.ts)
    let from = range.start;
    for (let m = nextCue(c, hay, from, starts); m && found.length < MAX_CUES; m = nextCue(c, hay, from, starts)) {
      const start = m.index;
      const end = m.index + m[0].length;
      from = m[0].length === 0 ? end + 1 : end;
      if (m[0].length === 0) continue;
      if (/[A-Za-z]/.test(text[end - 1] ?? '') && /[A-Za-z]/.test(text[end] ?? '')) continue; // ends inside a word
      if (NEGATIVE_IN_CUE.test(m[0])) continue;
      const sStart = sentenceStartOf(text, start, Math.max(range.start, start - 600));
      if (NEGATION_BEFORE.test(text.slice(Math.max(sStart, start - 40), start))) continue;
      if ((range.requirePatient || c.patient) && !PATIENT_IN_SENTENCE.test(text.slice(sStart, end))) continue;
      // a hypothetical cue ("if he is diagnosed with") names no diagnosis; negation is read
      // only right before the cue (above), a "no" earlier in a long sentence is another clause's
      if (assertionOf(text, start, end) === 'hypothetical') continue;
      found.push({ start, end, listEnd: sentenceEnd(text, end, LIST.maxChars), weak: c.weak });
    }
  }
  let from = range.start;
  for (let m = nextLabel(hay, from); m && found.length < 2 * MAX_CUES; m = nextLabel(hay, from)) {
    const end = m.index + m[0].length;
    from = m[0].length === 0 ? end + 1 : end;
    if (m[0].length === 0) continue;
    // an imaging report's "Impression:" gives findings, not diagnoses
    if (/impression/i.test(m[0]) && IMAGING_BEFORE.test(text.slice(Math.max(range.start, text.lastIndexOf('\n', m.index - 1) + 1, m.index - 200), m.index))) continue;
    let listEnd = sentenceEnd(text, end, LIST.maxChars, true);
    if (text.slice(end, listEnd).trim() === '') {
      // the list is on the following lines: short lines up to an empty one or another label
      let e = listEnd;
      for (let n = 0; n < 12 && e < range.end; n++) {
        const lineEnd = sentenceEnd(text, e + 1, 200, true);
        const line = text.slice(e + 1, lineEnd);
        if (!line.trim() || line.length >= 200 || /^[A-Z][A-Za-z /]{0,40}:/.test(line.trim())) break;
        e = lineEnd;
      }
      listEnd = e;
    }
    found.push({ start: m.index, end, listEnd: Math.min(listEnd, range.end), weak: false });
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const cues: Cue[] = [];
  for (const c of found) {
    const prev = cues[cues.length - 1];
    if (prev && c.start < prev.end) continue; // overlapping cue phrases
    if (prev && c.start < prev.listEnd) prev.listEnd = c.start; // a new cue ends the list before it
    cues.push({ start: c.start, end: c.end, listEnd: Math.min(c.listEnd, range.end), weak: c.weak });
  }
  return cues;
}

/** What an item's phrase alone decides: its code, body parts (spans in the phrase) and term. */
interface Coded { normalized: string; icd10: string | null; parts: BodyPart[]; term: Term; }

/**
 * Coded phrases by text: letters repeat their diagnoses (each issue's rationale restates them),
 * and coding a phrase is a pure function of it. Cleared when large. Callers copy `parts`.
 */
const CODED = new Map<string, Coded>();
const MAX_CODED = 256;

function codedOf(phrase: string): Coded {
  let c = CODED.get(phrase);
  if (c === undefined) {
    if (CODED.size >= MAX_CODED) CODED.clear();
    // body parts are matched on the phrase alone (spans shifted by the caller)
    const parts = distinctBodyParts(findBodyParts(phrase));
    const { normalized, icd10 } = codeOf(coreOf(phrase), parts);
    c = { normalized, icd10, parts, term: termOf(normalized) };
    CODED.set(phrase, c);
  }
  return c;
}

function contentWords(normalized: string): string[] {
  return normalized.split(/[^a-z0-9]+/).filter((w) => w && !DEDUPE_IGNORE.has(w));
}

function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  const [s, l] = a.length <= b.length ? [a, b] : [b, a];
  // An inflection of the same word ("general" / "generalized", "contusions"), not another word
  // that happens to start with it ("cervical" / "cervicalgia").
  return s.length >= 5 && l.startsWith(s) && /^(?:s|es|d|ed|ized|ised|ing|ly)$/.test(l.slice(s.length));
}

/** A normalized term with what restatement checks compare. */
interface Term { normalized: string; squashed: string; words: string[]; }

function termOf(normalized: string): Term {
  return { normalized, squashed: normalized.replace(/[^a-z0-9]/g, ''), words: contentWords(normalized) };
}

function restates(later: Term, earlier: Term): boolean {
  if (later.normalized === earlier.normalized || later.squashed === earlier.squashed) return true;
  if (later.words.length === 0) return false;
  return later.words.every((w) => earlier.words.some((x) => sameWord(w, x)));
}

/** Is `later` the same condition as `earlier`, as written again or less specifically? */
export function isRestatement(later: string, earlier: string): boolean {
  return restates(termOf(later), termOf(earlier));
}

/** The diagnoses named in the given ranges of `text`, first mention of each kept. */
export function findDiagnoses(text: string, ranges: SearchRange[]): Diagnosis[] {
  const out: Diagnosis[] = [];
  const terms: Term[] = []; // out's terms, each computed once
  let cues = 0;
  let items = 0;
  for (const range of ranges) {
    for (const cue of cuesIn(text, range)) {
      if (++cues > MAX_CUES) return out;
      for (const item of splitList(text, cue.end, cue.listEnd)) {
        if (out.length >= MAX_DIAGNOSES || ++items > MAX_ITEMS) return out;
        const m = mention(text, item.start, item.end);
        if (!m) continue;
        const { normalized, icd10, parts, term } = codedOf(m.text);
        if (!normalized) continue;
        // a repeat is skipped before its assertion is read: both checks only skip the item
        if (terms.some((t) => restates(term, t))) continue;
        const context = text.slice(item.contextStart, m.span[1]);
        const assertion = assertionOf(context, m.span[0] - item.contextStart, m.span[1] - item.contextStart);
        if (assertion === 'negated') continue;
        terms.push(term);
        const at = m.span[0];
        const bodyParts = parts.map((b) => ({
          text: b.text, span: [b.span[0] + at, b.span[1] + at] as [number, number], part: b.part, laterality: b.laterality,
        }));
        // (explicit fields, in the order `{ ...m, normalized, ... }` gives: object spread is slow here)
        out.push({ text: m.text, span: m.span, normalized, icd10, bodyParts, assertion });
      }
    }
  }
  return out;
}

/** The parts of the letter where diagnoses are named: the case summary and the rationales. */
export function searchRanges(doc: Doc): SearchRange[] {
  if (doc.sections.length === 0) return [{ start: 0, end: doc.text.length, requirePatient: false }];
  const ranges: SearchRange[] = [];
  for (const s of doc.sections) {
    const requirePatient = SECTIONS_SEARCHED[s.name];
    if (requirePatient === null || requirePatient === undefined) continue;
    ranges.push({ start: s.span[0], end: s.span[1], requirePatient });
  }
  return ranges.sort((a, b) => a.start - b.start); // letter order: the first mention is kept
}

export const diagnosesStage: Stage = {
  name: 'diagnoses',
  requires: ['sections'],
  provides: ['clinical'],
  run(doc: Doc) {
    doc.fields.diagnoses = findDiagnoses(doc.text, searchRanges(doc));
  },
};
