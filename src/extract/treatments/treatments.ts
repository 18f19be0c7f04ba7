/**
 * Treatments to date: the services the letter says were received before the review, one per
 * service category (first mention kept), each with its ConText assertion.
 *
 * Phrasing families (patterns in ./treatments.json):
 * - treatment lists: "Treatment to date has included ...", "Prior relevant treatment has
 *   included ...", "Treatments were noted to include: ...", "has been treated with ...",
 *   "failed conservative treatment options to include ...";
 * - study lists: "Diagnostic studies included an MRI of the right knee ...";
 * - medication lists: "Current medications include ...", "The medication list included ...";
 * - verbs of receiving: "has undergone", "has had", "has completed", "was prescribed",
 *   "previously tried", "status post", "is taking", "was using crutches", "rests on his cane";
 * - outcomes: "despite physical therapy", "has not improved with ...", "failed ...";
 * - prior services: "a prior lumbar MRI", "the efficacy of recent physical therapy";
 * - studies with a result or a date: "X-ray of the right shoulder on 10-13-16 revealed ...",
 *   "Right shoulder x-rays were normal", "psychological testing revealed ...";
 * - drugs the medications stage read as current or past.
 * Lists are split on commas, semicolons and "and" (only between two services: "right hand and
 * forearm splint" stays one item). Requested, planned, authorized-only, negated and
 * hypothetical services are left out, and so are sentences that state what a guideline says.
 */
import type { Doc } from '../../pipeline/document.js';
import { mention } from '../../pipeline/document.js';
import type { Stage } from '../../pipeline/stage.js';
import type { Assertion, Medication, ServiceCategory, Treatment } from '../../schema/record.js';
import { assertionOf } from '../../context/context.js';
import { categorize } from '../categories.js';
import { findDrugNames } from '../medications/lexicon.js';
import { clinicalRanges, isGuidelineSentence, phrasesRegex, sentencesIn } from '../events/text.js';
import { isCalm, loosened, matchesAt, widened } from '../pattern-set.js';
import { LooseScan } from './prefilter.js';
import { lowerBound } from '../sorted.js';
import lexicon from './treatments.json' with { type: 'json' };

type Accept = 'open' | 'strict' | 'studies' | 'medication' | 'dme' | 'outcome';

/**
 * The lexicon's regular expressions with white-space quantifiers (`\s{1,3}`), built widened
 * (see widened: the same matches in a calm sentence, and they compile about three times faster,
 * once per process) or exact, for the rare sentence with two white-space characters in a row.
 * Every one of them reads the current sentence, a part of it, or a phrase with its white space
 * collapsed.
 */
function lexiconRegexes(wide: boolean) {
  const re = (source: string, flags: string) => new RegExp(wide ? widened(source) : source, flags);
  return {
    /** Each trigger, sticky: tried only where SCAN hits (see matchesAt). */
    TRIGGERS: lexicon.triggers.map((t) => ({
      accept: t.accept as Accept,
      re: re(`(?<![A-Za-z])(?:${t.pattern})(?![A-Za-z])`, 'giy'),
    })),
    PRIOR_ADJECTIVE: re(lexicon.priorAdjective, 'giy'),
    VERB_LIST_END: re(lexicon.verbListEnd, 'i'),
    /** LIST_END and VERB_LIST_END, global, for scanning. */
    LIST_END_G: re(lexicon.listEnd, 'gi'),
    VERB_LIST_END_G: re(lexicon.verbListEnd, 'gi'),
    ITEM_SPLIT: re(lexicon.itemSplit, 'gi'),
    SUB_SPLIT: re(lexicon.subSplit, 'i'),
    NOT_TREATMENT: re(lexicon.notTreatmentItem, 'i'),
    VAGUE: re(lexicon.vagueItem, 'i'),
    OTHER_TREATMENTS: re(phrasesRegex(lexicon.otherTreatments).source, 'i'),
    STUDIES: re(phrasesRegex(lexicon.studies).source, 'giy'),
    STUDIES_CS: re(phrasesRegex(lexicon.studiesCaseSensitive).source, 'gy'),
    RESULT_AFTER: re(lexicon.resultAfter, 'i'),
    POSTPOSED: re(lexicon.postposed, 'i'),
    RESULT_BEFORE: re(lexicon.resultBefore, 'i'),
    PLAN: re(lexicon.planCue, 'i'),
    NEGATION_BEFORE: re(lexicon.negationBefore, 'i'),
    NEGATION_AFTER: re(lexicon.negationAfter, 'i'),
    EXISTENCE_NEGATED: re(lexicon.existenceNegated, 'i'),
    DIAGNOSTICS: re(lexicon.diagnosticsItem, 'i'),
    ITEM_LEAD: re(lexicon.itemLead, 'i'),
    LIST_HEAD: re(lexicon.listHead, 'i'),
    SERVICE_LEAD: re(lexicon.serviceLead, 'i'),
    UNIT_ONLY: re(lexicon.unitOnlyItem, 'i'),
  };
}
type LexiconRegexes = ReturnType<typeof lexiconRegexes>;
const WIDE = lexiconRegexes(true);
let exactRegexes: LexiconRegexes | null = null;
/** The regexes for the sentence being read (set by findTreatments). */
let rx: LexiconRegexes = WIDE;

