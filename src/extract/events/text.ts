/**
 * Reading helpers shared by the treatments, work-status and events extractors: the sentences
 * of a stretch of the normalized text (a PDF line break inside a sentence is not a boundary),
 * every dated day in it (the forms of ../dates.ts plus the PDF's stray spaces, "11-15- 2016",
 * "10/10/ 2016"), the clinical parts of the letter (case summary and rationales, not the header
 * or the documents-reviewed list), and whether a sentence states what a guideline says rather
 * than what happened to the patient.
 *
 * Everything here is a single left-to-right scan or a regular expression without nested
 * unbounded quantifiers, so its cost is linear in the text.
 */
import type { Doc } from '../../pipeline/document.js';
import { findDates, fullYear, toIso, type FoundDate } from '../dates.js';
import { isDigit, isLetter, isLower, isSpace, isUpper } from '../chars.js';
import lexicon from './text.json' with { type: 'json' };

export interface Sentence {
  start: number;
  end: number;
}

const ABBREVIATIONS = new Set(lexicon.abbreviations.map((a) => a.toLowerCase()));
const LONGEST_ABBREVIATION = Math.max(...[...ABBREVIATIONS].map((a) => a.length));

/** NaN (a position outside the text) is no character: every test of ../chars.ts is false for it. */
const at = (text: string, i: number) => text.charCodeAt(i);

/** Is text[i] (one of . ? !) the end of a sentence? */
function endsSentence(text: string, i: number): boolean {
  const c = at(text, i);
  if (c === 63 || c === 33) return true; // ? !
  if (c !== 46) return false;
  if (i + 1 < text.length && !isSpace(at(text, i + 1))) {
    // "5mg.Physician progress notes", "(right elbow).The UR": a missing space after the period
    const prev = at(text, i - 1);
    return isUpper(at(text, i + 1)) && isLower(at(text, i + 2)) && (isLower(prev) || isUpper(prev) || isDigit(prev) || prev === 41);
  }
  let j = i - 1;
  while (j >= 0 && j > i - 12) {
    const w = at(text, j);
    if (!(isUpper(w) || isLower(w) || w === 46)) break;
    j--;
  }
  if (j + 1 === i - 1 && isLetter(at(text, i - 1)) && !isDigit(at(text, j))) return false; // initials
  if (i - j - 1 > LONGEST_ABBREVIATION) return true;
  const word = text.slice(j + 1, i).toLowerCase();
  if (ABBREVIATIONS.has(word)) {
    if (word !== 'no') return false;
    return !/^\s*\d/.test(text.slice(i + 1, i + 6)); // "No. 5"
  }
  return true;
}

/**
 * Does a line break at text[i] end a sentence? A line whose last word starts in lower case
 * (or that ends in a comma, hyphen or slash) continues on the next line; so does a line ending
 * in a colon before a lower-case word ("has included:\nx-rays of the right foot").
 */
function lineBreakEnds(text: string, i: number, lo: number, hi: number): boolean {
  // white space around the break is looked through for a few characters only (linear scan)
  const pLo = Math.max(lo, i - 40);
  let p = i - 1;
  while (p >= pLo) {
    const c = at(text, p);
    if (!(c === 32 || c === 9 || c === 13)) break;
    p--;
  }
  const nHi = Math.min(hi, i + 40);
  let n = i + 1;
  while (n < nHi && isSpace(at(text, n))) n++;
  if (p < pLo || n >= nHi || isSpace(at(text, p))) return true;
  const prev = at(text, p);
  const next = at(text, n);
  if (prev === 44 || prev === 45 || prev === 47 || prev === 40 || prev === 38) return false; // , - / ( &
  if (prev === 58) return !isLower(next); // :
  if (prev === 46 || prev === 63 || prev === 33 || prev === 59) return true; // . ? ! ;
  let w = p;
  const wLo = Math.max(lo, p - 40);
  while (w > wLo) {
    const c = at(text, w - 1);
    if (!(isLetter(c) || isDigit(c) || c === 39 || c === 45)) break; // [A-Za-z0-9'-]
    w--;
  }
  return !isLower(at(text, w));
}

/** Where a sentence may end: a line break or sentence-final punctuation. */
const BREAKS = /[\n\f.?!]/g;

/**
 * The sentences of the ranges asked for in the last letter: treatments, work status and events
 * all read the sentences of the same clinical ranges. Callers get copies.
 */
let cachedText: string | null = null;
const cachedSentences = new Map<string, readonly Sentence[]>();
const MAX_CACHED_RANGES = 32;

/** The sentences of text[start, end), trimmed, in order. */
export function sentencesIn(text: string, start = 0, end = text.length): Sentence[] {
  return sentenceList(text, start, end).map((s) => ({ start: s.start, end: s.end }));
}

/** sentencesIn's cached list itself, for a caller that only reads it (no copy per sentence). */
export function sentenceList(text: string, start = 0, end = text.length): readonly Sentence[] {
  if (text !== cachedText || cachedSentences.size >= MAX_CACHED_RANGES) {
    cachedText = text;
    cachedSentences.clear();
  }
  const key = `${start}:${end}`;
  let list = cachedSentences.get(key);
  if (list === undefined) {
    list = splitSentences(text, start, end);
    cachedSentences.set(key, list);
  }
  return list;
}

function splitSentences(text: string, start: number, end: number): Sentence[] {
  const out: Sentence[] = [];
  let s = start;
  // the regular expression skips to the next candidate much faster than a loop over characters
  const hay = end === text.length ? text : text.slice(0, end);
  BREAKS.lastIndex = start;
  while (BREAKS.test(hay)) { // (test: no match array to allocate; each match is one character)
    const i = BREAKS.lastIndex - 1;
    const c = at(text, i);
    if (c === 10 || c === 12) { // \n \f
      if (lineBreakEnds(text, i, start, end)) {
        pushTrimmed(out, text, s, i);
        s = i + 1;
      }
    } else if (endsSentence(text, i)) {
      pushTrimmed(out, text, s, i + 1);
      s = i + 1;
    }
  }
  pushTrimmed(out, text, s, end);
  return out;
}

