/**
 * Binary search on sorted offsets: the extractors look up "the first one at or after" a
 * position many times per letter, where a linear scan would make long letters quadratic.
 */

/** The first index i in [0, n) for which `before(i)` is false (n when there is none); `before` must be true then false. */
export function lowerBound(n: number, before: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