const ITEM_PLAN_WORD = new RegExp(lexicon.itemPlanWord, 'i');
const STUDY_CATEGORIES = new Set<string>(lexicon.studyCategories);
const RESULT_CATEGORIES = new Set<string>(lexicon.resultCategories);
const CLAUSE_NEGATION = new RegExp(lexicon.clauseNegation, 'i');
const MEDICATION_NOT_STATED = new RegExp(lexicon.medicationNotStated, 'i');
const DIAGNOSTICS_DEFAULT = lexicon.diagnosticsDefault as ServiceCategory;

/**
 * Where the triggers, PRIOR_ADJECTIVE, the studies and POSTPOSED's verb may match in a
 * sentence: one scan of their loosened forms (see prefilter.ts) instead of about 20. They all
 * start where no letter precedes (their own look-behinds say so; POSTPOSED's verb follows a
 * space or a comma).
 */
const SCAN = new LooseScan([
  ...lexicon.triggers.map((t) => `(?:${loosened(t.pattern)})(?![A-Za-z])`),
  loosened(lexicon.priorAdjective),
  loosened(phrasesRegex(lexicon.studies).source),
  loosened(phrasesRegex(lexicon.studiesCaseSensitive).source),
  loosened(lexicon.postposed),
], '(?<![A-Za-z])');

const isDrug = (t: string) => findDrugNames(t).length > 0;

/** categorize() with the drug vocabulary, remembered per phrase (letters repeat their lists). */
const categoryMemo = new Map<string, ServiceCategory>();
function categoryOfPhrase(phrase: string): ServiceCategory {
  let c = categoryMemo.get(phrase);
  if (c === undefined) {
    c = categorize(phrase, { isDrug });
    if (categoryMemo.size > 5000) categoryMemo.clear();
    categoryMemo.set(phrase, c);
  }
  return c;
}
/** At most this many matches of one trigger are read in one sentence. */
const MAX_TRIGGERS_PER_SENTENCE = 50;

/** How far a list runs at most, and how far back / ahead a cue is looked for (characters). */
const LIST_MAX = 500;
const BACK = 250;
const AHEAD = 200;

/** A service found in the letter, before the distinct-by-category pass. */
interface Candidate {
  start: number;
  end: number;
  /** 'diagnostics': unnamed diagnostic studies, resolved once the letter's studies are known. */
  category: ServiceCategory | 'diagnostics';
  assertion: Assertion;
}

/**
 * The earliest candidate of each category (the only one the record keeps), so that a later
 * mention of a category already found is dropped before its context is read.
 */
class Candidates {
  private readonly first = new Map<string, Candidate>();
  /** Would a candidate of this category starting here be kept? */
  wanted(category: string, start: number): boolean {
    const f = this.first.get(category);
    return !f || start < f.start;
  }
  push(c: Candidate): void {
    if (this.wanted(c.category, c.start)) this.first.set(c.category, c);
  }
  all(): Candidate[] {
    return [...this.first.values()];
  }
}