/** Adds text[a, b) without its white space at both ends, unless nothing is left. */
function pushTrimmed(out: Sentence[], text: string, a: number, b: number): void {
  while (a < b && isSpace(at(text, a))) a++;
  while (b > a && isSpace(at(text, b - 1))) b--;
  if (b > a) out.push({ start: a, end: b });
}

/** The numeric form with the PDF's stray space after a separator: "11-15- 2016", "12- 31-16". */
const NUMERIC_LOOSE = /(?<![\d/.-])(\d{1,2})([/-]) ?(\d{1,2})\2 ?(\d{4}|\d{2})(?![\d/])/g;
const DIGIT = /\d/;
const NEXT_DIGIT = /\d/g;

/**
 * Where the first digit at or after `from` is (Infinity if none). datesIn finds nothing where
 * there is no digit: a caller reading many sentences in order skips the digitless ones with one
 * scan, where a test per sentence would cost a regular expression call each.
 */
export function nextDigitAt(text: string, from: number): number {
  NEXT_DIGIT.lastIndex = from;
  return NEXT_DIGIT.test(text) ? NEXT_DIGIT.lastIndex - 1 : Infinity;
}

/** Every day-precise date in text[start, end), in order, offsets into `text`. */
export function datesIn(text: string, start = 0, end = text.length, latestYear?: number): FoundDate[] {
  const hay = text.slice(start, end);
  // every date form (../dates.ts and NUMERIC_LOOSE) has digits: most sentences have none
  if (!DIGIT.test(hay)) return [];
  const found = new Map<number, FoundDate>();
  for (const d of findDates(hay, start, latestYear)) {
    // "6-7/10", "8-9/10": a pain range over a scale, not a date (the separators must agree)
    if (!separatorsAgree(text, d.start, d.end)) continue;
    found.set(d.start, d);
  }
  NUMERIC_LOOSE.lastIndex = 0;
  for (let m = NUMERIC_LOOSE.exec(hay); m; m = NUMERIC_LOOSE.exec(hay)) {
    const pos = start + m.index;
    if (found.has(pos)) continue;
    const iso = toIso(fullYear(Number(m[4]), latestYear), Number(m[1]), Number(m[3]));
    if (iso) found.set(pos, { start: pos, end: pos + m[0].length, iso });
  }
  return [...found.values()].sort((a, b) => a.start - b.start);
}

/** False when text[s, e) has exactly two separators ("/", "-") and they differ. */
function separatorsAgree(text: string, s: number, e: number): boolean {
  let first = 0;
  let count = 0;
  let differ = false;
  for (let i = s; i < e; i++) {
    const c = at(text, i);
    if (c !== 47 && c !== 45) continue;
    if (count === 0) first = c;
    else if (c !== first && count === 1) differ = true;
    count++;
  }
  return !(count === 2 && differ);
}

/** The latest year a two-digit year may mean: the letter's decision (or other header) year. */
export function latestYearOf(doc: Doc): number | undefined {
  const d = doc.fields.dates;
  const iso = d.decision ?? d.assigned ?? d.applicationReceived ?? d.urDenial;
  return iso ? Number(iso.slice(0, 4)) : undefined;
}

/** The parts of the letter that tell the patient's story: case summary, then the rationales. */
export function clinicalRanges(doc: Doc): [number, number][] {
  const wanted = new Set(lexicon.clinicalSections);
  const ranges = doc.sections.filter((s) => wanted.has(s.name)).map((s) => [s.span[0], s.span[1]] as [number, number]);
  if (ranges.length) return ranges;
  const skip = new Set(lexicon.nonClinicalSections);
  const rest = doc.sections.filter((s) => !skip.has(s.name)).map((s) => [s.span[0], s.span[1]] as [number, number]);
  return rest.length ? rest : [[0, doc.text.length]];
}

/** The case summary's range, or null. */
export function caseSummaryRange(doc: Doc): [number, number] | null {
  const s = doc.sections.find((x) => x.name === 'case-summary');
  return s ? [s.span[0], s.span[1]] : null;
}

const GUIDELINE = new RegExp(lexicon.guidelineSentence, 'i');
const ISSUE_LINE = new RegExp(lexicon.issueLine, 'i');

/** Does the sentence state what a guideline (or the reviewer, in general) recommends? */
export function isGuidelineSentence(sentence: string): boolean {
  return GUIDELINE.test(sentence) || isIssueLine(sentence);
}

/** Is the sentence a disputed item's line or a guideline line of the issues section? */
export function isIssueLine(sentence: string): boolean {
  // every alternative of text.json's issueLine has a colon: most sentences have none
  return sentence.includes(':') && ISSUE_LINE.test(sentence);
}

/** Escapes a phrase for a regular expression; its spaces match any short run of white space. */
export function phraseSource(phrase: string): string {
  return phrase
    .trim()
    .replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
    .replace(/\s+/g, '\\s{1,3}');
}

/** One case-insensitive regex for a list of phrases (longest first), on word boundaries. */
export function phrasesRegex(phrases: string[], flags = 'gi'): RegExp {
  const alts = [...new Set(phrases)].sort((a, b) => b.length - a.length).map(phraseSource);
  return new RegExp(`(?<![A-Za-z0-9])(?:${alts.join('|')})(?![A-Za-z0-9])`, flags);
}
