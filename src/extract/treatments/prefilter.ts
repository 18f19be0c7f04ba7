/**
 * Prefilter scans for the treatments extractor: some 20 patterns each run over every sentence
 * cost a pass apiece; one loose alternation of them all costs about one pass and gives the few
 * offsets where any of them may match. The exact patterns then run, sticky, at those offsets
 * only, and find exactly what their global scans would have found (matchesAt; it and
 * `loosened` live in ../pattern-set.ts).
 */

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
