/**
 * Normalize: raw text in, the normalized text every span points into out.
 *
 * - one character set: straight quotes, plain spaces, no soft hyphens or ligatures;
 * - page furniture removed: "Page 2 of 4" footers and the lines repeated at the top or bottom
 *   of every page after the first (the case number header);
 * - hard-wrapped lines joined back into paragraphs, one paragraph per line, and words
 *   hyphenated across a line end rejoined; headings, labels (`Decision rationale:`) and
 *   disputed-item lines (`...: Upheld`) always start their own line, so they stay recognisable.
 *
 * Everything here works line by line with anchored or bounded patterns: linear in the input.
 */
import type { Doc } from '../pipeline/document.js';
import type { Stage } from '../pipeline/stage.js';
import rules from './rules/normalize.json' with { type: 'json' };

const FURNITURE = rules.pageFurniture.map((p) => new RegExp(p, 'i'));
const BLOCK_STARTS = rules.blockStarts.map((s) => s.toLowerCase());
const DECISION_END = /:\s*(upheld|overturned)\s*$/i;
/** The characters that end a sentence at a line's end (a test of the last character, not a scan). */
const SENTENCE_END = new Set('.?!)"');
const endsSentence = (line: string) => SENTENCE_END.has(line.charAt(line.length - 1));
const WORD_ENDINGS = new Set(rules.wordEndings.endings);

/** What each of these characters becomes ('' = dropped); line breaks (\r\n, \r) become \n. */
const CHARACTERS = new Map<string, string>();
const chars = (from: number, to: number) => String.fromCharCode(...Array.from({ length: to - from + 1 }, (_, i) => from + i));
const become = (list: string, to: string) => {
  for (const c of list) CHARACTERS.set(c, to);
};
become('\u2018\u2019\u201A\u2032', "'");
become('\u201C\u201D\u201E\u2033', '"');
become('\u2010\u2011\u2013\u2014\u2022', '-');
become('\uFB01', 'fi');
become('\uFB02', 'fl');
become('\uFB00', 'ff');
become(`\t\u00A0${chars(0x2000, 0x200a)}\u202F\u205F\u3000`, ' ');
become('\u00AD\u200B\u200C\u200D\u2060', '');
// Other control characters carry no text; form feeds (page breaks) stay.
become(`${chars(0x00, 0x08)}\u000B${chars(0x0e, 0x1f)}\u007F`, '');
/** One pass over the text for all of them (no replacement is itself replaced). */
const CHARACTER = new RegExp(
  `\\r\\n?|[${[...CHARACTERS.keys()].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}]`, 'g');

export function normalizeCharacters(raw: string): string {
  return raw.replace(/^\uFEFF/, '').replace(CHARACTER, (c) => CHARACTERS.get(c) ?? '\n');
}

const FURNITURE_REMOVED = '\u0000';
const squash = (line: string) => (line.includes('  ') ? line.replace(/ {2,}/g, ' ') : line).trim();
const shape = (line: string) => line.replace(/\d+/g, '#').toLowerCase();

/**
 * Drops page numbers and the header/footer lines repeated on the pages after the first.
 * The first page's own top lines are the letter's header and are kept.
 */
