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

/** Damerau-Levenshtein distance, capped: returns max + 1 as soon as it is exceeded. */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = a.length;
  const m = b.length;
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: m + 1 }, (_, j) => j);
  for (let i = 1; i <= n; i++) {
    const cur: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[m]!;
}

/** Misspelling lookups already made (bounded: cleared when full). */
const FUZZY_SEEN = new Map<string, DrugEntry | null>();

function fuzzyLookup(word: string): DrugEntry | null {
  if (word.length < rules.fuzzy.minLength || NOT_DRUGS.has(word) || !/^[a-z]+$/.test(word)) return null;
  const seen = FUZZY_SEEN.get(word);
  if (seen !== undefined) return seen;
  if (FUZZY_SEEN.size > 20000) FUZZY_SEEN.clear();
  const found = fuzzyScan(word);
  FUZZY_SEEN.set(word, found);
  return found;
}

function fuzzyScan(word: string): DrugEntry | null {
  const candidates = rules.fuzzy.sameFirstLetter ? FUZZY_CANDIDATES.get(word[0]!) ?? [] : [...FUZZY_CANDIDATES.values()].flat();
  let best: DrugEntry | null = null;
  for (const c of candidates) {
    const d = editDistance(word, c.tokens[0]!, rules.fuzzy.maxDistance);
    if (d <= rules.fuzzy.maxDistance && d > 0) {
      if (best && best.generic !== c.generic) return null; // ambiguous: two drugs one edit away
      best = c;
    }
  }
  return best;
}

interface Token { word: string; start: number; end: number }

/** Separators a multi-word name may have between its words: spaces, a hyphen, a slash, "#", "No.". */
const NAME_GAP = /^[ \t]{0,2}[-/#.]?[ \t]{0,2}$/;

/**
 * Every drug name in text[start, end), longest match first, in text order. Names must start
 * with a letter and stand as whole words; numbers inside a name ("Tylenol #3") must match.
 */
export function findDrugNames(text: string, start = 0, end = text.length): DrugMatch[] {
  const tokens: Token[] = [];
  const hay = text.slice(start, end);
  for (const m of hay.matchAll(WORD)) {
    tokens.push({ word: m[0].toLowerCase(), start: start + m.index, end: start + m.index + m[0].length });
  }
  const out: DrugMatch[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!/^[a-z]/.test(t.word)) continue;
    const entries = INDEX.get(t.word);
    let matched: { entry: DrugEntry; last: number } | null = null;
    if (entries) {
      for (const e of entries) {
        let ok = true;
        for (let k = 1; k < e.tokens.length; k++) {
          const next = tokens[i + k];
          if (!next || next.word !== e.tokens[k] || !NAME_GAP.test(text.slice(tokens[i + k - 1]!.end, next.start))) {
            ok = false;
            break;
          }
        }
        if (ok) { matched = { entry: e, last: i + e.tokens.length - 1 }; break; }
      }
    }
    if (matched) {
      out.push({ entry: matched.entry, start: t.start, end: tokens[matched.last]!.end, fuzzy: false });
      i = matched.last;
      continue;
    }
    const fuzzy = fuzzyLookup(t.word);
    if (fuzzy) out.push({ entry: fuzzy, start: t.start, end: t.end, fuzzy: true });
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
