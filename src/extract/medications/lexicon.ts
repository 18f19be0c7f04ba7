/**
 * The drug vocabulary (src/lexicons/drugs.json) compiled once into a token index: every brand
 * name, written variant and generic, keyed by its first word, longest names first. Lookups
 * walk the letter's word tokens, so a scan is linear in the text (no alternation of hundreds of
 * names in one regular expression). A misspelt name (one edit away from a vocabulary name of
 * seven letters or more, same first letter) resolves to that name's generic.
 */
import drugs from '../../lexicons/drugs.json' with { type: 'json' };
import rules from './rules.json' with { type: 'json' };

export interface DrugEntry {
  /** The name as the vocabulary spells it. */
  name: string;
  /** Its lower-case word tokens ("tylenol #3" is ["tylenol", "3"]). */
  tokens: string[];
  generic: string | null;
  drugClass: string;
  /** True when the name is the generic itself. */
  isGeneric: boolean;
}

export interface DrugMatch {
  entry: DrugEntry;
  start: number;
  end: number;
  /** True when the name was matched one edit away (a misspelling). */
  fuzzy: boolean;
}

interface RawEntry { generic: string | null; names: string[] }
const CLASSES = (drugs as unknown as { classes: Record<string, RawEntry[]> }).classes;

const WORD = /[A-Za-z0-9]+/g;
const tokensOf = (s: string): string[] => s.toLowerCase().match(WORD) ?? [];

const NOT_MEDICATIONS = new Set(rules.notMedications.map((s) => tokensOf(s).join(' ')));

/** First token -> entries starting with it, longest first. */
const INDEX = new Map<string, DrugEntry[]>();
/** Single-token names of seven letters or more, for the misspelling check, by first letter. */
const FUZZY_CANDIDATES = new Map<string, DrugEntry[]>();
/** Every generic the vocabulary knows (lower case). */
const GENERICS = new Map<string, DrugEntry>();

function add(entry: DrugEntry): void {
  const key = entry.tokens.join(' ');
  if (!entry.tokens.length || NOT_MEDICATIONS.has(key)) return;
  const list = INDEX.get(entry.tokens[0]!) ?? [];
  if (list.some((e) => e.tokens.join(' ') === key)) return;
  list.push(entry);
  list.sort((a, b) => b.tokens.length - a.tokens.length);
  INDEX.set(entry.tokens[0]!, list);
  if (entry.tokens.length === 1 && key.length >= rules.fuzzy.minLength && /^[a-z]+$/.test(key)) {
    const bucket = FUZZY_CANDIDATES.get(key[0]!) ?? [];
    bucket.push(entry);
    FUZZY_CANDIDATES.set(key[0]!, bucket);
  }
}

for (const [drugClass, entries] of Object.entries(CLASSES)) {
  for (const raw of entries) {
    if (raw.generic) {
      const g: DrugEntry = { name: raw.generic, tokens: tokensOf(raw.generic), generic: raw.generic, drugClass, isGeneric: true };
      GENERICS.set(raw.generic.toLowerCase(), g);
      add(g);
    }
    for (const name of raw.names) {
      add({ name, tokens: tokensOf(name), generic: raw.generic, drugClass, isGeneric: false });
    }
  }
}

const NOT_DRUGS = new Set(rules.fuzzy.notDrugs.map((s) => s.toLowerCase()));

/** Rows of editDistance's table, reused across calls (grown as needed): no allocation per call. */
let rowPrev2 = new Int32Array(64);
let rowPrev = new Int32Array(64);
let rowCur = new Int32Array(64);

/** Damerau-Levenshtein distance (optimal string alignment), capped: returns max + 1 as soon as it is exceeded. */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = a.length;
  const m = b.length;
  if (rowCur.length <= m) {
    rowPrev2 = new Int32Array(m + 1);
    rowPrev = new Int32Array(m + 1);
    rowCur = new Int32Array(m + 1);
  }
  let prev2 = rowPrev2;
  let prev = rowPrev;
  let cur = rowCur;
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    const ai = a.charCodeAt(i - 1);
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= m; j++) {
      const bj = b.charCodeAt(j - 1);
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[m]!;
}

/**
 * Lower-case words looked up straight from the text: by a hash of the word's lower-case
 * characters, then compared character by character, so that the scan of a letter neither
 * slices nor lower-cases the thousands of words that are no drug name.
 */
class WordTable<V> {
  /** Open addressing, at most half full: a slot's word (undefined when empty), its hash and value. */
  private words: (string | undefined)[] = [];
  private hashes = new Int32Array(0);
  private values: (V | undefined)[] = [];
  private mask = 0;
  size = 0;