export function removePageFurniture(pages: string[][]): string[][] {
  if (pages.length === 0) return pages;
  const EDGE = 3;
  // (read only where used: the first page's top by the pages after it, edge counts with 3+ pages)
  const firstTop = new Set(pages.length > 1 ? pages[0]!.filter((l) => l.trim()).slice(0, 8).map(shape) : []);
  // Edge lines that recur on two or more pages, compared with digits folded (Page 2 / Page 3).
  const edgeCount = new Map<string, number>();
  if (pages.length > 2) pages.forEach((lines, i) => {
    const nonEmpty = lines.filter((l) => l.trim());
    const edges = new Set([...(i > 0 ? nonEmpty.slice(0, EDGE) : []), ...nonEmpty.slice(-EDGE)].map(shape));
    edges.forEach((s) => edgeCount.set(s, (edgeCount.get(s) ?? 0) + 1));
  });
  const isFurniture = (line: string, pageIndex: number) => {
    const t = squash(line);
    if (!t) return false;
    if (FURNITURE.some((re) => re.test(t))) return true;
    if (t.length >= 60 || (pageIndex === 0 && pages.length <= 2)) return false; // neither test below can hold
    const s = shape(t);
    if (pageIndex > 0 && firstTop.has(s) && t.length < 60) return true;
    return pages.length > 2 && (edgeCount.get(s) ?? 0) >= pages.length - 1 && t.length < 60;
  };
  return pages.map((lines, i) => {
    const out = lines.slice();
    // Strip from the top (pages after the first) and from the bottom, stopping at real text.
    const trimEdge = (fromTop: boolean) => {
      let seen = 0;
      for (let k = 0; k < out.length && seen < EDGE + 2; k++) {
        const idx = fromTop ? k : out.length - 1 - k;
        const line = out[idx]!;
        if (!line.trim()) continue;
        if ((fromTop && i === 0) || !isFurniture(line, i)) break;
        out[idx] = FURNITURE_REMOVED;
        seen++;
      }
    };
    trimEdge(true);
    trimEdge(false);
    // A page break is not a paragraph break: drop removed lines and the page's edge blanks.
    const kept = out.filter((l) => l !== FURNITURE_REMOVED);
    while (kept.length && !kept[0]!.trim()) kept.shift();
    while (kept.length && !kept[kept.length - 1]!.trim()) kept.pop();
    return kept;
  });
}

export function isHeading(line: string): boolean {
  const n = line.length;
  if (n > 120) return false;
  // One pass: letters, upper-case letters, and whether three capitals stand together.
  let letters = 0;
  let upper = 0;
  let run = 0;
  let capitalRun = false;
  for (let i = 0; i < n; i++) {
    const c = line.charCodeAt(i);
    if (c >= 65 && c <= 90) {
      letters++;
      upper++;
      if (++run >= 3) capitalRun = true;
    } else {
      run = 0;
      if (c >= 97 && c <= 122) {
        letters++;
        // Capitals must be nine letters in ten: out of reach even if all the rest were capitals
        // (most lines are prose and stop here within a few words).
        if (9 * (letters - upper) > upper + (n - 1 - i)) return false;
      }
    }
  }
  return letters >= 4 && capitalRun && upper / letters >= 0.9;
}

/** The longest block start: only that much of a line is lower-cased to compare. */
const BLOCK_START_LENGTH = Math.max(...BLOCK_STARTS.map((s) => s.length));

/** The block starts by their first character code: a line is compared with those few only. */
const BLOCK_STARTS_BY_FIRST = new Map<number, string[]>();
for (const s of BLOCK_STARTS) {
  const c = s.charCodeAt(0);
  BLOCK_STARTS_BY_FIRST.set(c, [...(BLOCK_STARTS_BY_FIRST.get(c) ?? []), s]);
}

function startsBlock(line: string): boolean {
  // An ASCII first character lower-cases to one known character; others are compared with all.
  const c = line.charCodeAt(0);
  const starts = c < 128 ? BLOCK_STARTS_BY_FIRST.get(c >= 65 && c <= 90 ? c + 32 : c) : BLOCK_STARTS;
  if (starts) {
    // (lower-casing maps characters one by one, so the head of the line is enough)
    const lower = line.slice(0, BLOCK_START_LENGTH).toLowerCase();
    if (starts.some((s) => lower.startsWith(s))) return true;
  }
  return /^(\d{1,2}[.)]|\(\d{1,2}\)|[-*])\s/.test(line);
}

/**
 * Rejoins a word hyphenated across a line end. Letters written by word processors wrap without
 * hyphenating, so a line-end hyphen is usually a real one (`sprain-` + `strain`, `follow-` +
 * `up`): it is kept when the part before it is a word the letter uses on its own and the part
 * after it is not a word ending (`treat-` + `ment` is `treatment`). What the letter writes
 * elsewhere, joined or hyphenated, decides first.
 */
