/**
 * Prefilter scans for the treatments extractor: some 20 patterns each run over every sentence
 * cost a pass apiece; one loose alternation of them all costs about one pass and gives the few
 * offsets where any of them may match. The exact patterns then run, sticky, at those offsets
 * only, and find exactly what their global scans would have found (matchesAt).
 */

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

/**
 * Several loose patterns scanned as one: the offsets of a text where any of them matches. A
 * zero-width look-ahead alternation tries each alternative in turn at every offset, so no
 * pattern's match hides another's (as consuming matches would). The scan ignores case, which
 * only widens it for a case-sensitive pattern.
 */
export class LooseScan {
  private readonly re: RegExp;

  /** `lead`: a look-behind that every pattern's matches satisfy, tried first at each offset. */
  constructor(loose: readonly string[], lead: string) {
    this.re = new RegExp(`${lead}(?=${loose.join('|')})`, 'gi');
  }

  /** The offsets of `s` where a pattern matches, ascending; null when there are none. */
  hits(s: string): number[] | null {
    const re = this.re;
    let out: number[] | null = null;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(s)) !== null) {
      (out ??= []).push(m.index);
      re.lastIndex = m.index + 1;
    }
    return out;
  }
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
