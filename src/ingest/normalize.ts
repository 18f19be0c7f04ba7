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
const SENTENCE_END = /[.?!)"]$/;
const WORD_ENDINGS = new Set(rules.wordEndings.endings);

export function normalizeCharacters(raw: string): string {
  return raw
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u2018\u2019\u201A\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u2033]/g, '"')
    .replace(/[\u2010\u2011]/g, '-')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\u00AD/g, '')
    .replace(/\uFB01/g, 'fi').replace(/\uFB02/g, 'fl').replace(/\uFB00/g, 'ff')
    .replace(/\u2022/g, '-')
    .replace(/[\t\u00A0\u2000-\u200A\u202F\u205F\u3000]/g, ' ')
    .replace(/[\u200B\u200C\u200D\u2060]/g, '')
    // Other control characters carry no text; form feeds (page breaks) stay.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000E-\u001F\u007F]/g, '');
}

const FURNITURE_REMOVED = '\u0000';
const squash = (line: string) => line.replace(/ {2,}/g, ' ').trim();
const shape = (line: string) => line.replace(/\d+/g, '#').toLowerCase();

/**
 * Drops page numbers and the header/footer lines repeated on the pages after the first.
 * The first page's own top lines are the letter's header and are kept.
 */
export function removePageFurniture(pages: string[][]): string[][] {
  if (pages.length === 0) return pages;
  const EDGE = 3;
  const firstTop = new Set(pages[0]!.filter((l) => l.trim()).slice(0, 8).map(shape));
  // Edge lines that recur on two or more pages, compared with digits folded (Page 2 / Page 3).
  const edgeCount = new Map<string, number>();
  pages.forEach((lines, i) => {
    const nonEmpty = lines.filter((l) => l.trim());
    const edges = new Set([...(i > 0 ? nonEmpty.slice(0, EDGE) : []), ...nonEmpty.slice(-EDGE)].map(shape));
    edges.forEach((s) => edgeCount.set(s, (edgeCount.get(s) ?? 0) + 1));
  });
  const isFurniture = (line: string, pageIndex: number) => {
    const t = squash(line);
    if (!t) return false;
    if (FURNITURE.some((re) => re.test(t))) return true;
    const s = shape(t);
    if (pageIndex > 0 && firstTop.has(s) && t.length < 60) return true;
    return pages.length > 2 && (edgeCount.get(s) ?? 0) >= pages.length - 1 && t.length < 60;
  };
  return pages.map((lines, i) => {
    const out = [...lines];
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
  if (line.length > 120) return false;
  // One pass: letters, upper-case letters, and whether three capitals stand together.
  let letters = 0;
  let upper = 0;
  let run = 0;
  let capitalRun = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c >= 65 && c <= 90) {
      letters++;
      upper++;
      if (++run >= 3) capitalRun = true;
    } else {
      run = 0;
      if (c >= 97 && c <= 122) letters++;
    }
  }
  return letters >= 4 && capitalRun && upper / letters >= 0.9;
}

function startsBlock(line: string): boolean {
  const lower = line.toLowerCase();
  return BLOCK_STARTS.some((s) => lower.startsWith(s)) || /^(\d{1,2}[.)]|\(\d{1,2}\)|[-*])\s/.test(line);
}

/**
 * Rejoins a word hyphenated across a line end. Letters written by word processors wrap without
 * hyphenating, so a line-end hyphen is usually a real one (`sprain-` + `strain`, `follow-` +
 * `up`): it is kept when the part before it is a word the letter uses on its own and the part
 * after it is not a word ending (`treat-` + `ment` is `treatment`). What the letter writes
 * elsewhere, joined or hyphenated, decides first.
 */
function joinHyphenated(left: string, right: string, words: Set<string>): string {
  const head = (/([A-Za-z]+)-$/.exec(left.slice(-60))?.[1] ?? '').toLowerCase();
  const tail = /^([a-z]+)/.exec(right)?.[1] ?? '';
  const joined = `${head}${tail}`;
  const keepHyphen = !words.has(joined)
    && (words.has(`${head}-${tail}`) || (words.has(head) && head.length > 2 && tail.length > 1 && !WORD_ENDINGS.has(tail)));
  return keepHyphen ? left + right : left.slice(0, -1) + right;
}

/** Joins hard-wrapped lines into paragraphs (one per output line). */
export function unwrap(lines: string[], doubleSpaced: boolean): string[] {
  const widths = lines.map((l) => l.length).filter((n) => n > 0).sort((a, b) => a - b);
  const wrapWidth = widths.length ? widths[Math.floor(widths.length * 0.9)]! : 80;
  // Words as the letter writes them, and each part of a hyphenated word, minus line-end
  // fragments: read only when a hyphenated line end needs deciding (most letters have none).
  let known: Set<string> | null = null;
  const words = () => {
    if (known) return known;
    known = new Set<string>();
    const set = known;
    lines.forEach((line, i) => {
      let own = line.toLowerCase();
      if (own.endsWith('-')) own = own.slice(0, own.lastIndexOf(' ') + 1); // a fragment, not a word
      if (i > 0 && /[a-z]-$/i.test(lines[i - 1]!)) own = own.replace(/^[a-z]+/, '');
      for (const w of own.matchAll(/[a-z]+(?:-[a-z]+)*/g)) {
        set.add(w[0]);
        if (w[0].includes('-')) w[0].split('-').forEach((part) => set.add(part));
      }
    });
    return set;
  };
  const out: string[] = [];
  let current = '';
  let previousLine = ''; // the last physical line joined into `current`
  let blankRun = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line) {
      blankRun++;
      continue;
    }
    const paragraphBreak = doubleSpaced ? blankRun >= 2 : blankRun >= 1;
    blankRun = 0;
    if (current && (paragraphBreak || mustBreak(current, previousLine, line, lines, i, wrapWidth))) {
      out.push(current);
      current = '';
    }
    if (!current) current = line;
    else if (/[A-Za-z]-$/.test(previousLine) && /^[a-z]/.test(line)) current = joinHyphenated(current, line, words());
    else current = `${current} ${line}`;
    previousLine = line;
  }
  if (current) out.push(current);
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
    if (DECISION_END.test(l) || (/:$/.test(l) && /^(upheld|overturned)$/i.test(lines[j + 1] ?? ''))) return true;
    if ((/[:]$/.test(l)) || (j > i && startsBlock(l))) return false;
  }
  return false;
}

/**
 * Whether `line` (lines[i]) starts a new paragraph after `current`, whose last line is
 * `previous`. Only the end of `current` is looked at, so joining stays linear.
 */
function mustBreak(current: string, previous: string, line: string, lines: string[], i: number, wrapWidth: number): boolean {
  const end = previous; // the end of the paragraph so far
  // A heading stands alone, but a heading wrapped over two lines is one heading.
  if (/^(upheld|overturned)$/i.test(line) && end.endsWith(':')) return false;
  if (isHeading(line)) return !(current === previous && isHeading(current) && !/[:.]$/.test(current));
  if (current === previous && isHeading(current)) return true;
  if (end.endsWith(':') || DECISION_END.test(end)) return true;
  if (startsBlock(line)) return true;
  const endsSentence = SENTENCE_END.test(end);
  // A disputed item (possibly wrapped over two lines) starts after a finished sentence.
  if (endsSentence && startsItem(lines, i)) return true;
  // A short last line that ends a sentence closes its paragraph.
  return endsSentence && previous.length < wrapWidth * 0.7;
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