  constructor() {
    this.clear();
  }

  /** The value of the word text[start, end) (its lower-case hash `hash`, see hashWord). */
  get(text: string, start: number, end: number, hash: number): V | undefined {
    const length = end - start;
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const word = this.words[slot];
      if (word === undefined) return undefined;
      if (this.hashes[slot] !== hash || word.length !== length) continue;
      let k = 0;
      while (k < length && word.charCodeAt(k) === lowerCode(text.charCodeAt(start + k))) k++;
      if (k === length) return this.values[slot];
    }
  }

  /** Sets the value of a lower-case word (one not yet in the table). */
  set(word: string, value: V): void {
    if (2 * (this.size + 1) > this.words.length) this.grow();
    const hash = hashWord(word);
    let slot = hash & this.mask;
    while (this.words[slot] !== undefined) slot = (slot + 1) & this.mask;
    this.words[slot] = word;
    this.hashes[slot] = hash;
    this.values[slot] = value;
    this.size++;
  }

  clear(): void {
    this.resize(1024);
    this.size = 0;
  }

  private resize(capacity: number): void {
    this.words = new Array<string | undefined>(capacity).fill(undefined);
    this.hashes = new Int32Array(capacity);
    this.values = new Array<V | undefined>(capacity).fill(undefined);
    this.mask = capacity - 1;
  }

  private grow(): void {
    const { words, values } = this;
    this.resize(words.length * 2);
    this.size = 0;
    for (let slot = 0; slot < words.length; slot++) if (words[slot] !== undefined) this.set(words[slot]!, values[slot]!);
  }
}

/** lowerCode's answers for the ASCII codes, one table read per character of the scan. */
const LOWER_CODE = new Int16Array(128).fill(-1);
for (let c = 48; c <= 57; c++) LOWER_CODE[c] = c;
for (let c = 97; c <= 122; c++) LOWER_CODE[c] = c;
for (let c = 65; c <= 90; c++) LOWER_CODE[c] = c + 32;

/** The lower-case code of a word character ([A-Za-z0-9]), or -1 (NaN, past the text's end, too). */
function lowerCode(c: number): number {
  return c < 128 ? LOWER_CODE[c]! : -1;
}

/** One step of the word hash (kept within 30 bits: a small integer). */
const hashStep = (h: number, code: number) => (Math.imul(h, 31) + code) & 0x3fffffff;

function hashWord(word: string): number {
  let h = 0;
  for (let k = 0; k < word.length; k++) h = hashStep(h, word.charCodeAt(k));
  return h;
}

/** INDEX, looked up from the text. */
const INDEX_TABLE = new WordTable<DrugEntry[]>();
for (const [first, entries] of INDEX) INDEX_TABLE.set(first, entries);

/** Misspelling lookups already made, words known not to be drugs included (bounded: cleared when full). */
const FUZZY_SEEN = new WordTable<DrugEntry | null>();

/** The vocabulary name the word text[start, end) (lower-case letters only, hash `hash`) misspells, if any. */
function fuzzyLookup(text: string, start: number, end: number, hash: number): DrugEntry | null {
  const seen = FUZZY_SEEN.get(text, start, end, hash);
  if (seen !== undefined) return seen;
  const word = text.slice(start, end).toLowerCase();
  const found = NOT_DRUGS.has(word) ? null : fuzzyScan(word);
  if (FUZZY_SEEN.size > 20000) FUZZY_SEEN.clear();
  FUZZY_SEEN.set(word, found);
  return found;
}

/** The fuzzy candidates in the order fuzzyScan tries them (first letter by first letter). */
const FUZZY_LIST: DrugEntry[] = [...FUZZY_CANDIDATES.values()].flat();

/** `word` and every string it becomes with at most `k` characters deleted (repeats possible). */
function deletions(word: string, k: number, out: string[] = []): string[] {
  out.push(word);
  if (k > 0) for (let i = 0; i < word.length; i++) deletions(word.slice(0, i) + word.slice(i + 1), k - 1, out);
  return out;
}

/**
 * "Symmetric delete" index: each string maxDistance deletions or fewer away from a candidate ->
 * the candidates' positions in FUZZY_LIST, ascending. A word within maxDistance edits of a
 * candidate (substitutions, insertions, deletions, adjacent transpositions: each needs at most
 * one deletion on either side) shares such a string with it, so a lookup tries the few
 * candidates found here instead of every name of its first letter.
 */
const DELETES = new Map<string, number[]>();
FUZZY_LIST.forEach((c, position) => {
  for (const v of deletions(c.tokens[0]!, rules.fuzzy.maxDistance)) {
    const list = DELETES.get(v);
    if (!list) DELETES.set(v, [position]);
    else if (list[list.length - 1] !== position) list.push(position);
  }
});

