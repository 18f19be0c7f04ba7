/**
 * Glob patterns for `imr batch` inputs: `*`, `?`, `[abc]` / `[a-z]` / `[!x]` within a path
 * segment, `**` for any number of folders, and `{a,b}` alternatives. Matched segment by segment
 * with the two-pointer wildcard algorithm (no regular expressions, so no backtracking blow-up:
 * at worst name length times pattern length). As in the shell, `*` does not match a leading dot.
 */
import path from 'node:path';

/** Whether an input argument is a pattern rather than a plain path. */
export function hasMagic(p: string): boolean {
  return /[*?[{]/.test(p);
}

/** `a{b,c}d` to `abd`, `acd`; nested groups too. Capped so that a pattern cannot explode. */
export function expandBraces(pattern: string, limit = 1024): string[] {
  const open = pattern.indexOf('{');
  if (open < 0) return [pattern];
  // Find the matching close brace and the top-level commas of the group.
  let depth = 0;
  const commas: number[] = [];
  let close = -1;
  for (let i = open; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) { close = i; break; }
    else if (c === ',' && depth === 1) commas.push(i);
  }
  if (close < 0 || commas.length === 0) {
    // Not a group (`{` alone or `{x}`): keep it literal and expand what follows.
    const end = close < 0 ? open + 1 : close + 1;
    return expandBraces(pattern.slice(end), limit).map((rest) => pattern.slice(0, end) + rest);
  }
  const head = pattern.slice(0, open);
  const tail = pattern.slice(close + 1);
  const bounds = [open, ...commas, close];
  const out: string[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    for (const alt of expandBraces(head + pattern.slice(bounds[k]! + 1, bounds[k + 1]) + tail, limit)) {
      if (out.length >= limit) throw new Error(`the pattern ${pattern} expands to more than ${limit} alternatives`);
      out.push(alt);
    }
  }
  return out;
}

/** Matches one character against a `[...]` class starting at pattern[at]; returns the class length, or -1 if unclosed. */
function matchClass(pattern: string, at: number, ch: string): { length: number; hit: boolean } | null {
  let i = at + 1;
  const negate = pattern[i] === '!' || pattern[i] === '^';
  if (negate) i++;
  let hit = false;
  let first = true;
  for (; i < pattern.length && (first || pattern[i] !== ']'); i++, first = false) {
    const lo = pattern[i]!;
    if (pattern[i + 1] === '-' && i + 2 < pattern.length && pattern[i + 2] !== ']') {
      if (ch >= lo && ch <= pattern[i + 2]!) hit = true;
      i += 2;
    } else if (ch === lo) hit = true;
  }
  if (i >= pattern.length) return null;
  return { length: i - at + 1, hit: hit !== negate };
}

/** Whether a file or folder name matches one segment of a pattern (no `/` in either). */
export function matchSegment(pattern: string, name: string): boolean {
  if (name.startsWith('.') && !pattern.startsWith('.')) return false;
  let p = 0;
  let n = 0;
  let starP = -1;
  let starN = 0;
  while (n < name.length) {
    const c = pattern[p];
    if (c === '*') {
      starP = p++;
      starN = n;
      continue;
    }
    if (c === '[') {
      const cls = matchClass(pattern, p, name[n]!);
      if (cls ? cls.hit : name[n] === '[') {
        p += cls ? cls.length : 1;
        n++;
        continue;
      }
    } else if (c !== undefined && (c === '?' || c === name[n])) {
      p++;
      n++;
      continue;
    }
    // Mismatch: let the last star take one more character, or fail.
    if (starP < 0) return false;
    p = starP + 1;
    n = ++starN;
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/** Whether the path segments `parts` match the pattern segments, `**` matching zero or more of them. */
export function matchSegments(pattern: string[], parts: string[]): boolean {
  let p = 0;
  let n = 0;
  let starP = -1;
  let starN = 0;
  while (n < parts.length) {
    if (pattern[p] === '**') {
      starP = p++;
      starN = n;
      continue;
    }
    if (p < pattern.length && matchSegment(pattern[p]!, parts[n]!)) {
      p++;
      n++;
      continue;
    }
    // `**` does not descend into hidden folders either.
    if (starP < 0 || parts[starN]!.startsWith('.')) return false;
    p = starP + 1;
    n = ++starN;
  }
  while (pattern[p] === '**') p++;
  return p === pattern.length;
}

/** Splits a pattern into the folder to walk from (its leading plain segments) and the segments to match below it. */
export function splitPattern(pattern: string): { base: string; segments: string[] } {
  const normalized = pattern.split(path.sep).join('/');
  const absolute = normalized.startsWith('/');
  const all = normalized.split('/').filter((s, i) => s !== '' || i === 0);
  const firstMagic = all.findIndex((s) => hasMagic(s));
  const plain = all.slice(0, firstMagic);
  const base = absolute ? `/${plain.filter(Boolean).join('/')}` : plain.join('/') || '.';
  return { base, segments: all.slice(firstMagic).filter((s) => s !== '' && s !== '.') };
}