function keepsHyphen(head: string, right: string, words: (word: string) => boolean): boolean {
  const tail = /^([a-z]+)/.exec(right)?.[1] ?? '';
  const joined = `${head}${tail}`;
  return !words(joined)
    && (words(`${head}-${tail}`) || (words(head) && head.length > 2 && tail.length > 1 && !WORD_ENDINGS.has(tail)));
}

/** The line lengths' 90th percentile (0 lengths left out), or 80 for no text. */
function wrapWidthOf(lines: string[]): number {
  let n = 0;
  for (const l of lines) if (l.length) n++;
  if (!n) return 80;
  const widths = new Uint32Array(n); // sorts numerically, natively
  n = 0;
  for (const l of lines) if (l.length) widths[n++] = l.length;
  return widths.sort()[Math.floor(n * 0.9)]!;
}

/**
 * The words the letter writes, as a lookup: the lower-case runs of letters, whole or joined by
 * single hyphens (`follow-up`, and its parts `follow` and `up`), line-end fragments left out.
 * A letter asks about a few words, if any: those are searched in the text, cheaper than a set
 * of all its words; past a few (hostile input), the set is built once, so it stays linear.
 */
function letterWords(lines: string[]): (word: string) => boolean {
  const own = lines.map((line, i) => {
    let l = line.toLowerCase();
    if (l.endsWith('-')) l = l.slice(0, l.lastIndexOf(' ') + 1); // a fragment, not a word
    if (i > 0 && /[a-z]-$/i.test(lines[i - 1]!)) l = l.replace(/^[a-z]+/, '');
    return l;
  }).join('\n');
  const isLetter = (at: number) => {
    const c = own.charCodeAt(at);
    return c >= 97 && c <= 122;
  };
  let asked = 0;
  let all: Set<string> | null = null;
  return (word) => {
    if (++asked > 12) return (all ??= wordSet(own)).has(word);
    if (!WORD.test(word)) return false; // not a word as the set has them
    // a hyphenated word must be whole; a plain one may also be a part of a hyphenated one
    const whole = word.includes('-');
    const end = word.length;
    for (let at = own.indexOf(word); at >= 0; at = own.indexOf(word, at + 1)) {
      if (isLetter(at - 1) || isLetter(at + end)) continue;
      if (whole && ((own[at - 1] === '-' && isLetter(at - 2)) || (own[at + end] === '-' && isLetter(at + end + 1)))) continue;
      return true;
    }
    return false;
  };
}

const WORD = /^[a-z]+(?:-[a-z]+)*$/;

/** The same words as a set. */
function wordSet(own: string): Set<string> {
  const set = new Set<string>();
  for (const w of own.matchAll(/[a-z]+(?:-[a-z]+)*/g)) {
    set.add(w[0]);
    if (w[0].includes('-')) for (const part of w[0].split('-')) set.add(part);
  }
  return set;
}

