/**
 * Pain scores: every pain rating the letter writes, repeats in the rationale included, each with
 * its value (the upper bound of a range), maximum, the body part its sentence gives it, the
 * medication qualifier ("6-7/10 without and 3/10 with medication") and the date of its sentence.
 *
 * Phrasing families (rules.json holds the word lists):
 * - slash: "7/10", "8-9/10", "9/10 to 10/10", "7 / 10";
 * - out of / of / on / over: "6 out of 10", "rated as 10 of 10", "rated at 3 on 10",
 *   "10 intensity out of 10", "6-8 on a 10-point scale", "2 on a scale of 0 to 10";
 * - scale label without a maximum: "VAS 5", "VAS of 7", "pain level of 4", "pain score: 6";
 * - a bare number joined to a rating: "6 out of 10 at its worst and 3-4 at its best",
 *   "8 out of 10 without medication and 5 with".
 * Not ratings: strength "4/5", "5-/5", reflexes "2/4", "2 of 4", "+2", range of motion
 * "40/90 degrees", blood pressure "120/80", dates "7/10/2015", counts "4/6 sessions",
 * percentages, and study statistics ("6 or 7 out of 10 patients").
 *
 * Our own anchored, bounded patterns run first (a general parser reads "7/10" as July 10); every
 * quantifier is bounded or over a single character class, so matching is linear.
 */
import type { Doc } from '../../pipeline/document.js';
import type { Stage } from '../../pipeline/stage.js';
import type { PainScore } from '../../schema/record.js';
import { sentenceBounds } from '../../context/context.js';
import { findDates } from '../dates.js';
import { findBodyParts } from '../body-parts/body-parts.js';
import { clinicalRanges, guidelineRegions, inside, isGuidelineSentence } from '../medications/scope.js';
import { isDrugWord } from '../medications/lexicon.js';
import rules from './rules.json' with { type: 'json' };

type Qualifier = PainScore['qualifier'];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const phrase = (s: string) => escape(s).replace(/(?:\\ |\s)+/g, '[ \\t]{1,2}').replace(/-/g, '[ \\t-]?');
const alt = (words: string[]) => [...new Set(words)].sort((a, b) => b.length - a.length).map(phrase).join('|');

const WORD_VALUES: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
};
const NUM = '\\d{1,2}(?:\\.\\d)?';
const NUMW = `(?:${NUM}|zero|one|two|three|four|five|six|seven|eight|nine|ten)`;
const JOIN = `(?:[ \\t]?[-\\u2013][ \\t]?|[ \\t](?:to|or)[ \\t])`;
const MAX = '(10|ten)';

/** "7/10", "8-9/10", "9/10 to 10/10". */
const SLASH = new RegExp(
  `(?<![\\d/.+\\-\\u2013])(${NUM})(?:${JOIN}(${NUM}))?[ \\t]?/[ \\t]?(10)(?![\\d/])` +
  `(?:[ \\t]?(?:-|to)[ \\t]?(${NUM})[ \\t]?/[ \\t]?10(?![\\d/]))?`, 'gid');
/** "out of 10", "on a ten" (not "of 10/12/2015"): in every OUT_OF match. */
const OF_MAX = `(?:out[ \\t]of|of|on|over)[ \\t](?:(?:a|the)[ \\t])?${MAX}(?!\\d|[/.]\\d|[ \\t]?%)`;
/** "6 out of 10", "3 on 10", "10 of 10", "10 intensity out of 10", "6-8 on a 10-point scale". */
const OUT_OF = new RegExp(
  `(?<![\\d/.\\-\\u2013A-Za-z])(${NUMW})(?:${JOIN}(${NUMW}))?[ \\t](?:(?:intensity|points?)[ \\t])?${OF_MAX}` +
  `(?:[ \\t]?-?[ \\t]?point(?:[ \\t](?:pain|analog|analogue|numeric|numerical|rating|visual)){0,3}[ \\t]scale)?`, 'gid');
