/**
 * Finding the cue phrases fast, with exactly the matches a scan of each pattern gives.
 *
 * Scanning a letter once per cue pattern costs a pass each, and the label pattern (which may
 * start at any space) costs the most. Instead:
 * - one scan of ANY_CUE, the alternation of the cue patterns, marks where cues can be: a scan
 *   of it tries every position it does not skip inside one of its matches, and at a position
 *   where one cue matches the alternation matches too, so every cue match starts at one of
 *   its matches or inside one, at a position where it matches too. Each cue's sticky copy is
 *   then tried at those positions only, in order and from the end of its previous match on,
 *   which is what `exec` would find;
 * - a label ends at its first colon and has only letters, white space and "/" before it (see
 *   LABEL_ENDS_AT_COLON), so it is tried only at the few positions before each colon.
 * All functions take `hay` and `from` as `re.lastIndex = from; re.exec(hay)` would.
 */
import { ANY_CUE, ANY_CUE_AT, type CuePattern, LABEL_CUE, LABEL_CUE_STICKY, LABEL_ENDS_AT_COLON, LABEL_LAST_WORDS } from './lexicon.js';
import { isLetter, isSpace } from '../chars.js';
import { lowerBound } from '../sorted.js';


/**
 * Where cues may start, in order: the start of each match of ANY_CUE's scan, and the positions
 * inside such a match where ANY_CUE matches too (a cue can start inside another one's match).
 */
export function cueStarts(hay: string, from: number): number[] {
  const starts: number[] = [];
  ANY_CUE.lastIndex = from;
  for (let m = ANY_CUE.exec(hay); m; m = ANY_CUE.exec(hay)) {
    const a = m.index;
    const b = a + Math.max(1, m[0].length);
    if (m[0].length === 0) ANY_CUE.lastIndex++;
    starts.push(a);
    for (let p = a + 1; p < b; p++) {
      if (isLetter(hay.charCodeAt(p - 1))) continue; // the cues' (?<![A-Za-z]) fails here
      ANY_CUE_AT.lastIndex = p;
      if (ANY_CUE_AT.test(hay)) starts.push(p);
    }
  }
  return starts;
}

/** The first match of the cue at or after `from` (`starts` from cueStarts of the same hay). */
export function nextCue(cue: CuePattern, hay: string, from: number, starts: readonly number[]): RegExpExecArray | null {
  // the first start at or after `from`: a binary search, so that many cues stay linear
  const lo = lowerBound(starts.length, (i) => starts[i]! < from);
  for (let i = lo; i < starts.length; i++) {
    cue.sticky.lastIndex = starts[i]!;
    const m = cue.sticky.exec(hay);
    if (m) return m;
  }
  return null;
}

/** The first label cue at or after `from`. */
export function nextLabel(hay: string, from: number): RegExpExecArray | null {
  if (!LABEL_ENDS_AT_COLON) {
    LABEL_CUE.lastIndex = from;
    return LABEL_CUE.exec(hay);
  }
  for (let colon = hay.indexOf(':', from); colon >= 0; colon = hay.indexOf(':', colon + 1)) {
    // most colons end no label: the word before one (and its white space) must be a label's last
    let q = colon;
    while (q > from && isSpace(hay.charCodeAt(q - 1))) q--;
    let w = q;
    while (w > from && isLetter(hay.charCodeAt(w - 1))) w--;
    if (q - w < 2 || q - w > 11 || !LABEL_LAST_WORDS.has(hay.slice(w, q).toLowerCase())) continue;
    // the label's own characters before the colon
    let p = colon;
    while (p > from) {
      const c = hay.charCodeAt(p - 1);
      if (!(isLetter(c) || isSpace(c) || c === 47)) break;
      p--;
    }
    for (; p < colon; p++) {
      const c = hay.charCodeAt(p);
      const before = hay.charCodeAt(p - 1);
      // its start: a space or tab, a line start (flag m) or after "." or ";"
      if (!(c === 32 || c === 9 || p === 0 || before === 10 || before === 13 || before === 0x2028
        || before === 0x2029 || before === 46 || before === 59)) continue;
      LABEL_CUE_STICKY.lastIndex = p;
      const m = LABEL_CUE_STICKY.exec(hay);
      if (m) return m;
    }
  }
  return null;
}