/** Offsets [start, end) of the text without surrounding white space and `.,;:` or a leading conjunction. */
function trimItem(text: string, start: number, end: number): [number, number] {
  for (;;) {
    const before = start;
    while (start < end && /[\s,;:.]/.test(text[start]!)) start++;
    const lead = rx.ITEM_LEAD.exec(text.slice(start, Math.min(end, start + 20)));
    if (lead) start += lead[0].length;
    if (start === before) break;
  }
  while (end > start && /[\s,;:.]/.test(text[end - 1]!)) end--;
  return [start, end];
}

/** Paren depth before each offset of s (0 outside parentheses). */
function parenDepths(s: string): number[] {
  const depth: number[] = new Array(s.length + 1);
  let d = 0;
  for (let i = 0; i < s.length; i++) {
    depth[i] = d;
    if (s[i] === '(' || s[i] === '[') d++;
    else if ((s[i] === ')' || s[i] === ']') && d > 0) d--;
  }
  depth[s.length] = d;
  return depth;
}

/** Does the phrase name a service (a category other than `other`, a known `other` treatment or a drug)? */
function serviceLike(phrase: string): boolean {
  const bare = phrase.trim().replace(/^(?:and|or|&)\s+/i, '');
  return categoryOfPhrase(bare) !== 'other' || rx.OTHER_TREATMENTS.test(bare) || rx.DIAGNOSTICS.test(bare);
}

/** The items of a list text[start, end): commas and semicolons, then "and" between two services. */
function splitList(text: string, start: number, end: number): [number, number][] {
  const s = text.slice(start, end);
  const depth = parenDepths(s);
  const chunks: [number, number][] = [];
  let from = 0;
  const pieces: { a: number; b: number; sepIsWord: boolean }[] = [];
  // exec on the shared regex (matchAll would clone it); nothing below uses it while it runs
  rx.ITEM_SPLIT.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = rx.ITEM_SPLIT.exec(s)) !== null) {
    if (m[0].length === 0) rx.ITEM_SPLIT.lastIndex++;
    if (depth[m.index] !== 0) continue;
    pieces.push({ a: from, b: m.index, sepIsWord: !/[,;]/.test(m[0]) });
    from = m.index + m[0].length;
  }
  pieces.push({ a: from, b: s.length, sepIsWord: false });
  // merge word-separated pieces back unless both sides name a service
  let cur: { a: number; b: number } | null = null;
  let pendingWord = false;
  for (const p of pieces) {
    if (cur && pendingWord) {
      const left = s.slice(cur.a, cur.b);
      const right = s.slice(p.a, p.b);
      if (!(serviceLike(left) && serviceLike(right))) {
        cur = { a: cur.a, b: p.b };
        pendingWord = p.sepIsWord;
        continue;
      }
    }
    if (cur) chunks.push([start + cur.a, start + cur.b]);
    cur = { a: p.a, b: p.b };
    pendingWord = p.sepIsWord;
  }
  if (cur) chunks.push([start + cur.a, start + cur.b]);
  const out: [number, number][] = [];
  for (const [a, b] of chunks) {
    const [x, y] = trimItem(text, a, b);
    if (y > x) out.push([x, y]);
  }
  return out;
}

/** Where a list opened at `from` ends: the first list-end word, else the sentence end. */
function listEnd(text: string, from: number, sentenceEnd: number, accept: Accept): number {
  const rest = text.slice(from, Math.min(sentenceEnd, from + LIST_MAX));
  const depth = parenDepths(rest);
  const first = (g: RegExp): number => {
    g.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = g.exec(rest)) !== null) {
      if (m.index > 0 && depth[m.index] === 0) return m.index;
      if (m[0].length === 0) g.lastIndex++;
    }
    return rest.length;
  };
  let end = first(rx.LIST_END_G);
  if (accept !== 'open' && accept !== 'studies' && accept !== 'medication') end = Math.min(end, first(rx.VERB_LIST_END_G));
  return from + end;
}

