/**
 * ConText-style assertion (Chapman et al. 2009; the medspaCy component's shape): trigger
 * phrases from ./rules.json, each with a category (negated, possible, historical,
 * hypothetical), a direction (forward, backward, bidirectional) and a scope that runs to the
 * end of its clause: a terminator ("but", "however", ";", ...), another trigger of a different
 * category, or the sentence end. Pseudo-triggers ("no further", "as soon as possible") cancel
 * the triggers they overlap.
 *
 * `assertionOf(text, start, end)` finds the sentence around text[start, end) itself, so callers
 * pass the whole document text and the target's span. Every pattern is linear (no nested
 * unbounded quantifiers) and the window is capped, so a call costs O(window x rules).
 */
import type { Assertion } from '../schema/record.js';
import rulesData from './rules.json' with { type: 'json' };

export type ContextCategory =
  | 'NEGATED_EXISTENCE' | 'POSSIBLE_EXISTENCE' | 'HISTORICAL' | 'HYPOTHETICAL' | 'PSEUDO' | 'TERMINATE';
export type ContextDirection = 'FORWARD' | 'BACKWARD' | 'BIDIRECTIONAL' | 'PSEUDO' | 'TERMINATE';

export interface ContextRule {
  literal?: string;
  pattern?: string;
  category: ContextCategory;
  direction: ContextDirection;
  /** No word boundaries around the pattern (punctuation triggers such as ";"). */
  bare?: boolean;
}

/** One trigger found in a sentence, with its scope in document offsets. */
export interface ContextModifier {
  category: ContextCategory;
  direction: ContextDirection;
  start: number;
  end: number;
  /** Scope [scopeStart, scopeEnd): before the trigger for backward, after it for forward. */
  scopeStart: number;
  scopeEnd: number;
}

const ASSERTION_OF: Partial<Record<ContextCategory, Assertion>> = {
  NEGATED_EXISTENCE: 'negated',
  POSSIBLE_EXISTENCE: 'possible',
  HYPOTHETICAL: 'hypothetical',
  HISTORICAL: 'historical',
};
/** When two triggers are equally near the target, the stronger one wins. */
const PRIORITY: Record<string, number> = { negated: 4, possible: 3, hypothetical: 2, historical: 1 };

/** How far from the target a sentence may reach on either side (characters). */
const WINDOW = 800;
const ABBREVIATIONS = new Set([
  'dr', 'mr', 'mrs', 'ms', 'vs', 'no', 'st', 'jr', 'sr', 'e.g', 'i.e', 'etc', 'approx', 'fig', 'pt', 'pts',
  'inc', 'co', 'dept', 'hx', 'dx', 'tx', 'rx', 'sx', 'p.o', 'b.i.d', 't.i.d', 'q.i.d', 'q.d', 'p.r.n', 'h.s',
]);

interface CompiledRule { rule: ContextRule; re: RegExp; }

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function compile(rule: ContextRule): CompiledRule {
  let source: string;
  if (rule.literal !== undefined) {
    source = rule.literal.trim().split(/\s+/).map(escapeRe).join('\\s+');
  } else if (rule.pattern !== undefined) {
    source = `(?:${rule.pattern})`;
  } else {
    throw new Error('context rule without literal or pattern');
  }
  if (!rule.bare) source = `(?<![A-Za-z0-9])${source}(?![A-Za-z0-9])`;
  return { rule, re: new RegExp(source, 'gi') };
}

export const CONTEXT_RULES: readonly ContextRule[] = (rulesData as { rules: ContextRule[] }).rules;
const COMPILED: CompiledRule[] = CONTEXT_RULES.map(compile);