function fuzzyScan(word: string): DrugEntry | null {
  const positions: number[] = [];
  for (const v of deletions(word, rules.fuzzy.maxDistance)) {
    const list = DELETES.get(v);
    if (list) for (const p of list) if (!positions.includes(p)) positions.push(p);
  }
  // in FUZZY_LIST's order, as a scan of every candidate would try them: the last match wins
  positions.sort((a, b) => a - b);
  let best: DrugEntry | null = null;
  for (const p of positions) {
    const c = FUZZY_LIST[p]!;
    if (rules.fuzzy.sameFirstLetter && c.tokens[0]![0] !== word[0]) continue;
    const d = editDistance(word, c.tokens[0]!, rules.fuzzy.maxDistance);
    if (d <= rules.fuzzy.maxDistance && d > 0) {
      if (best && best.generic !== c.generic) return null; // ambiguous: two drugs one edit away
      best = c;
    }
  }
  return best;
}

/** Separators a multi-word name may have between its words: spaces, a hyphen, a slash, "#", "No.". */
const NAME_GAP = /^[ \t]{0,2}[-/#.]?[ \t]{0,2}$/;

/** The end of the word starting at text[i] (i < end, a word character), within text[, end). */
function wordEnd(text: string, i: number, end: number): number {
  while (i < end && lowerCode(text.charCodeAt(i)) >= 0) i++;
  return i;
}

/**
 * The end of the rest of a multi-word name whose first word ends at `from` (e.tokens[1..] each
 * the next word of text[, end), separated by a NAME_GAP), or -1.
 */
function restOfName(text: string, e: DrugEntry, from: number, end: number): number {
  let prevEnd = from;
  for (let k = 1; k < e.tokens.length; k++) {
    let s = prevEnd;
    while (s < end && lowerCode(text.charCodeAt(s)) < 0) s++;
    if (s >= end) return -1;
    const wEnd = wordEnd(text, s, end);
    const want = e.tokens[k]!;
    if (wEnd - s !== want.length) return -1;
    for (let j = 0; j < want.length; j++) if (lowerCode(text.charCodeAt(s + j)) !== want.charCodeAt(j)) return -1;
    if (!NAME_GAP.test(text.slice(prevEnd, s))) return -1;
    prevEnd = wEnd;
  }
  return prevEnd;
}

const FUZZY_MIN_LENGTH = rules.fuzzy.minLength;

/**
 * Every drug name in text[start, end), longest match first, in text order. Names must start
 * with a letter and stand as whole words ([A-Za-z0-9] runs of text[start, end)); numbers inside
 * a name ("Tylenol #3") must match.
 */
export function findDrugNames(text: string, start = 0, end = text.length): DrugMatch[] {
  const out: DrugMatch[] = [];
  let i = start;
  while (i < end) {
    const first = lowerCode(text.charCodeAt(i));
    if (first < 0) { i++; continue; }
    // one word: its lower-case hash, and whether it is letters only, read as we pass
    const a = i;
    let hash = hashStep(0, first);
    let letters = first >= 97;
    for (i++; i < end; i++) {
      const code = lowerCode(text.charCodeAt(i));
      if (code < 0) break;
      if (code < 97) letters = false;
      hash = hashStep(hash, code);
    }
    if (first < 97) continue; // a name starts with a letter
    // the longest vocabulary name starting with this word, else a misspelling of one (one push
    // site for both: an optimized scan is not thrown away at its first misspelling)
    const entries = INDEX_TABLE.get(text, a, i, hash);
    let entry: DrugEntry | null = null;
    let nameEnd = i;
    if (entries) {
      for (const e of entries) {
        nameEnd = e.tokens.length === 1 ? i : restOfName(text, e, i, end);
        if (nameEnd >= 0) { entry = e; break; }
      }
    }
    const fuzzy = !entry;
    if (fuzzy) {
      nameEnd = i;
      if (letters && i - a >= FUZZY_MIN_LENGTH) entry = fuzzyLookup(text, a, i, hash);
    }
    if (entry) {
      out.push({ entry, start: a, end: nameEnd, fuzzy });
      i = nameEnd;
    }
  }
  return out;
}

/** The vocabulary entry of a generic (lower case), if known. */
export function genericEntry(generic: string): DrugEntry | null {
  return GENERICS.get(generic.toLowerCase()) ?? null;
}

/** Whether a single word is a drug name of the vocabulary (exactly, case-insensitive). */
export function isDrugWord(word: string): boolean {
  const list = INDEX.get(word.toLowerCase());
  return !!list && list.some((e) => e.tokens.length === 1);
}