/** The category an item takes under its trigger's acceptance rule, or null when it is left out. */
function categoryOf(item: string, accept: Accept): ServiceCategory | 'diagnostics' | null {
  const bare = item.replace(/\([^()]{0,80}\)/g, ' ').replace(/\s+/g, ' ').trim();
  if (!bare || rx.VAGUE.test(bare) || rx.UNIT_ONLY.test(bare)) return null;
  if (rx.DIAGNOSTICS.test(bare)) return accept === 'dme' || accept === 'medication' ? null : 'diagnostics';
  const category = categoryOfPhrase(item);
  switch (accept) {
    case 'medication':
      if (MEDICATION_NOT_STATED.test(bare)) return null;
      return rx.NOT_TREATMENT.test(bare) && category !== 'medication' ? null : 'medication';
    case 'studies':
      return STUDY_CATEGORIES.has(category) ? category : null;
    case 'dme':
      return category === 'durable_medical_equipment' ? category : null;
    case 'open':
      if (category !== 'other') return category;
      return rx.NOT_TREATMENT.test(bare) && !rx.OTHER_TREATMENTS.test(bare) ? null : 'other';
    case 'strict':
    case 'outcome':
      if (category !== 'other') return category;
      return rx.OTHER_TREATMENTS.test(bare) && !rx.NOT_TREATMENT.test(bare) ? 'other' : null;
  }
}

/** itemAssertion, remembered per item text (it reads the item alone; letters repeat items). */
const itemAssertionMemo = new Map<string, Assertion>();
/** The assertion of an item in its own words ("no prior chiropractic therapy" is negated). */
function itemAssertion(text: string, start: number, end: number): Assertion {
  const item = text.slice(start, end);
  let a = itemAssertionMemo.get(item);
  if (a === undefined) {
    a = assertionOf(item, 0, item.length);
    if (itemAssertionMemo.size > 5000) itemAssertionMemo.clear();
    itemAssertionMemo.set(item, a);
  }
  return a;
}

interface SentenceContext {
  text: string;
  start: number;
  end: number;
  /** text[start, end) */
  sentence: string;
  /** Where SCAN hits in `sentence`: the only offsets where its patterns may match. */
  hits: number[];
  /** Does the clause at this offset state what a guideline says? */
  guidelineAt(offset: number): boolean;
  /** assertionOf(text, start, end), read once per span of the letter. */
  assertion(start: number, end: number): Assertion;
}

/** The sentence's text before `pos`, at most `n` characters. */
const back = (sc: SentenceContext, pos: number, n = BACK) => sc.text.slice(Math.max(sc.start, pos - n), pos);
/** The sentence's text from `pos`, at most `n` characters. */
const ahead = (sc: SentenceContext, pos: number, n = AHEAD) => sc.text.slice(pos, Math.min(sc.end, pos + n));

function collectFromTriggers(sc: SentenceContext, out: Candidates): void {
  for (const { accept, re } of rx.TRIGGERS) collectFromTrigger(sc, accept, re, out);
}

function collectFromTrigger(sc: SentenceContext, accept: Accept, re: RegExp, out: Candidates): void {
  const { text } = sc;
  let seen = 0;
  for (const m of matchesAt(re, sc.sentence, sc.hits)) {
    if (seen++ >= MAX_TRIGGERS_PER_SENTENCE) break;
    if (m[0].length === 0) continue;
    const trigStart = sc.start + m.index;
    const trigEnd = trigStart + m[0].length;
    const before = back(sc, trigStart);
    // "There is no documentation that the patient has undergone ..."
    if (rx.EXISTENCE_NEGATED.test(before)) continue;
    if (sc.guidelineAt(trigStart)) continue;
    if (accept !== 'outcome' && accept !== 'open') {
      // "it does not appear the patient has undergone ...", "no indication the patient had ..."
      const clause = before.split(/[,;:]/).pop() ?? '';
      if (CLAUSE_NEGATION.test(clause)) continue;
    }
    const end = listEnd(text, trigEnd, sc.end, accept);
    if (end <= trigEnd) continue;
    // the trigger's own assertion ("has not undergone"), read once and only when an item is wanted
    let triggerOk: boolean | null = accept === 'outcome' || accept === 'open' ? true : null;
    const check = () => {
      if (triggerOk === null) {
        const a = sc.assertion(trigStart, trigEnd);
        triggerOk = a !== 'negated' && a !== 'hypothetical';
      }
      return triggerOk;
    };
    for (const [a, b] of splitList(text, trigEnd, end)) {
      addItem(sc, a, b, accept, out, check);
    }
  }
}

