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
import lexicon from './text.json' with { type: 'json' };

export interface Sentence {
  start: number;
  end: number;
}

const ABBREVIATIONS = new Set(lexicon.abbreviations.map((a) => a.toLowerCase()));

/** Is text[i] (one of . ? !) the end of a sentence? */
function endsSentence(text: string, i: number): boolean {
  const c = text[i];
  if (c === '?' || c === '!') return true;
  if (c !== '.') return false;
  const next = text[i + 1];
  if (next !== undefined && !/\s/.test(next)) {
    // "5mg.Physician progress notes", "(right elbow).The UR": a missing space after the period
    return /[A-Z]/.test(next) && /[a-z]/.test(text[i + 2] ?? '') && /[a-z0-9)]/i.test(text[i - 1] ?? '');
  }
  let j = i - 1;
  while (j >= 0 && j > i - 12 && /[A-Za-z.]/.test(text[j]!)) j--;
  const word = text.slice(j + 1, i).toLowerCase();
  if (word.length === 1 && /[a-z]/.test(word) && !/\d/.test(text[j] ?? '')) return false; // initials
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
  while (p >= pLo && /[ \t\r]/.test(text[p]!)) p--;
  const nHi = Math.min(hi, i + 40);
  let n = i + 1;
  while (n < nHi && /\s/.test(text[n]!)) n++;
  if (p < pLo || n >= nHi || /\s/.test(text[p]!)) return true;
  const prev = text[p]!;
  const next = text[n]!;
  if (/[,\-/(&]/.test(prev)) return false;
  if (prev === ':') return !/[a-z]/.test(next);
  if (/[.?!;]/.test(prev)) return true;
  let w = p;
  const wLo = Math.max(lo, p - 40);
  while (w > wLo && /[A-Za-z0-9'-]/.test(text[w - 1]!)) w--;
  return !/[a-z]/.test(text[w]!);
}

/** The sentences of text[start, end), trimmed, in order. */
export function sentencesIn(text: string, start = 0, end = text.length): Sentence[] {
  const out: Sentence[] = [];
  let s = start;
  const push = (a: number, b: number) => {
    while (a < b && /\s/.test(text[a]!)) a++;
    while (b > a && /\s/.test(text[b - 1]!)) b--;
    if (b > a) out.push({ start: a, end: b });
  };
  for (let i = start; i < end; i++) {
    const c = text[i]!;
    if (c === '\n' || c === '\f') {
      if (lineBreakEnds(text, i, start, end)) {
        push(s, i);
        s = i + 1;
      }
    } else if ((c === '.' || c === '?' || c === '!') && endsSentence(text, i)) {
      push(s, i + 1);
      s = i + 1;
    }
  }
  push(s, end);
  return out;
}

/** The numeric form with the PDF's stray space after a separator: "11-15- 2016", "12- 31-16". */
const NUMERIC_LOOSE = /(?<![\d/.-])(\d{1,2})([/-]) ?(\d{1,2})\2 ?(\d{4}|\d{2})(?![\d/])/g;

/** Every day-precise date in text[start, end), in order, offsets into `text`. */
export function datesIn(text: string, start = 0, end = text.length, latestYear?: number): FoundDate[] {
  const hay = text.slice(start, end);
  const found = new Map<number, FoundDate>();
  for (const d of findDates(hay, start, latestYear)) {
    // "6-7/10", "8-9/10": a pain range over a scale, not a date (the separators must agree)
    const seps = text.slice(d.start, d.end).match(/[/-]/g);
    if (seps && seps.length === 2 && seps[0] !== seps[1]) continue;
    found.set(d.start, d);
  }
  for (const m of hay.matchAll(NUMERIC_LOOSE)) {
    const at = start + m.index;
    if (found.has(at)) continue;
    const iso = toIso(fullYear(Number(m[4]), latestYear), Number(m[1]), Number(m[3]));
    if (iso) found.set(at, { start: at, end: at + m[0].length, iso });
  }
  return [...found.values()].sort((a, b) => a.start - b.start);
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
  return GUIDELINE.test(sentence) || ISSUE_LINE.test(sentence);
}

/** Is the sentence a disputed item's line or a guideline line of the issues section? */
export function isIssueLine(sentence: string): boolean {
  return ISSUE_LINE.test(sentence);
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