/** "2 on a scale of 0 to 10", "5 on a 0-10 scale", "6 on a 10 point pain scale". */
const SCALE_OF = new RegExp(
  `(?<![\\d/.\\-\\u2013A-Za-z])(${NUMW})(?:${JOIN}(${NUMW}))?[ \\t]on[ \\t](?:a|the)[ \\t](?:pain[ \\t])?` +
  `(?:scale[ \\t](?:of|from)[ \\t](?:(?:0|1|zero|one)[ \\t]?(?:-|to)[ \\t]?)?${MAX}` +
  `|(?:0|1)[ \\t]?(?:-|to)[ \\t]?${MAX}[ \\t](?:point[ \\t])?(?:pain[ \\t])?scale` +
  `|(?:VAS|NRS|visual[ \\t]analog(?:ue)?[ \\t]scale|numeric(?:al)?[ \\t](?:pain[ \\t])?rating[ \\t]scale|pain[ \\t]scale)(?![ \\t]?(?:of|from)[ \\t]))(?![\\d/])`, 'gi');
/**
 * What every OUT_OF or SCALE_OF match holds, found much faster than the pattern itself (a number
 * or number word behind a lookbehind, tried at most positions): a line without it is not scanned
 * for the pattern. Few lines have it.
 */
const HAS_OF_MAX = new RegExp(OF_MAX, 'i');
/** Each SCALE_OF alternative ends with "scale", "VAS" or "NRS". */
const HAS_SCALE = /scale|VAS|NRS/i;
/** SLASH, VERB_NUM and LABEL each need a digit: most lines have none, so their big patterns are skipped. */
const HAS_DIGIT = /\d/;
/** Every VERB_NUM match holds its verb's stem. */
const HAS_RATE = /rat/i;
/** Every LABEL match starts with a label holding one of these words (checked against rules.scaleLabels: else no pre-check). */
const LABEL_WORDS = ['pain', 'vas', 'nrs', 'visual', 'numeric'];
const HAS_LABEL = rules.scaleLabels.every((l) => LABEL_WORDS.some((w) => l.toLowerCase().includes(w)))
  ? new RegExp(LABEL_WORDS.join('|'), 'i') : undefined;
/** "rated 7", "rated her pain as a 6", "rates it at 8-9": a rating verb and a number, no maximum written. */
const VERB_NUM = new RegExp(
  `(?<![A-Za-z])(?:rated|rates|rate|rating)[ \\t](?:(?:his|her|their|the|it|its)[ \\t])?(?:pain[ \\t])?(?:(?:as|at)[ \\t])?(?:(?:a|an)[ \\t])?` +
  `(${NUM})(?:${JOIN}(${NUM}))?(?!\\d|[.,]\\d|[ \\t]?(?:%|/|\\+|-|out[ \\t]of|of[ \\t]|on[ \\t]|over[ \\t]|points?|degrees?|mm|cm|percent|times|x[ \\t]))`, 'gid');
/** A date-like "on 5/10" or "dated 7/10" is no rating. */
const DATE_BEFORE_STRICT = /(?<![A-Za-z])(?:on|dated|since|until|through|thru|between)[ \t]$/i;
/** "from 8/10 to 4/10" is a change (two ratings); "ranging from 6-8 out of 10" is a range (one). */
const CHANGE_FROM = /(?<![A-Za-z])from[ \t](?:(?:a|an)[ \t])?$/i;
const RANGE_FROM = /(?<![A-Za-z])(?:rang(?:e|es|ed|ing)|var(?:y|ies|ied|ying)|fluctuat(?:e|es|ed|ing)|between)[ \t](?:(?:from|between)[ \t])?(?:(?:a|an)[ \t])?$/i;
/** "VAS 5", "VAS of 7", "pain level of 4", "pain score: 6" (no maximum written). */
const LABEL = new RegExp(
  `(?<![A-Za-z])(?:${alt(rules.scaleLabels)})(?:[ \\t]{1,2}(?:${alt(rules.labelLinks)})(?![A-Za-z])){0,3}[ \\t]{0,2}[:=]?[ \\t]{0,2}` +
  `(${NUM})(?:${JOIN}(${NUM}))?(?!\\d|\\.\\d|[ \\t]?(?:%|/|percent|out[ \\t]of|of[ \\t]|on[ \\t]|over[ \\t]|mm|cm|points?[ \\t]))`, 'gi');