function addItem(sc: SentenceContext, a: number, b: number, accept: Accept, out: Candidates, check: () => boolean): void {
  const { text } = sc;
  const item = text.slice(a, b);
  // "medication management with urine drug screenings", "oral medications including Norco ..."
  const sub = rx.SUB_SPLIT.exec(item);
  if (sub && sub.index > 0) {
    const headEnd = a + sub.index;
    const [ha, hb] = trimItem(text, a, headEnd);
    if (hb > ha) addOne(sc, ha, hb, accept, out, check);
    const tailAccept: Accept = accept === 'medication' ? 'medication' : accept === 'dme' ? 'dme' : 'strict';
    for (const [x, y] of splitList(text, headEnd + sub[0].length, b)) addOne(sc, x, y, tailAccept, out, check);
    return;
  }
  addOne(sc, a, b, accept, out, check);
}

function addOne(sc: SentenceContext, a: number, b: number, accept: Accept, out: Candidates, check: () => boolean): void {
  const { text } = sc;
  const item = text.slice(a, b);
  const category = categoryOf(item, accept);
  if (!category || !out.wanted(category, a)) return;
  // the cheap tests first: every test here only rejects, so their order does not change the
  // result, and the ConText reads below (assertionOf) cost the most
  const lead = text.slice(Math.max(sc.start, a - 30), a).split(/[,;]|(?<![A-Za-z])and(?![A-Za-z])/).pop() ?? '';
  // (for an outcome, a negation before the item is the outcome's: "no improvement with acupuncture")
  if (accept !== 'outcome' && rx.NEGATION_BEFORE.test(lead)) return;
  if (accept !== 'open' && accept !== 'medication') {
    if (rx.PLAN.test(back(sc, b))) return;
    if (rx.NEGATION_AFTER.test(ahead(sc, b))) return;
  }
  if (ITEM_PLAN_WORD.test(item)) return;
  if (!check()) return;
  let assertion = itemAssertion(text, a, b);
  if (assertion === 'negated' || assertion === 'hypothetical' || assertion === 'possible') return;
  if (accept !== 'outcome') {
    const whole = sc.assertion(a, b);
    if (whole === 'hypothetical') return;
    if (whole === 'historical') assertion = 'historical';
  }
  out.push({ start: a, end: b, category, assertion });
}

function collectPriorServices(sc: SentenceContext, out: Candidates): void {
  const { text } = sc;
  for (const m of matchesAt(rx.PRIOR_ADJECTIVE, sc.sentence, sc.hits)) {
    const at = sc.start + m.index;
    const from = at + m[0].length;
    if (rx.NEGATION_BEFORE.test(text.slice(Math.max(sc.start, at - 30), at))) continue;
    // the service phrase: up to five words, to the first list end or punctuation
    const rest = text.slice(from, Math.min(sc.end, from + 80));
    const words = /^(?:[A-Za-z0-9/'-]+(?:\s{1,3}|(?![A-Za-z0-9/'-]))){1,5}/.exec(rest);
    if (!words) continue;
    let end = from + words[0].trimEnd().length;
    const stop = rx.VERB_LIST_END.exec(text.slice(from, end));
    if (stop && stop.index > 0) end = from + stop.index;
    const [a, b] = trimItem(text, from, end);
    if (b <= a || sc.guidelineAt(at)) continue;
    const phrase = text.slice(a, b);
    if (rx.LIST_HEAD.test(phrase)) continue;
    const category = categoryOfPhrase(phrase);
    if (category === 'other' || category === 'consultation' || rx.UNIT_ONLY.test(phrase) || !out.wanted(category, a)) continue;
    if (rx.PLAN.test(back(sc, b))) continue;
    if (rx.NEGATION_AFTER.test(ahead(sc, b))) continue;
    const assertion = sc.assertion(a, b);
    if (assertion === 'negated' || assertion === 'hypothetical') continue;
    out.push({ start: a, end: b, category, assertion: assertion === 'possible' ? 'present' : assertion });
  }
}

