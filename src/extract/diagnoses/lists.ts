/**
 * Diagnosis lists: where a cue's list ends, and how it splits into one item per condition.
 *
 * Splitting (chrono-style: propose pieces, then refine by merging):
 * - ";" and numbered markers ("1.", "2)") always separate items;
 * - "," / "and" / "as well as" propose a cut, and an assertion word in a comma-less run
 *   ("numbness rule out carpal tunnel syndrome") starts a new item;
 * - a piece that names no condition is not an item of its own: ICD title qualifiers
 *   ("unspecified", "subsequent encounter", "lumbosacral region", "right arm") and other
 *   headless pieces ("fascia", "tendon at neck level") belong to the piece before; bare
 *   adjectives ("cervical", "right") and body parts with nothing before them share the head
 *   that follows ("cervical, thoracic and lumbar myoligamentous injury", "right and left
 *   shoulder joint sprain").
 * All patterns are linear; every list is capped at LIST.maxChars.
 */
import { HEAD, LIST } from './lexicon.js';

export interface ListItem {
  /** The item's phrase: [start, end) in the document text. */
  start: number;
  end: number;
  /** Where the item's own context starts (its assertion words: "possible", "history of"). */
  contextStart: number;
}

const ABBREV = /(?:^|[\s(])(?:dr|mr|mrs|ms|vs|no|st|jr|sr|e\.g|i\.e|etc|approx|fig)$/i;

/** Where the sentence that starts at `from` ends (exclusive), at most `max` characters on. */
export function sentenceEnd(text: string, from: number, max: number, lineOnly = false): number {
  const hi = Math.min(text.length, from + max);
  for (let i = from; i < hi; i++) {
    const c = text[i]!;
    if (c === '\n' || c === '\r' || c === '\f') return i;
    if (lineOnly) continue;
    if (c === '?' || c === '!') return i;
    if (c !== '.') continue;
    let j = i + 1;
    if (text[j] === '"' || text[j] === '\u201d' || text[j] === "'" || text[j] === ')') j++;
    if (j < text.length && !/\s/.test(text[j]!)) continue; // 7.5, L5.S1, e.g.x
    const before = text.slice(Math.max(from, i - 8), i);
    if (ABBREV.test(before)) continue;
    // "Diagnoses: 1. Lumbar strain": a number right after the cue or a colon is a list marker
    if (/^[\s:]*\(?\d{1,2}$/.test(text.slice(from, i))) continue;
    return i;
  }
  return hi;
}

interface Piece { s: number; e: number; core: string; /** The separator after it: ',', 'and', ... ('' at the end). */ sep: string; }

/** A piece that opens with an article or a possessive starts a new noun phrase. */
const FOREIGN = /^(?:(?:and|or)\s+)?(?:a|an|the|his|her|their|this|that|these|those)\s/i;

/** Trimmed bounds of text[s, e): white space, separators and quotes off both ends. */
function trim(text: string, s: number, e: number): [number, number] {
  while (s < e && /[\s,;:"'\u201c\u201d\u2018\u2019*•·-]/.test(text[s]!)) s++;
  while (e > s && /[\s,;:."'\u201c\u201d\u2018\u2019*•·]/.test(text[e - 1]!)) e--;
  // an unbalanced trailing "(" or leading ")"
  if (e > s && text[e - 1] === '(') e--;
  return [s, e];
}

/**
 * Results of the pure functions below by phrase: a list asks about the same pieces and items
 * several times (splitting, merging, finishing, coding). Cleared when large.
 */
const CORES = new Map<string, string>();
const HEADS = new Map<string, boolean>();
const MAX_MEMO = 2048;

/** The item's condition words: leading fillers, assertion words and encounter words removed. */
export function coreOf(phrase: string): string {
  let core = CORES.get(phrase);
  if (core === undefined) {
    if (CORES.size >= MAX_MEMO) CORES.clear();
    core = computeCore(phrase);
    CORES.set(phrase, core);
  }
  return core;
}

function computeCore(phrase: string): string {
  let s = phrase.replace(LIST.leading, '');
  s = s.replace(LIST.assertionPrefix, '');
  s = s.replace(LIST.leading, '');
  LIST.encounter.lastIndex = 0;
  s = s.replace(LIST.encounter, ' ');
  return s.replace(/[\s,;:.]+$/g, '').replace(/^[\s,;:.-]+/, '').replace(/\s+/g, ' ').trim();
}

/** Does the phrase name a condition? */
export function hasHead(core: string): boolean {
  let head = HEADS.get(core);
  if (head === undefined) {
    if (HEADS.size >= MAX_MEMO) HEADS.clear();
    head = HEAD.test(core);
    HEADS.set(core, head);
  }
  return head;
}

/** Cut points of one segment: separators [s, e) that split it into pieces. */
function cutsOf(segment: string): Array<[number, number]> {
  const cuts: Array<[number, number]> = [];
  const sep = /,|(?<![A-Za-z])(?:and(?![/-]or)|as\s+well\s+as|along\s+with|plus)(?![A-Za-z/-])/gi;
  for (let m = sep.exec(segment); m; m = sep.exec(segment)) cuts.push([m.index, m.index + m[0].length]);
  LIST.itemStarts.lastIndex = 0;
  for (let m = LIST.itemStarts.exec(segment); m; m = LIST.itemStarts.exec(segment)) {
    if (m.index > 0) cuts.push([m.index, m.index]);
  }
  return cuts.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

/**
 * Items of lists by their text, offsets from the list's start: a letter restates its diagnosis
 * lists (each issue's rationale), and splitting reads nothing outside the list. Cleared when large.
 */
const LISTS = new Map<string, ListItem[]>();
const MAX_LISTS = 256;

/** Split text[ls, le) into one item per condition. */
export function splitList(text: string, ls: number, le: number): ListItem[] {
  const body = text.slice(ls, le);
  let items = LISTS.get(body);
  if (items === undefined) {
    if (LISTS.size >= MAX_LISTS) LISTS.clear();
    items = splitBody(body);
    LISTS.set(body, items);
  }
  return items.map((i) => ({ start: i.start + ls, end: i.end + ls, contextStart: i.contextStart + ls }));
}

/** splitList of a whole text (the list alone). */
function splitBody(text: string): ListItem[] {
  const ls = 0;
  const le = text.length;
  const body = text;
  // a clause verb ends the list ("... and initial x-rays reveal ...", "..., which was ...")
  const stop = LIST.stopBefore.exec(body);
  const end = stop ? ls + stop.index : le;
  const list = text.slice(ls, end);

  // segments: ";" and numbered markers
  const segments: Array<[number, number]> = [];
  const hard = /;|\n|(?:^|\s)\(?\d{1,2}[.)](?=\s)/g;
  let from = 0;
  for (let m = hard.exec(list); m; m = hard.exec(list)) {
    segments.push([from, m.index]);
    from = m.index + m[0].length;
  }
  segments.push([from, list.length]);

  const items: ListItem[] = [];
  for (let k = 0; k < segments.length; k++) {
    const [ss, se] = segments[k]!;
    const segment = list.slice(ss, se);
    const pieces: Piece[] = [];
    let p = 0;
    for (const [cs, ce] of cutsOf(segment)) {
      if (cs < p) continue;
      pieces.push(piece(text, ls + ss + p, ls + ss + cs, segment.slice(cs, ce)));
      p = ce;
    }
    pieces.push(piece(text, ls + ss + p, ls + ss + segment.length, ''));
    const kept = pieces.filter((x) => x.e > x.s);
    // a headless last piece cut off by a clause verb is that clause's subject ("... and initial
    // x-rays reveal ..."); a headless piece opened by an article after a cut is a new noun
    // phrase, not an ICD title's continuation (", and a cervical epidural steroid injection")
    const cut = Boolean(stop) && k === segments.length - 1;
    while (kept.length > 1) {
      const lastPiece = kept[kept.length - 1]!;
      if (hasHead(lastPiece.core)) break;
      if (!(cut || FOREIGN.test(text.slice(lastPiece.s, lastPiece.e)))) break;
      kept.pop();
    }
    for (let i = 1; i < kept.length; i++) {
      if (!hasHead(kept[i]!.core) && FOREIGN.test(text.slice(kept[i]!.s, kept[i]!.e))) { kept.length = i; break; }
    }
    for (const g of mergePieces(kept)) {
      const item = finish(text, g[0], g[1]);
      if (item) items.push(item);
    }
  }
  return items;
}

function piece(text: string, s: number, e: number, sep: string): Piece {
  const [ts, te] = trim(text, s, e);
  return { s: ts, e: te, core: ts < te ? coreOf(text.slice(ts, te)) : '', sep: sep.trim().toLowerCase() };
}

/** Merge headless pieces into their neighbours; returns the spans of the merged items. */
function mergePieces(pieces: Piece[]): Array<[number, number]> {
  const groups: Array<{ s: number; e: number; head: boolean }> = [];
  let pending: number | null = null; // start of pieces waiting for the head that follows
  for (let i = 0; i < pieces.length; i++) {
    const x = pieces[i]!;
    const last = groups[groups.length - 1];
    const next = pieces[i + 1];
    const joinedToPrev = i > 0 && pieces[i - 1]!.sep !== ',' && pieces[i - 1]!.sep !== '';
    if (!x.core) { if (last) last.e = x.e; continue; } // ", subsequent encounter"
    if (hasHead(x.core)) {
      // "pain and injury": a bare head joined by "and" shares the modifiers before it
      if (pending === null && last && last.head && joinedToPrev && LIST.bareHeads.test(x.core)) { last.e = x.e; continue; }
      // "... response affecting gastrointestinal disturbances and headaches": one word joined
      // by "and" to the object of a preposition or participle is part of that object
      if (pending === null && last && last.head && joinedToPrev && !/\s/.test(x.core)
        && LIST.linking.test(pieces[i - 1]!.core)) { last.e = x.e; continue; }
      groups.push({ s: pending ?? x.s, e: x.e, head: true });
      pending = null;
      continue;
    }
    if (pending !== null) continue; // keeps waiting for the head
    const adjective = LIST.adjectiveOnly.test(x.core);
    const qualifier = LIST.qualifiers.test(x.core);
    const modifier = LIST.modifierOnly.test(x.core);
    // "right and left shoulder joint sprain", "cervical, thoracic and lumbar ... injury",
    // "lumbar, hip, and neck strain": a bare modifier shares the head that follows
    // (a body part joined by "and" to a phrase before it belongs to that phrase: "contusion of
    // the lower back and pelvis")
    const sharesNext = next !== undefined && (adjective || (modifier && !(joinedToPrev && last && last.head)))
      && (x.sep === 'and' || x.sep === 'or' || !hasHead(next.core) || !(last && last.head));
    if (sharesNext) { pending = x.s; continue; }
    // ICD title continuations: "dorsalgia, unspecified", "strain of muscle, fascia and tendon ..."
    if (last && last.head && (qualifier || modifier || !adjective)) { last.e = x.e; continue; }
    if (last) { last.e = x.e; continue; }
    if (next) pending = x.s;
  }
  return groups.map((g) => [g.s, g.e]);
}

/** Trim an item's edges and check that it names a condition. */
function finish(text: string, s: number, e: number): ListItem | null {
  let [ts, te] = trim(text, s, e);
  // trailing dates ("on 10/2/16", "(11-8-16)")
  const tail = LIST.trailing.exec(text.slice(ts, te));
  if (tail && tail.index > 0) [ts, te] = trim(text, ts, ts + tail.index);
  // leading fillers, then the assertion words (kept in the context)
  const lead = LIST.leading.exec(text.slice(ts, te));
  const contextStart = lead ? trim(text, ts + lead[0].length, te)[0] : ts;
  let cs = contextStart;
  const pre = LIST.assertionPrefix.exec(text.slice(cs, te));
  if (pre) cs = trim(text, cs + pre[0].length, te)[0];
  const lead2 = LIST.leading.exec(text.slice(cs, te));
  if (lead2) cs = trim(text, cs + lead2[0].length, te)[0];
  // balance parentheses: drop an unclosed "(..." tail
  const phrase = text.slice(cs, te);
  const open = phrase.lastIndexOf('(');
  if (open >= 0 && phrase.indexOf(')', open) < 0) te = trim(text, cs, cs + open)[1];
  if (te <= cs) return null;
  const core = coreOf(text.slice(cs, te));
  if (!core || !hasHead(core)) return null;
  if (LIST.modifierOnly.test(core)) return null;
  if (core.split(/\s+/).length > LIST.maxItemWords) return null;
  return { start: cs, end: te, contextStart };
}