/*
 * Finding the triggers fast. Running ~115 regular expressions over every sentence costs ~115
 * passes; instead:
 * - A literal trigger that starts with a letter or digit (most rules) can only match where a
 *   word starts (its left boundary) and where that word, its run of [A-Za-z0-9], is exactly the
 *   literal's first run (the literal goes on with white space, punctuation or its right
 *   boundary). So the sentence's words are looked up in a map from first runs to rules, and
 *   each rule is tried there alone (a sticky copy of the same pattern). Taking, per rule, the
 *   matches in order and each only at or after the end of the previous one gives exactly the
 *   rule's own left-to-right scan.
 * - The other rules (patterns) are scanned as before, but only when one alternation of them all
 *   hits the sentence: wherever one of them matches, the alternation matches too.
 * - Bare rules (";") are scanned always.
 */
interface WordRule { index: number; rule: ContextRule; sticky: RegExp; }
/** A back reference or a named group: a pattern with one cannot join an alternation as is. */
const GROUP_REFERENCE = /\\[1-9]|\\k<|\(\?<[^=!]/;
const BY_FIRST_WORD = new Map<string, WordRule[]>();
const SCANNED: { index: number; c: CompiledRule }[] = [];
const ALWAYS: { index: number; c: CompiledRule }[] = [];
COMPILED.forEach((c, index) => {
  const literal = c.rule.literal?.trim();
  // (ASCII only: the word map compares ASCII-lower-cased words)
  const first = literal !== undefined && !c.rule.bare && /^[\x00-\x7f]+$/.test(literal) ? /^[A-Za-z0-9]+/.exec(literal) : null;
  if (first) {
    const key = first[0].toLowerCase();
    const list = BY_FIRST_WORD.get(key) ?? [];
    list.push({ index, rule: c.rule, sticky: new RegExp(c.re.source, 'iy') });
    BY_FIRST_WORD.set(key, list);
  } else if (c.rule.bare || c.rule.pattern === undefined || GROUP_REFERENCE.test(c.rule.pattern)) {
    // (a back reference would point elsewhere inside the alternation, a group name repeat)
    ALWAYS.push({ index, c });
  } else {
    SCANNED.push({ index, c });
  }
});
/** The scanned rules' alternation; their common word boundaries taken out (it scans faster so). */
const SCANNED_ANY = SCANNED.length
  ? new RegExp(`(?<![A-Za-z0-9])(?:${SCANNED.map((s) => `(?:${s.c.rule.pattern ?? ''})`).join('|')})(?![A-Za-z0-9])`, 'gi')
  : null;
/** The (first letter, length) pairs of the map's keys: most words are ruled out without a lookup. */
const KEY_SHAPES = new Uint8Array(128 * 16);
for (const key of BY_FIRST_WORD.keys()) if (key.length < 16) KEY_SHAPES[key.charCodeAt(0) * 16 + key.length] = 1;
const LONG_KEYS = [...BY_FIRST_WORD.keys()].some((k) => k.length >= 16);
/** Per rule, where its next match may start (valid when its stamp is the current call's). */
const NEXT_FROM = new Int32Array(COMPILED.length);
const NEXT_STAMP = new Int32Array(COMPILED.length);
let stamp = 0;

function isAlnum(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

/** Is text[i] (one of . ? !) the end of a sentence? */
function endsSentence(text: string, i: number): boolean {
  const c = text[i];
  if (c === '?' || c === '!') return true;
  if (c !== '.') return false;
  const next = text[i + 1];
  if (next !== undefined && !/\s/.test(next)) return false; // 7.5, e.g., s/p.
  // the word before the period
  let j = i - 1;
  while (j >= 0 && j > i - 12 && /[A-Za-z.]/.test(text[j]!)) j--;
  const word = text.slice(j + 1, i).toLowerCase();
  if (word.length === 1 && /[a-z]/.test(word)) return false; // initials
  if (ABBREVIATIONS.has(word)) {
    // "no." is an abbreviation only before a number
    if (word !== 'no') return false;
    const after = /^\s*(\S)/.exec(text.slice(i + 1, i + 6));
    if (after && /\d/.test(after[1]!)) return false;
  }
  return true;
}

/** The sentence around text[start, end): bounded by line breaks and sentence-final punctuation. */
export function sentenceBounds(text: string, start: number, end: number): [number, number] {
  const lo = Math.max(0, start - WINDOW);
  let s = start;
  while (s > lo) {
    const c = text[s - 1]!;
    if (c === '\n' || c === '\r' || c === '\f') break;
    if ((c === '.' || c === '?' || c === '!') && endsSentence(text, s - 1)) break;
    s--;
  }
  const hi = Math.min(text.length, end + WINDOW);
  let e = Math.max(end, start);
  while (e < hi) {
    const c = text[e]!;
    if (c === '\n' || c === '\r' || c === '\f') break;
    if ((c === '.' || c === '?' || c === '!') && endsSentence(text, e)) break;
    e++;
  }
  return [s, e];
}

interface Match { rule: ContextRule; index: number; start: number; end: number; }

/** Every trigger match in `sentence` (offsets + `offset`), as each rule's own scan finds them. */
function triggersIn(sentence: string, offset: number): Match[] {
  const found: Match[] = [];
  const n = sentence.length;
  stamp = (stamp + 1) | 0;
  for (let p = 0; p < n; p++) {
    const first = sentence.charCodeAt(p);
    if (!isAlnum(first)) continue;
    let q = p + 1;
    let upper = first <= 90;
    for (let c = sentence.charCodeAt(q); q < n && isAlnum(c); c = sentence.charCodeAt(++q)) upper ||= c <= 90;
    const len = q - p;
    if (len >= 16 ? !LONG_KEYS : KEY_SHAPES[(first | 32) * 16 + len] === 0) { p = q; continue; }
    const word = sentence.slice(p, q);
    const rules = BY_FIRST_WORD.get(upper ? word.toLowerCase() : word);
    if (rules) {
      for (const w of rules) {
        if (NEXT_STAMP[w.index] === stamp && p < NEXT_FROM[w.index]!) continue;
        w.sticky.lastIndex = p;
        const m = w.sticky.exec(sentence);
        if (m === null) continue;
        found.push({ rule: w.rule, index: w.index, start: offset + p, end: offset + p + m[0].length });
        NEXT_STAMP[w.index] = stamp;
        NEXT_FROM[w.index] = p + m[0].length;
      }
    }
    p = q;
  }
  if (SCANNED_ANY) {
    SCANNED_ANY.lastIndex = 0;
    if (SCANNED_ANY.test(sentence)) for (const s of SCANNED) scan(sentence, offset, s.index, s.c, found);
  }
  for (const s of ALWAYS) scan(sentence, offset, s.index, s.c, found);
  return found;
}

function scan(sentence: string, offset: number, index: number, { rule, re }: CompiledRule, found: Match[]): void {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(sentence)) !== null) {
    if (m[0].length === 0) { re.lastIndex++; continue; }
    found.push({ rule, index, start: offset + m.index, end: offset + m.index + m[0].length });
  }
}

