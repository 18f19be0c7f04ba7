/**
 * A set of regular expressions scanned fast. Dozens of patterns run one by one over a whole
 * letter cost a pass each; one alternation of them all costs about one pass. The alternation
 * cannot give overlapping matches, so it only tells where to look: every match of any single
 * pattern lies in a stretch (a sentence, say) that the alternation also hits, because the
 * alternation, scanning left to right, either matches at that place or is inside a match that
 * covers it. The single patterns then run on those stretches alone.
 *
 * matchesByStretch goes further: one scan gives every offset where a pattern may match, and
 * each pattern, sticky, is tried at those offsets only.
 */
import { isLetter } from './chars.js';

export class PatternSet {
  private readonly patterns: readonly RegExp[];
  /** `(?<![A-Za-z])` when every pattern opens with it, else ''. */
  private readonly lead: string;
  private anyRe: RegExp | null = null;
  /** The alternation of the loosened patterns (see matchesByStretch). */
  private readonly starts: RegExp;
  /** Each pattern, sticky (tried at given offsets only), with its own flags: widened, for calm stretches. */
  private readonly stickyWide: RegExp[];
  /** The same, exact, for stretches that are not calm (rare: built on first use). */
  private stickyExact: RegExp[] | null = null;

  constructor(patterns: readonly RegExp[]) {
    this.patterns = patterns;
    // A look-behind every pattern opens with is tested once per offset, not once per
    // alternative (irregexp tries each alternative in turn at each offset): the same matches,
    // about three times faster.
    this.lead = patterns.length && patterns.every((p) => p.source.startsWith(LEAD)) ? LEAD : '';
    const rests = patterns.map((p) => p.source.slice(this.lead.length));
    // (loosened: it compiles some six times faster than the exact sources, once per process)
    this.starts = new RegExp(`${this.lead}(?:${rests.map((r) => `(?:${looseOrSame(r)})`).join('|')})`, 'gi');
    this.stickyWide = patterns.map((p) => new RegExp(widened(p.source), stickyFlags(p)));
  }

  /**
   * The alternation of the exact patterns, case-insensitive and without per-pattern flags (a
   * superset of what each pattern matches). Built on first use: it costs some 60 ms to
   * compile, and most callers only need matchesByStretch.
   */
  private get any(): RegExp {
    if (!this.anyRe) {
      const rests = this.patterns.map((p) => `(?:${p.source.slice(this.lead.length)})`).join('|');
      this.anyRe = new RegExp(`${this.lead}(?:${rests})`, 'gi');
    }
    return this.anyRe;
  }

  /**
   * The indices of the stretches [start, end) (sorted, not overlapping) that one of the
   * patterns may match in: those the alternation hits.
   */
  stretchesHit(text: string, stretches: readonly { start: number; end: number }[]): number[] {
    if (!stretches.length) return [];
    const from = stretches[0]!.start;
    const to = stretches[stretches.length - 1]!.end;
    const hit: number[] = [];
    let k = 0;
    const any = this.any;
    const s = text.slice(from, to);
    any.lastIndex = 0;
    let m: RegExpExecArray | null;
    // exec on the shared regex (matchAll would clone it); nothing else uses it meanwhile
    while ((m = any.exec(s)) !== null) {
      if (m[0].length === 0) any.lastIndex++;
      const a = from + m.index;
      const b = a + Math.max(1, m[0].length);
      while (k < stretches.length && stretches[k]!.end <= a) k++;
      for (let j = k; j < stretches.length && stretches[j]!.start < b; j++) if (hit[hit.length - 1] !== j) hit.push(j);
    }
    return hit;
  }

  /**
   * Every match of each pattern in each stretch text[start, end) (sorted, not overlapping),
   * as the pattern's own global scan (matchAll) of the stretch alone finds them: for each
   * stretch with a match, its index and the matches (offsets into the stretch), pattern by
   * pattern in the set's order, each pattern's in text order.
   *
   * One scan of the loosened alternation, restarted one character after each match start,
   * gives every offset where a loosened pattern matches: a superset of those where a pattern
   * matches. Each pattern is then tried at those offsets only (matchesAt).
   */
  matchesByStretch(text: string, stretches: readonly { start: number; end: number }[]): { stretch: number; matches: Match[] }[] {
    const out: { stretch: number; matches: Match[] }[] = [];
    if (!stretches.length) return out;
    const from = stretches[0]!.start;
    const s = text.slice(from, stretches[stretches.length - 1]!.end);
    const offsets: number[] = [];
    const starts = this.starts;
    starts.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = starts.exec(s)) !== null) {
      offsets.push(from + m.index);
      starts.lastIndex = m.index + 1;
    }
    let p = 0;
    for (let j = 0; j < stretches.length; j++) {
      const { start, end } = stretches[j]!;
      while (p < offsets.length && offsets[p]! < start) p++;
      const here: number[] = [];
      // the lead looks at the character before the stretch, which the stretch alone lacks:
      // where that character made it fail, it would pass in the stretch
      if (this.lead && start > from && isLetter(text.charCodeAt(start - 1))) here.push(0);
      for (let q = p; q < offsets.length && offsets[q]! <= end; q++) here.push(offsets[q]! - start);
      if (!here.length) continue;
      const sentence = text.slice(start, end);
      const sticky = isCalm(sentence) ? this.stickyWide
        : (this.stickyExact ??= this.patterns.map((p) => new RegExp(p.source, stickyFlags(p))));
      const matches: Match[] = [];
      for (let i = 0; i < sticky.length; i++) {
        for (const match of matchesAt(sticky[i]!, sentence, here)) matches.push({ pattern: i, match });
      }
      if (matches.length) out.push({ stretch: j, matches });
    }
    return out;
  }
}

