/**
 * A set of regular expressions scanned fast. Dozens of patterns run one by one over a whole
 * letter cost a pass each; one alternation of them all costs about one pass. The alternation
 * cannot give overlapping matches, so it only tells where to look: every match of any single
 * pattern lies in a stretch (a sentence, say) that the alternation also hits, because the
 * alternation, scanning left to right, either matches at that place or is inside a match that
 * covers it. The single patterns then run on those stretches alone.
 */
export class PatternSet {
  private readonly any: RegExp;

  constructor(patterns: readonly RegExp[]) {
    // Case-insensitive and without per-pattern flags: a superset of what each pattern matches.
    this.any = new RegExp(patterns.map((p) => `(?:${p.source})`).join('|'), 'gi');
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
    for (const m of text.slice(from, to).matchAll(this.any)) {
      const a = from + m.index;
      const b = a + Math.max(1, m[0].length);
      while (k < stretches.length && stretches[k]!.end <= a) k++;
      for (let j = k; j < stretches.length && stretches[j]!.start < b; j++) if (hit[hit.length - 1] !== j) hit.push(j);
    }
    return hit;
  }
}