/** Joins hard-wrapped lines into paragraphs (one per output line). */
export function unwrap(lines: string[], doubleSpaced: boolean): string[] {
  const wrapWidth = wrapWidthOf(lines);
  // read only when a hyphenated line end needs deciding (most letters have none)
  let known: ((word: string) => boolean) | null = null;
  const words = () => (known ??= letterWords(lines));
  const out: string[] = [];
  // The paragraph so far, as pieces to concatenate: joining a line never copies the paragraph
  // (a line-end hyphen is dropped from the last piece), so long hostile paragraphs stay linear.
  let pieces: string[] = [];
  let tail = ''; // the paragraph's last (up to) 60 characters: the word a hyphen breaks
  let previousLine = ''; // the last physical line joined into the paragraph
  let blankRun = 0;
  const current = () => (pieces.length === 1 ? pieces[0]! : pieces.join(''));
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line) {
      blankRun++;
      continue;
    }
    const paragraphBreak = doubleSpaced ? blankRun >= 2 : blankRun >= 1;
    blankRun = 0;
    // While the paragraph is one line it is that line: mustBreak reads only that case in full.
    if (pieces.length && (paragraphBreak || mustBreak(pieces.length === 1 ? pieces[0]! : null, previousLine, line, lines, i, wrapWidth))) {
      out.push(current());
      pieces = [];
    }
    if (!pieces.length) {
      pieces.push(line);
      tail = line;
    } else if (/[A-Za-z]-$/.test(previousLine) && /^[a-z]/.test(line)) {
      const head = (/([A-Za-z]+)-$/.exec(tail)?.[1] ?? '').toLowerCase();
      if (!keepsHyphen(head, line, words())) {
        pieces[pieces.length - 1] = pieces[pieces.length - 1]!.slice(0, -1);
        tail = tail.slice(0, -1);
      }
      pieces.push(line);
      tail = (tail + line).slice(-60);
    } else {
      pieces.push(' ', line);
      tail = `${tail} ${line}`.slice(-60);
    }
    previousLine = line;
  }
  if (pieces.length) out.push(current());
  return out;
}

/**
 * Whether a disputed item starts at lines[i]: its decision (`...: Upheld`) closes this line or
 * one of the next few, before any sentence or label ends. Items wrap, and a partly certified
 * item is a short paragraph of its own ("X was the original request. ... Z is: Upheld").
 */
function startsItem(lines: string[], i: number): boolean {
  for (let j = i, seen = 0; j < lines.length && seen < 5; j++) {
    const l = lines[j]!;
    if (!l) continue;
    seen++;
    if (DECISION_END.test(l) || (l.endsWith(':') && /^(upheld|overturned)$/i.test(lines[j + 1] ?? ''))) return true;
    if (l.endsWith(':') || (j > i && startsBlock(l))) return false;
  }
  return false;
}

/**
 * Whether `line` (lines[i]) starts a new paragraph after the paragraph so far, whose last line
 * is `previous`; `single` is that paragraph when it is one line so far (else null). Only its
 * end is looked at, so joining stays linear.
 */
function mustBreak(single: string | null, previous: string, line: string, lines: string[], i: number, wrapWidth: number): boolean {
  const end = previous; // the end of the paragraph so far
  // A heading stands alone, but a heading wrapped over two lines is one heading.
  if (/^(upheld|overturned)$/i.test(line) && end.endsWith(':')) return false;
  if (isHeading(line)) return !(single !== null && isHeading(single) && !/[:.]$/.test(single));
  if (single !== null && isHeading(single)) return true;
  if (end.endsWith(':') || DECISION_END.test(end)) return true;
  if (startsBlock(line)) return true;
  const sentenceEnded = endsSentence(end);
  // A disputed item (possibly wrapped over two lines) starts after a finished sentence.
  if (sentenceEnded && startsItem(lines, i)) return true;
  // A short last line that ends a sentence closes its paragraph.
  return sentenceEnded && previous.length < wrapWidth * 0.7;
}

export function normalizeText(raw: string): string {
  const pages = normalizeCharacters(raw).split('\f').map((p) => p.split('\n').map(squash));
  const lines = removePageFurniture(pages).flat();
  const nonEmpty = lines.filter((l) => l).length;
  let followedByBlank = 0;
  for (let i = 0; i + 1 < lines.length; i++) if (lines[i] && !lines[i + 1]) followedByBlank++;
  const doubleSpaced = nonEmpty >= 3 && followedByBlank / nonEmpty > 0.6;
  return unwrap(lines, doubleSpaced).join('\n');
}

export const normalizeStage: Stage = {
  name: 'normalize',
  requires: ['rawText'],
  provides: ['text'],
  run(doc: Doc) {
    doc.text = normalizeText(doc.rawText);
  },
};