/** A match of one pattern of a PatternSet (its index in the set). */
export interface Match {
  pattern: number;
  match: RegExpExecArray;
}

const stickyFlags = (p: RegExp) => `${p.flags.replace(/[gy]/g, '')}gy`;

/** The look-behind that the lexicon patterns open with ("not inside a word"). */
const LEAD = '(?<![A-Za-z])';

/** The loosened source, or the source itself where it cannot be loosened (see loosened). */
function looseOrSame(source: string): string {
  try {
    return loosened(source);
  } catch {
    return source;
  }
}

/**
 * A regular expression source with every `\s{m,n}` (n >= 1) widened to `\s{m,}`: in a calm text
 * (isCalm) it matches exactly as the source does, since each such quantifier finds at most one
 * white-space character to take there, under either bound (in look-behinds too). It compiles
 * some three to six times faster: V8 unrolls bounded quantifiers, and the lexicon patterns hold
 * dozens of `\s{1,3}`. Classes and escapes are kept as they are.
 */
export function widened(source: string): string {
  return source.replace(/\[(?:\\.|[^\]\\])*\]|\\s\{(\d+),(\d+)\}|\\./g, (t, m: string | undefined, n: string | undefined) =>
    m !== undefined && Number(n) >= 1 ? `\\s{${m},}` : t);
}

const TWO_SPACES = /\s\s/;

/** Has `s` no two white-space characters in a row (so widened sources match there as their originals)? */
export function isCalm(s: string): boolean {
  return !TWO_SPACES.test(s);
}

/**
 * The matches a global scan of `s` with `re` would find, for a sticky `re` tried only at
 * `offsets` (ascending, holding every offset where `re` matches): the leftmost match at or
 * after the previous match's end, each time.
 */
export function matchesAt(re: RegExp, s: string, offsets: readonly number[]): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  let from = 0;
  for (const h of offsets) {
    if (h < from) continue;
    re.lastIndex = h;
    const m = re.exec(s);
    if (!m) continue;
    out.push(m);
    from = h + Math.max(1, m[0].length);
  }
  return out;
}

/**
 * A looser form of a regular expression source, for prefilter scans: it matches at every
 * offset where the source matches (and maybe at more), so it can tell where to look but never
 * decide. It also compiles much faster: V8 unrolls every `\s{1,3}` of the lexicon patterns, and
 * a few dozen of them in one alternation cost over 100 ms to compile, once per process.
 *
 * Loosening only ever widens what matches:
 * - every assertion is dropped (look-arounds, `^`, `$`, `\b`, `\B`): without it the rest
 *   matches wherever it matched with it, whatever the text around;
 * - `\s{m,n}` becomes `\s{m,}` (no nested unbounded quantifier comes of it: `\s` is one
 *   character).
 * Sources with back-references are refused (a dropped group could hold what they refer to).
 */
export function loosened(source: string): string {
  let out = '';
  let i = 0;
  const n = source.length;
  /** The index just past the group opened at `from` (a `(`), skipping escapes and classes. */
  const groupEnd = (from: number): number => {
    let depth = 0;
    for (let j = from; j < n; j++) {
      const c = source[j];
      if (c === '\\') j++;
      else if (c === '[') j = classEnd(j) - 1;
      else if (c === '(') depth++;
      else if (c === ')' && --depth === 0) return j + 1;
    }
    throw new Error(`loosened: unbalanced group in ${source}`);
  };
  /** The index just past the character class opened at `from` (a `[`). */
  const classEnd = (from: number): number => {
    for (let j = from + 1; j < n; j++) {
      if (source[j] === '\\') j++;
      else if (source[j] === ']') return j + 1;
    }
    throw new Error(`loosened: unclosed class in ${source}`);
  };
  while (i < n) {
    const c = source[i]!;
    if (c === '\\') {
      const e = source[i + 1] ?? '';
      if (/[1-9k]/.test(e)) throw new Error(`loosened: back-reference in ${source}`);
      if (e === 'b' || e === 'B') { i += 2; continue; }
      const bound = e === 's' ? /^\{(\d+),\d+\}/.exec(source.slice(i + 2)) : null;
      if (bound) {
        out += `\\s{${bound[1]},}`;
        i += 2 + bound[0].length;
        continue;
      }
      out += c + e;
      i += 2;
    } else if (c === '[') {
      const end = classEnd(i);
      out += source.slice(i, end);
      i = end;
    } else if (c === '(' && /^\(\?<?[=!]/.test(source.slice(i, i + 4))) {
      i = groupEnd(i);
      if (/^[?*+{]/.test(source.slice(i, i + 1))) throw new Error(`loosened: quantified look-around in ${source}`);
    } else if (c === '^' || c === '$') {
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** The top-level alternatives of a regular expression source ("a|(b|c)|d": a, (b|c), d). */
export function topLevelAlternatives(source: string): string[] {
  const alternatives: string[] = [];
  let depth = 0;
  let inClass = false;
  let from = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      alternatives.push(source.slice(from, i));
      from = i + 1;
    }
  }
  alternatives.push(source.slice(from));
  return alternatives;
}
