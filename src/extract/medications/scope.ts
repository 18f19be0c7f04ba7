/**
 * Where clinical mentions (medications, pain ratings) are read: the letter minus its header,
 * the determination-process boilerplate, the reviewer's credentials and qualifications, the
 * list of documents and the guideline citations ("Claims Administrator guideline: ...",
 * "The Expert Reviewer based his/her decision on ..."). Also tells quoted guideline passages
 * and sentences that state what a guideline says, whose drugs and numbers are the guideline's,
 * not the patient's.
 */
import type { Doc } from '../../pipeline/document.js';
import type { SectionName } from '../../schema/record.js';
import rules from './rules.json' with { type: 'json' };

export interface Range {
  start: number;
  end: number;
  /** The section the range lies in (clinicalRanges), when the letter was segmented. */
  section?: SectionName;
}

const SKIPPED_SECTIONS = new Set<SectionName>(['header', 'determination-process', 'credentials', 'qualifications', 'documents-reviewed']);
const CITATION_LINES = rules.citationLines.map((p) => new RegExp(p, 'i'));
const CITATION_SENTENCE = new RegExp(rules.citationSentence, 'i');
const GUIDELINE_SENTENCE = new RegExp(rules.guidelineSentence, 'i');
const GENERIC_STATEMENT = new RegExp(rules.genericGuidelineStatement, 'i');
const PATIENT_WORDS = new RegExp(rules.patientWords, 'i');

/**
 * The last letter's ranges: the pain and medications stages both ask for them. Keyed by the text,
 * the sections array and what its sections say (name, heading, span), so that any change misses.
 */
let cached: { text: string; sections: Doc['sections']; key: string; ranges: Range[] } | null = null;

/** The line ranges of the letter that describe the patient and the disputed items (a fresh array; its ranges shared). */
export function clinicalRanges(doc: Pick<Doc, 'text' | 'sections'>): Range[] {
  const key = doc.sections.map((s) => `${s.name}\u0000${s.heading ?? ''}\u0000${s.span[0]}:${s.span[1]}`).join('\u0001');
  if (cached && cached.text === doc.text && cached.sections === doc.sections && cached.key === key) return cached.ranges.slice();
  const ranges = computeRanges(doc);
  cached = { text: doc.text, sections: doc.sections, key, ranges };
  return ranges.slice();
}

function computeRanges(doc: Pick<Doc, 'text' | 'sections'>): Range[] {
  const text = doc.text;
  const blocks: Range[] = [];
  if (doc.sections.length === 0) {
    blocks.push({ start: 0, end: text.length });
  } else {
    for (const s of doc.sections) {
      if (SKIPPED_SECTIONS.has(s.name)) continue;
      if (s.name === 'other' && s.heading && /guideline/i.test(s.heading)) continue;
      blocks.push({ start: s.span[0], end: s.span[1], section: s.name });
    }
  }
  const out: Range[] = [];
  for (const b of blocks) {
    let start = b.start;
    while (start < b.end) {
      let end = text.indexOf('\n', start);
      if (end < 0 || end > b.end) end = b.end;
      const line = text.slice(start, end);
      if (line.trim() && !CITATION_LINES.some((re) => re.test(line.trimStart()))) out.push({ start, end, section: b.section });
      start = end + 1;
    }
  }
  return out;
}

const QUOTE = /["\u201c\u201d]/g;

/**
 * Spans of quoted passages of at least `minLength` characters ("..." or “...”) in text[start, end).
 * A straight quote opens only after a space or bracket and before a non-space, and closes only
 * after a non-space, so a stray closing quote cannot start a passage; an unclosed quote is ignored.
 */
export function quotedSpans(text: string, start: number, end: number, minLength = 30): Range[] {
  const out: Range[] = [];
  let open = -1;
  // from quote to quote: the regular expression skips the text between them faster than a loop
  const hay = text.slice(start, end);
  QUOTE.lastIndex = 0;
  for (let m = QUOTE.exec(hay); m; m = QUOTE.exec(hay)) {
    const i = start + m.index;
    const c = m[0];
    const prev = i > start ? text[i - 1]! : ' ';
    const next = i + 1 < end ? text[i + 1]! : ' ';
    const opens = c === '\u201c' || (c === '"' && /[\s(\[:,]/.test(prev) && !/\s/.test(next));
    const closes = c === '\u201d' || (c === '"' && !/\s/.test(prev));
    if (open < 0) {
      if (opens) open = i;
    } else if (closes) {
      if (i - open - 1 >= minLength) out.push({ start: open, end: i + 1 });
      open = -1;
    }
  }
  return out;
}

const GUIDELINE_WORDS = new RegExp(rules.guidelineWords, 'i');
const GUIDELINE_COLON = new RegExp(rules.guidelineColon, 'gi');
const PATIENT_SENTENCE = new RegExp(rules.patientSentenceStart, 'i');

/** The start of the sentence containing position i (within text[floor, i]). */
function sentenceStart(text: string, floor: number, i: number): number {
  for (let j = i - 1; j > floor; j--) {
    if (/[.!?]/.test(text[j - 1]!) && /\s/.test(text[j]!)) return j + 1;
  }
  return floor;
}

/**
 * Passages of text[start, end) (one line) that are a guideline's words, not the letter's: a
 * quotation the sentence attributes to a guideline ('The MTUS states "..."'), and what follows "The ODG states:" up to the first sentence about
 * the patient ("In this case", "The injured worker ...").
 */
export function guidelineRegions(text: string, start: number, end: number): Range[] {
  const out: Range[] = [];
  for (const q of quotedSpans(text, start, end, 20)) {
    const lead = text.slice(sentenceStart(text, start, q.start), q.start);
    if (GUIDELINE_WORDS.test(lead)) out.push(q);
  }
  const line = text.slice(start, end);
  GUIDELINE_COLON.lastIndex = 0; // (a global pattern, run with exec: matchAll would copy it)
  for (let m = GUIDELINE_COLON.exec(line); m; m = GUIDELINE_COLON.exec(line)) {
    const from = start + m.index + m[0].length;
    let to = end;
    const re = /[.!?]["\u201d]?\s{1,3}/g;
    re.lastIndex = from - start;
    for (let s = re.exec(line); s; s = re.exec(line)) {
      const next = start + s.index + s[0].length;
      if (PATIENT_SENTENCE.test(text.slice(next, next + 80))) { to = next; break; }
    }
    out.push({ start: from, end: to });
  }
  return out;
}

/** Whether [s, e) lies inside one of the ranges. */
export function inside(ranges: Range[], s: number, e: number): boolean {
  return ranges.some((r) => s >= r.start && e <= r.end);
}

/** Whether a sentence cites or restates a guideline ("Decision based on ...", "The MTUS recommends ..."). */
export function isGuidelineSentence(sentence: string): boolean {
  if (CITATION_SENTENCE.test(sentence) || GUIDELINE_SENTENCE.test(sentence)) return true;
  // "Topical lidocaine is only recommended ...": a general statement, about no patient
  return GENERIC_STATEMENT.test(sentence) && !PATIENT_WORDS.test(sentence);
}