function collectStudies(sc: SentenceContext, out: Candidates): void {
  const { text } = sc;
  const found: [number, number][] = [];
  for (const re of [rx.STUDIES, rx.STUDIES_CS]) {
    for (const m of matchesAt(re, sc.sentence, sc.hits)) found.push([sc.start + m.index, sc.start + m.index + m[0].length]);
  }
  for (const [a, b] of found) {
    const category = categoryOfPhrase(text.slice(a, b));
    if (!RESULT_CATEGORIES.has(category) || !out.wanted(category, a)) continue;
    const after = rx.RESULT_AFTER.exec(ahead(sc, b));
    const before = rx.RESULT_BEFORE.test(back(sc, a, 60));
    if (!after && !before) continue;
    const windowEnd = after ? b + after.index + after[0].length : b;
    // the plan may follow the study ("MRI results are pending"): read to the end of its clause
    const rest = /^[^.;,]{0,40}/.exec(ahead(sc, windowEnd, 40))![0];
    if (rx.PLAN.test(back(sc, windowEnd)) || rx.PLAN.test(rest)) continue;
    if (rx.NEGATION_BEFORE.test(back(sc, a, 30))) continue;
    if (rx.NEGATION_AFTER.test(ahead(sc, b))) continue;
    if (rx.EXISTENCE_NEGATED.test(back(sc, a))) continue;
    if (sc.guidelineAt(a)) continue;
    const assertion = sc.assertion(a, b);
    if (assertion === 'negated' || assertion === 'hypothetical') continue;
    out.push({ start: a, end: b, category, assertion: assertion === 'possible' ? 'present' : assertion });
  }
}

/**
 * Per-clause (";") guideline test of a sentence: a function of an offset in it. Each clause is
 * read on the first question about it (most sentences never ask).
 */
function guidelineClauses(text: string, start: number, end: number): (offset: number) => boolean {
  let ends: number[] | null = null;
  const guideline: (boolean | undefined)[] = [];
  return (offset) => {
    if (!ends) {
      ends = [];
      for (let i = start; i <= end; i++) if (i === end || text[i] === ';') ends.push(i);
    }
    // the first clause ending at or after the offset (else the last)
    const clauseEnds = ends;
    const lo = Math.min(lowerBound(clauseEnds.length, (i) => clauseEnds[i]! < offset), clauseEnds.length - 1);
    let g = guideline[lo];
    if (g === undefined) {
      const from = lo === 0 ? start : ends[lo - 1]! + 1;
      g = guideline[lo] = isGuidelineSentence(text.slice(from, ends[lo]));
    }
    return g;
  };
}