const VERB_BEFORE = new RegExp(`(?<![A-Za-z])(?:${alt(rules.verbsBefore)})[ \\t]{1,2}$`, 'i');
const SCALE_AFTER = new RegExp(`^[ \\t]{1,2}(?:${alt(rules.scaleAfter)})(?![A-Za-z])`, 'i');
const NOT_AFTER = new RegExp(`^[ \\t]{0,2}(?:${alt(rules.notAfter)})(?![A-Za-z])`, 'i');
const STATISTICS = new RegExp(`(?<![A-Za-z])(?:${NUMW}|${NUM}%?)(?:${JOIN}(?:${NUMW}))?[ \\t](?:out[ \\t]of|of|in)[ \\t](?:every[ \\t])?(?:\\d{1,3}|ten|a hundred|one hundred)[ \\t](?:${alt(rules.statisticsAfter)})(?![A-Za-z])`, 'i');
const PAIN_WORDS_SOURCE = `(?<![A-Za-z])(?:${alt(rules.painWords)})(?![A-Za-z])`;
/** Global patterns are run with exec from lastIndex 0 (which a completed run leaves 0). */
const PAIN_WORDS = new RegExp(PAIN_WORDS_SOURCE, 'gi');
const HAS_PAIN_WORD = new RegExp(PAIN_WORDS_SOURCE, 'i');
const OTHER_SUBJECTS = new RegExp(`(?<![A-Za-z])(?:${alt(rules.otherSubjects)})(?![A-Za-z])`, 'gi');
const RATE_VERB = /(?<![A-Za-z])rat(?:e|ed|es|ing)(?![A-Za-z])/i;
const WITH_AFTER = new RegExp(`^[ \\t,]{0,3}(?:(?:while|when)[ \\t])?(?:${alt(rules.withMedication)})(?![A-Za-z])`, 'i');
const WITHOUT_AFTER = new RegExp(`^[ \\t,]{0,3}(?:(?:while|when)[ \\t])?(?:${alt(rules.withoutMedication)})(?![A-Za-z])`, 'i');
const WITH_BEFORE = new RegExp(`(?:${alt(rules.withMedication)})(?![A-Za-z])[^\\d;]{0,40}$`, 'i');
const WITHOUT_BEFORE = new RegExp(`(?:${alt(rules.withoutMedication)})(?![A-Za-z])[^\\d;]{0,40}$`, 'i');
/** "with Norco", "without his Norco": a drug of the vocabulary after with / without. */
const WITH_DRUG = /^[ \t,]{0,3}(with|without|on|off|after|before)[ \t](?:(?:his|her|the|taking)[ \t]){0,2}([A-Za-z]{3,20})/i;
/** "8/10 without, and ...": a bare with / without, its object the medication of the sentence. */
const BARE_QUALIFIER = new RegExp(`^[ \\t,]{0,3}(${alt(Object.keys(rules.bareQualifierWords))})(?=[ \\t]?(?:[,.;)]|and\\b|but\\b|while\\b|$))`, 'i');
const BARE_OF = new Map(Object.entries(rules.bareQualifierWords as Record<string, Qualifier>).map(([k, v]) => [k.toLowerCase(), v]));
const MEDICATION_WORD = /(?<![A-Za-z])(?:medications?|meds|medicines?|analgesics?)(?![A-Za-z])/i;
/** A bare second rating: "... at its worst and 3-4 at its best", "... without medication and 5 with". */
const FOLLOW_UP = new RegExp(
  `^[^\\d.;]{0,40}?[ \\t](?:and|but|while|versus|vs\\.?)[ \\t](?:(?:a|an)[ \\t])?(${NUM})(?:${JOIN}(${NUM}))?` +
  `(?=[ \\t](?:at|with|without|on|off|after|before|when|while)(?![A-Za-z]))`, 'id');