/** All ConText modifiers of text[sStart, sEnd) with their clause-limited scopes. */
export function modifiersIn(text: string, sStart: number, sEnd: number): ContextModifier[] {
  return sentenceModifiers(text, sStart, sEnd).map((m) => ({
    category: m.category, direction: m.direction, start: m.start, end: m.end, scopeStart: m.scopeStart, scopeEnd: m.scopeEnd,
  }));
}

/**
 * The modifiers of the last few sentences asked about (shared, not to be changed): several
 * mentions of one sentence, and several extractors, ask about the same sentences.
 */
interface Memo { text: string; start: number; end: number; mods: readonly ContextModifier[]; }
const MEMO: Memo[] = [];
const MEMO_SIZE = 8;
let memoNext = 0;

function sentenceModifiers(text: string, sStart: number, sEnd: number): readonly ContextModifier[] {
  for (const m of MEMO) if (m.start === sStart && m.end === sEnd && m.text === text) return m.mods;
  const mods = computeModifiers(text, sStart, sEnd);
  MEMO[memoNext] = { text, start: sStart, end: sEnd, mods };
  memoNext = (memoNext + 1) % MEMO_SIZE;
  return mods;
}

function computeModifiers(text: string, sStart: number, sEnd: number): ContextModifier[] {
  const found = triggersIn(text.slice(sStart, sEnd), sStart);
  // longer matches win over the ones they overlap (medspaCy keeps the longest span)
  // (ties in rule order, as when each rule was scanned in turn)
  found.sort((a, b) => (b.end - b.start) - (a.end - a.start) || a.start - b.start || a.index - b.index);
  const kept: Match[] = [];
  for (const f of found) {
    if (kept.some((k) => f.start < k.end && k.start < f.end)) continue;
    kept.push(f);
  }
  kept.sort((a, b) => a.start - b.start);
  const live = kept.filter((k) => k.rule.category !== 'PSEUDO');

  const mods: ContextModifier[] = [];
  for (let i = 0; i < live.length; i++) {
    const k = live[i]!;
    if (k.rule.category === 'TERMINATE') continue;
    let scopeEnd = sEnd;
    for (let j = i + 1; j < live.length; j++) {
      const o = live[j]!;
      if (o.rule.category === 'TERMINATE' || o.rule.category !== k.rule.category) { scopeEnd = o.start; break; }
    }
    let scopeStart = sStart;
    for (let j = i - 1; j >= 0; j--) {
      const o = live[j]!;
      if (o.rule.category === 'TERMINATE' || o.rule.category !== k.rule.category) { scopeStart = o.end; break; }
    }
    const dir = k.rule.direction;
    mods.push({
      category: k.rule.category,
      direction: dir,
      start: k.start,
      end: k.end,
      scopeStart: dir === 'FORWARD' ? k.end : scopeStart,
      scopeEnd: dir === 'BACKWARD' ? k.start : scopeEnd,
    });
  }
  return mods;
}