const WORD_CHAR = /[A-Za-z0-9/'-]/;
const SPACE_OR_COMMA = /[\s,]/;
const LETTER = /[A-Za-z]/;

/**
 * A service named before a verb of receiving: "Physical therapy was previously attended",
 * "An epidural steroid injection was performed on ...", "Acupuncture helped".
 */
function collectPostposed(sc: SentenceContext, out: Candidates): void {
  const { text } = sc;
  const { sentence } = sc;
  // POSTPOSED is read after each word ([A-Za-z][A-Za-z0-9/'-]*, as long as it runs); where it
  // matches, its verb follows a run of spaces and commas, and SCAN hits there
  let last = -1;
  for (const h of sc.hits) {
    let q = h;
    while (q > 0 && SPACE_OR_COMMA.test(sentence[q - 1]!)) q--;
    if (q === last || q === h) continue;
    last = q;
    let p = q - 1;
    while (p >= 0 && WORD_CHAR.test(sentence[p]!) && !LETTER.test(sentence[p]!)) p--;
    if (p < 0 || !LETTER.test(sentence[p]!)) continue;
    const at = sc.start + q;
    const verb = rx.POSTPOSED.exec(text.slice(at, Math.min(sc.end, at + 60)));
    if (!verb) continue;
    // the service: the words of its clause before the verb, at most six
    const near = back(sc, at, 70);
    const clauseFrom = at - near.length + Math.max(0, ...[';', ',', ':'].map((c) => near.lastIndexOf(c) + 1));
    let a = clauseFrom;
    const phraseWords = text.slice(clauseFrom, at).split(/\s+/).filter(Boolean);
    if (phraseWords.length > 6) a = at - phraseWords.slice(-6).join(' ').length;
    // the service starts after a reporting verb or a relative word ("She reports that physical therapy has helped")
    const lead = rx.SERVICE_LEAD.exec(text.slice(a, at));
    if (lead) a += lead[0].length;
    const [x, y] = trimItem(text, a, at);
    if (y <= x || sc.guidelineAt(x)) continue;
    const phrase = text.slice(x, y);
    const category = categoryOfPhrase(phrase);
    if (category === 'other' || category === 'consultation' || !out.wanted(category, x)) continue;
    if (rx.PLAN.test(back(sc, at + verb[0].length))) continue;
    if (CLAUSE_NEGATION.test(text.slice(clauseFrom, at)) || rx.EXISTENCE_NEGATED.test(back(sc, at))) continue;
    const assertion = sc.assertion(x, y);
    if (assertion === 'negated' || assertion === 'hypothetical') continue;
    out.push({ start: x, end: y, category, assertion: assertion === 'possible' ? 'present' : assertion });
  }
}

/**
 * Treatments to date in text, read from the given ranges (case summary and rationales), plus
 * the drugs a medications list marks as current or past.
 */
export function findTreatments(text: string, ranges: [number, number][], medications: Medication[] = []): Treatment[] {
  const found = new Candidates();
  const assertions = new Map<string, Assertion>();
  const assertion = (start: number, end: number): Assertion => {
    const key = `${start}:${end}`;
    let a = assertions.get(key);
    if (a === undefined) assertions.set(key, (a = assertionOf(text, start, end)));
    return a;
  };
  for (const [rs, re] of ranges) {
    const calmRange = isCalm(text.slice(rs, re));
    for (const s of sentencesIn(text, rs, re)) {
      const sentence = text.slice(s.start, s.end);
      const hits = SCAN.hits(sentence);
      if (!hits) continue; // nothing to read: every collector starts at a hit
      rx = calmRange || isCalm(sentence) ? WIDE : (exactRegexes ??= lexiconRegexes(false));
      const sc: SentenceContext = { text, start: s.start, end: s.end, sentence, hits, guidelineAt: guidelineClauses(text, s.start, s.end), assertion };
      collectFromTriggers(sc, found);
      collectPriorServices(sc, found);
      collectPostposed(sc, found);
      collectStudies(sc, found);
    }
  }
  for (const med of medications) {
    if (med.status !== 'current' && med.status !== 'past') continue;
    if (med.assertion !== 'present' && med.assertion !== 'historical') continue;
    found.push({ start: med.span[0], end: med.span[1], category: 'medication', assertion: med.assertion });
  }
  const candidates = found.all();
  // unnamed "diagnostics": the kind of study the letter describes, if it describes one kind
  const studyKinds = new Set(candidates.filter((c) => c.category !== 'diagnostics' && STUDY_CATEGORIES.has(c.category)).map((c) => c.category));
  const diagnostics: ServiceCategory | null = studyKinds.size === 0 ? DIAGNOSTICS_DEFAULT
    : studyKinds.size === 1 ? ([...studyKinds][0] as ServiceCategory) : null;

  candidates.sort((x, y) => x.start - y.start || y.end - x.end);
  const seen = new Set<ServiceCategory>();
  const out: Treatment[] = [];
  for (const c of candidates) {
    const category = c.category === 'diagnostics' ? diagnostics : c.category;
    if (!category || seen.has(category)) continue;
    const m = mention(text, c.start, c.end);
    if (!m) continue;
    seen.add(category);
    // (explicit fields, in the order a spread of the mention gives: a spread is slow here)
    out.push({ text: m.text, span: m.span, category, assertion: c.assertion });
  }
  return out;
}

export const treatmentsStage: Stage = {
  name: 'treatments',
  requires: ['sections'],
  provides: ['clinical'],
  run(doc: Doc) {
    doc.fields.treatmentsToDate = findTreatments(doc.text, clinicalRanges(doc), doc.fields.medications);
  },
};