const AFTER_PART = /^[ \t,]{0,2}(?:in|over|at|of|for|to|involving|across)[ \t](?:(?:the|his|her|both|bilateral|left|right|entire)[ \t]){0,2}/i;

interface Candidate {
  start: number;
  end: number;
  value: number;
  max: number;
  /** The rating was written with a scale label and no maximum ("VAS 5"). */
  labelled: boolean;
  /** The numbers of a range and where each starts, to split "from 8/10 to 4/10". */
  parts?: { start: number; end: number; value: number }[];
}

function num(s: string | undefined): number | null {
  if (s === undefined) return null;
  const w = WORD_VALUES[s.toLowerCase()];
  if (w !== undefined) return w;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

function candidate(start: number, end: number, numbers: (string | undefined)[], max: number, labelled: boolean): Candidate | null {
  const values = numbers.map(num).filter((n): n is number => n !== null);
  if (!values.length) return null;
  const value = Math.max(...values);
  if (value > max || value < 0) return null;
  return { start, end, value, max, labelled };
}

/** Every rating-shaped expression of text[start, end), longest first where they overlap. */
function candidatesIn(text: string, start: number, end: number): Candidate[] {
  const hay = text.slice(start, end);
  const found: Candidate[] = [];
  const digit = HAS_DIGIT.test(hay);
  const run = (re: RegExp, f: (m: RegExpExecArray) => Candidate | null, needs?: RegExp | false) => {
    if (needs === false || (needs && !needs.test(hay))) return;
    re.lastIndex = 0;
    for (let m = re.exec(hay); m; m = re.exec(hay)) {
      const c = f(m);
      if (c) found.push(c);
    }
  };
  run(SLASH, (m) => {
    const c = candidate(start + m.index, start + m.index + m[0].length, [m[1], m[2], m[4]], 10, false);
    if (c && !m[2] && !m[4] && DATE_BEFORE_STRICT.test(text.slice(Math.max(0, c.start - 10), c.start))) return null;
    if (c && (m[2] || m[4]) && m.indices) {
      c.parts = [];
      const lowEnd = m[2] ? m.indices[1]![1] : m.indices[3]![1];
      c.parts.push({ start: start + m.index, end: start + lowEnd, value: num(m[1])! });
      const hi = m[4] ? m.indices[4]! : m.indices[2]!;
      c.parts.push({ start: start + hi[0], end: start + m.index + m[0].length, value: num(m[4] ?? m[2])! });
    }
    return c;
  }, digit ? undefined : false);
  run(VERB_NUM, (m) => candidate(start + m.indices![1]![0], start + m.index + m[0].length, [m[1], m[2]], 10, false), digit && HAS_RATE);
  run(OUT_OF, (m) => {
    const c = candidate(start + m.index, start + m.index + m[0].length, [m[1], m[2]], 10, false);
    if (c && m[2] && m.indices) {
      c.parts = [
        { start: start + m.index, end: start + m.indices[1]![1], value: num(m[1])! },
        { start: start + m.indices[2]![0], end: c.end, value: num(m[2])! },
      ];
    }
    return c;
  }, HAS_OF_MAX);
  run(SCALE_OF, (m) => candidate(start + m.index, start + m.index + m[0].length, [m[1], m[2]], 10, false), HAS_SCALE);
  run(LABEL, (m) => candidate(start + m.index, start + m.index + m[0].length, [m[1], m[2]], 10, true), digit && HAS_LABEL);
  found.sort((a, b) => a.start - b.start || (b.end - b.start) - (a.end - a.start));
  const out: Candidate[] = [];
  for (const c of found) {
    const last = out[out.length - 1];
    if (last && c.start < last.end) continue;
    out.push(c);
  }
  return out;
}

/** Whether the rating rates pain: not "strength 9/10" or "anxiety 7/10"; its sentence is about pain. */
function ratesPain(text: string, c: Candidate, sStart: number, painWord: boolean, floor: number): boolean {
  if (c.labelled) return true;
  const near = text.slice(Math.max(floor, c.start - 30), c.start);
  let lastOther = -1;
  let lastPain = -1;
  for (let m = OTHER_SUBJECTS.exec(near); m; m = OTHER_SUBJECTS.exec(near)) lastOther = m.index;
  for (let m = PAIN_WORDS.exec(near); m; m = PAIN_WORDS.exec(near)) lastPain = m.index;
  if (lastOther >= 0 && lastOther > lastPain) return false;
  return painWord || RATE_VERB.test(text.slice(Math.max(sStart, c.start - 200), c.start));
}

function qualifierOf(text: string, c: Candidate, textEnd: number, ceiling: number, floor: number, sStart: number, sEnd: number): Qualifier {
  const after = text.slice(textEnd, Math.min(ceiling, textEnd + 60));
  if (WITHOUT_AFTER.test(after)) return 'without medication';
  if (WITH_AFTER.test(after)) return 'with medication';
  const drug = WITH_DRUG.exec(after);
  if (drug && isDrugWord(drug[2]!)) return /^(?:without|off|before)$/i.test(drug[1]!) ? 'without medication' : 'with medication';
  const bare = BARE_QUALIFIER.exec(after);
  if (bare) {
    const sentence = text.slice(sStart, sEnd);
    const mentionsDrug = MEDICATION_WORD.test(sentence) || (sentence.match(/[A-Za-z]{3,20}/g) ?? []).some(isDrugWord);
    if (mentionsDrug) return BARE_OF.get(bare[1]!.toLowerCase().replace(/\s+/g, ' ')) ?? null;
  }
  const before = text.slice(Math.max(floor, c.start - 60), c.start);
  if (WITHOUT_BEFORE.test(before)) return 'without medication';
  if (WITH_BEFORE.test(before)) return 'with medication';
  return null;
}

function bodyPartOf(text: string, c: Candidate, textEnd: number, ceiling: number, floor: number): string | null {
  // the part named before the rating in its clause ("low back pain rated 6/10", "the wrist at 8/10")
  const before = new Set(findBodyParts(text, floor, c.start, { levels: false }).map((p) => p.part));
  if (before.size === 1) return [...before][0]!;
  // else one named right after it ("6 out of 10 in the neck", "3-8 out of 10 over the lumbar spine")
  const lead = AFTER_PART.exec(text.slice(textEnd, Math.min(ceiling, textEnd + 40)));
  if (lead) {
    const at = textEnd + lead[0].length;
    const part = findBodyParts(text, textEnd, Math.min(ceiling, at + 40), { levels: false })
      .find((p) => p.span[0] >= textEnd && p.span[0] <= at + 12);
    if (part) return part.part;
  }
  return null;
}

function dateOf(text: string, c: Candidate, sStart: number, sEnd: number, latestYear: number | undefined): string | null {
  const dates = findDates(text.slice(sStart, sEnd), sStart, latestYear);
  let before: string | null = null;
  for (const d of dates) if (d.end <= c.start) before = d.iso;
  if (before) return before;
  return dates.find((d) => d.start >= c.end)?.iso ?? null;
}

/** Every pain score of text[start, end) (one line of the letter). */
export function painScoresIn(text: string, start: number, end: number, latestYear?: number): PainScore[] {
  const cands = candidatesIn(text, start, end);
  const out: PainScore[] = [];
  if (!cands.length) return out;
  // guideline passages only matter on the (few) lines with a rating
  const guideline = guidelineRegions(text, start, end);
  // ratings come in text order: one sentence at a time is enough
  let sentence: { s: number; e: number; skip: boolean; painWord: boolean } | null = null;
  const sentenceOf = (at: number) => {
    if (sentence && at >= sentence.s && at < sentence.e) return sentence;
    const [s, e] = sentenceBounds(text, at, at + 1);
    const body = text.slice(s, e);
    sentence = { s, e, skip: isGuidelineSentence(body) || STATISTICS.test(body), painWord: HAS_PAIN_WORD.test(body) };
    return sentence;
  };
  let prevEnd = start;
  const queue: Candidate[] = [];
  for (const c of cands) {
    const lead = text.slice(Math.max(start, c.start - 40), c.start);
    if (c.parts && CHANGE_FROM.test(lead) && !RANGE_FROM.test(lead)) {
      // "decreased from 8/10 to 4/10": two ratings
      for (const p of c.parts) queue.push({ start: p.start, end: p.end, value: p.value, max: c.max, labelled: false });
    } else {
      queue.push(c);
    }
  }
  for (let i = 0; i < queue.length; i++) {
    const c = queue[i]!;
    const next = queue[i + 1];
    const sent = sentenceOf(c.start);
    const floor = Math.max(prevEnd, sent.s);
    if (sent.skip || inside(guideline, c.start, c.end)) continue;
    if (NOT_AFTER.test(text.slice(c.end, c.end + 30))) continue;
    if (!ratesPain(text, c, sent.s, sent.painWord, floor)) continue;

    let textStart = c.start;
    const verb = VERB_BEFORE.exec(text.slice(Math.max(floor, c.start - 24), c.start));
    if (verb && !c.labelled) textStart = c.start - verb[0].length;
    let textEnd = c.end;
    const scale = SCALE_AFTER.exec(text.slice(c.end, c.end + 50));
    if (scale) textEnd += scale[0].length;

    const ceiling = Math.min(sent.e, next && next.start > textEnd ? next.start : sent.e);
    // a bare second rating joined to this one: "... at its worst and 3-4 at its best"
    const follow = FOLLOW_UP.exec(text.slice(textEnd, ceiling));
    if (follow?.indices?.[1]) {
      const f = candidate(textEnd + follow.indices[1][0], textEnd + follow[0].length, [follow[1], follow[2]], c.max, false);
      if (f && !(next && next.start < f.end)) queue.splice(i + 1, 0, f);
    }
    const qualifier = qualifierOf(text, c, textEnd, ceiling, floor, sent.s, sent.e);
    const bodyPart = bodyPartOf(text, c, textEnd, ceiling, floor);
    const date = dateOf(text, c, sent.s, sent.e, latestYear);
    out.push({
      text: text.slice(textStart, textEnd), span: [textStart, textEnd],
      value: c.value, max: c.max, bodyPart, qualifier, date,
    });
    prevEnd = textEnd;
  }
  return out;
}

/** Every pain score of the letter, in letter order. */
export function findPainScores(doc: Pick<Doc, 'text' | 'sections' | 'fields'>): PainScore[] {
  const decision = doc.fields.dates.decision ?? doc.fields.dates.assigned;
  const latestYear = decision ? Number(decision.slice(0, 4)) : undefined;
  const out: PainScore[] = [];
  for (const r of clinicalRanges(doc)) out.push(...painScoresIn(doc.text, r.start, r.end, latestYear));
  return out;
}

export const painScoresStage: Stage = {
  name: 'pain-scores',
  requires: ['sections'],
  provides: ['clinical'],
  run(doc: Doc) {
    doc.fields.painScores = findPainScores(doc);
  },
};