/**
 * The assertion of text[start, end) given its sentence: the nearest trigger whose scope
 * reaches the target decides; "present" when none does. A trigger at the very start of the
 * target ("possible carpal tunnel syndrome") counts; one after it ("X, no Y") does not.
 */
export function assertionOf(text: string, start: number, end: number): Assertion {
  if (!(start >= 0) || !(end <= text.length) || end <= start) return 'present';
  const [sStart, sEnd] = sentenceBounds(text, start, end);
  const mods = sentenceModifiers(text, sStart, sEnd);
  let best: { assertion: Assertion; distance: number } | null = null;
  for (const m of mods) {
    const assertion = ASSERTION_OF[m.category];
    if (!assertion) continue;
    let distance = Infinity;
    const forward = m.direction === 'FORWARD' || m.direction === 'BIDIRECTIONAL';
    const backward = m.direction === 'BACKWARD' || m.direction === 'BIDIRECTIONAL';
    if (forward && m.start <= start && !(m.start === start && m.end >= end) && start < m.scopeEnd) {
      distance = Math.max(0, start - m.end);
    }
    if (backward && m.start >= end && end > m.scopeStart) {
      distance = Math.min(distance, m.start - end); // "X was ruled out"
    } else if (backward && m.start > start && m.start < end && m.end >= end && start >= m.scopeStart) {
      distance = 0; // the trigger closes the target itself
    }
    if (distance === Infinity) continue;
    if (!best || distance < best.distance || (distance === best.distance && PRIORITY[assertion]! > PRIORITY[best.assertion]!)) {
      best = { assertion, distance };
    }
  }
  return best ? best.assertion : 'present';
}

/** For callers holding a mention: the assertion of its span. */
export function assertionOfSpan(text: string, span: readonly [number, number]): Assertion {
  return assertionOf(text, span[0], span[1]);
}

