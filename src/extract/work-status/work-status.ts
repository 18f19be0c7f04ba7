/**
 * Work status: the status at the most recent date the letter describes, as a mention of the
 * phrase that states it and its normalized value.
 *
 * Every status phrase of the case summary (phrasing families in ./work-status.json:
 * temporary total disability / TTD / off work; temporary partial disability; modified duty /
 * light duty / work restrictions / activity restrictions; full duty / regular work / return to
 * work with no duty level; permanent and stationary / maximum medical improvement; not
 * working / unemployed; retired) is dated: by a date written just after it ("return to regular
 * work duties on 1-17-2017", "off work through 12-12-2016", an end date), else by a date
 * earlier in its sentence ("Provider documentation dated 11-8-16 noted ... modified work"),
 * else by the last date the letter gave before it (the note being described). The latest wins;
 * on the same date the later statement in the letter wins. Without a statement in the case
 * summary, the rationales are read (not what a guideline says, and only about the patient).
 */
import type { Doc } from '../../pipeline/document.js';
import { mention } from '../../pipeline/document.js';
import type { Stage } from '../../pipeline/stage.js';
import type { WorkStatus } from '../../schema/record.js';
import {
  caseSummaryRange, clinicalRanges, datesIn, isGuidelineSentence, latestYearOf, sentencesIn,
} from '../events/text.js';
import { PatternSet } from '../pattern-set.js';
import lexicon from './work-status.json' with { type: 'json' };
import { lowerBound } from '../sorted.js';

type Status = WorkStatus['status'];

interface Pattern {
  status: Status;
  weak: boolean;
  personSubject: boolean;
  re: RegExp;
}

const PATTERNS: Pattern[] = lexicon.statuses.flatMap((s) => {
  const base = { status: s.status as Status, weak: !!(s as { weak?: boolean }).weak, personSubject: !!(s as { personSubject?: boolean }).personSubject };
  const out: Pattern[] = s.patterns.map((p) => ({ ...base, re: new RegExp(`(?<![A-Za-z])(?:${p})(?![A-Za-z])`, 'gi') }));
  const cs = (s as { caseSensitive?: string[] }).caseSensitive ?? [];
  if (cs.length) {
    const alts = cs.map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/\s+/g, '\\s{0,2}')).join('|');
    out.push({ ...base, re: new RegExp(`(?<![A-Za-z])(?:${alts})(?![A-Za-z])`, 'g') });
  }
  return out;
});
const PERSON = new RegExp(lexicon.person, 'gi');
const NOT_PERSON = new RegExp(lexicon.notPerson, 'i');
const NEGATION_BEFORE = new RegExp(lexicon.negationBefore, 'i');
const NOT_STATUS = new RegExp(lexicon.notStatusContext, 'i');
const UNTIL_BEFORE = new RegExp(lexicon.untilBefore, 'i');
const SELF_NEGATING = new RegExp(lexicon.selfNegating, 'i');
/** At most this many status phrases of one sentence are read (a real sentence has one or two). */
const MAX_PER_SENTENCE = 50;
/** How far back a clause start or a negation is looked for (characters). */
const BACK = 200;

/** One status statement of the letter, dated for the "most recent" rule. */
export interface StatusMention {
  start: number;
  end: number;
  status: Status;
  weak: boolean;
  /** ISO date the statement describes, or null when the letter gives none before it. */
  date: string | null;
  /** The date is the end of the status ("off work until 11-24-2016"). */
  until: boolean;
}

/** Start of the clause (after the last , ; :) that holds offset `at` in text[from, at). */
function clauseStart(text: string, from: number, at: number): number {
  const lo = Math.max(from, at - BACK);
  for (let i = at - 1; i >= lo; i--) if (/[,;:]/.test(text[i]!)) return i + 1;
  return lo;
}

function personBefore(prefix: string): boolean {
  let last = -1;
  PERSON.lastIndex = 0;
  for (const m of prefix.matchAll(PERSON)) last = m.index + m[0].length;
  if (last < 0) return false;
  return !NOT_PERSON.test(prefix.slice(last));
}

type Found = { start: number; end: number; p: Pattern };

const ALL_PATTERNS = new PatternSet(PATTERNS.map((p) => p.re));

/** Every status phrase in the given sentences of `text`, in letter order. */
function phrasesIn(text: string, sentences: { start: number; end: number }[]): Found[] {
  const found: Found[] = [];
  for (const { stretch, matches } of ALL_PATTERNS.matchesByStretch(text, sentences)) {
    const { start } = sentences[stretch]!;
    for (const { pattern, match: m } of matches) {
      if (m[0].length) found.push({ start: start + m.index, end: start + m.index + m[0].length, p: PATTERNS[pattern]! });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** The status statements of one sentence text[start, end), from its phrases `inSentence` (sorted by start; not kept). */
function statementsIn(text: string, start: number, end: number, inSentence: Found[]): Found[] {
  const found = inSentence;
  found.splice(MAX_PER_SENTENCE * 4);
  // longest match wins over the ones it overlaps ("no work restrictions" over "work restrictions")
  found.sort((a, b) => (b.end - b.start) - (a.end - a.start) || a.start - b.start);
  const kept: typeof found = [];
  for (const f of found) if (!kept.some((k) => f.start < k.end && k.start < f.end)) kept.push(f);
  const ok = kept.filter((k) => {
    const cs = clauseStart(text, start, k.start);
    const prefix = text.slice(cs, k.end);
    if (NOT_STATUS.test(prefix)) return false;
    const lead = text.slice(Math.max(start, k.start - 30), k.start);
    const selfNegating = k.p.status === 'not working' || SELF_NEGATING.test(text.slice(k.start, k.end));
    if (!selfNegating && NEGATION_BEFORE.test(lead)) return false;
    if (k.p.personSubject && !personBefore(text.slice(cs, k.start))) return false;
    return true;
  });
  // a bare "return to work" gives way to any other status of its sentence
  const strong = ok.some((k) => !k.p.weak);
  return ok.filter((k) => !k.p.weak || !strong).sort((a, b) => a.start - b.start).slice(0, MAX_PER_SENTENCE);
}

/** Index of the first date starting at or after `pos` (dates sorted by start). */
function firstAtOrAfter(dates: { start: number }[], pos: number): number {
  return lowerBound(dates.length, (i) => dates[i]!.start < pos);
}

/** Every dated status statement in the given ranges, in letter order. */
export function statusMentions(text: string, ranges: [number, number][], options: { latestYear?: number; rationale?: boolean } = {}): StatusMention[] {
  const out: StatusMention[] = [];
  for (const [rs, re] of ranges) {
    const sentences = sentencesIn(text, rs, re);
    const phrases = phrasesIn(text, sentences);
    if (!phrases.length) continue;
    // (read only for a range with a status phrase: most have none)
    const dates = datesIn(text, rs, re, options.latestYear);
    let first = 0; // phrases are sorted by start, and sentences come in order: one pass over both
    for (const s of sentences) {
      while (first < phrases.length && phrases[first]!.start < s.start) first++;
      let last = first;
      while (last < phrases.length && phrases[last]!.start < s.end) last++;
      const inSentence = phrases.slice(first, last).filter((f) => f.end <= s.end);
      // a sentence without a status phrase has nothing to date: skip its other tests
      if (!inSentence.length) continue;
      const sentence = text.slice(s.start, s.end);
      if (options.rationale && (isGuidelineSentence(sentence) || !personBefore(sentence))) continue;
      const stmts = statementsIn(text, s.start, s.end, inSentence);
      stmts.forEach((k, i) => {
        const nextStart = stmts[i + 1]?.start ?? s.end;
        const horizon = Math.min(nextStart, s.end, k.end + 60);
        let date: string | null = null;
        let until = false;
        const next = dates[firstAtOrAfter(dates, k.end)];
        const after = next && next.end <= horizon && !/[.;]/.test(text.slice(k.end, next.start)) ? next : undefined;
        if (after) {
          date = after.iso;
          until = UNTIL_BEFORE.test(text.slice(k.end, after.start));
        } else {
          // the last date before the statement: in its sentence, else the note being described
          let j = firstAtOrAfter(dates, k.start) - 1;
          while (j >= 0 && dates[j]!.end > k.start) j--;
          date = j >= 0 ? dates[j]!.iso : null;
        }
        out.push({ start: k.start, end: k.end, status: k.p.status, weak: k.p.weak, date, until });
      });
    }
  }
  return out;
}

/** The latest status: by date, an end date before a start on the same day, then letter order. */
export function latestStatus(mentions: StatusMention[]): StatusMention | null {
  let best: StatusMention | null = null;
  const key = (m: StatusMention) => `${m.date ?? '0000-00-00'}|${m.until ? 0 : 1}|${String(m.start).padStart(10, '0')}`;
  for (const m of mentions) if (!best || key(m) > key(best)) best = m;
  return best;
}

/** The work status of a letter's text: case summary first, else the rationales. */
export function findWorkStatus(text: string, summary: [number, number] | null, others: [number, number][], latestYear?: number): WorkStatus | null {
  let mentions = summary ? statusMentions(text, [summary], { latestYear }) : [];
  if (!mentions.length) {
    const rest = others.filter(([a, b]) => !summary || a !== summary[0] || b !== summary[1]);
    mentions = statusMentions(text, rest, { latestYear, rationale: !!summary });
  }
  const best = latestStatus(mentions);
  if (!best) return null;
  const m = mention(text, best.start, best.end);
  return m ? { ...m, status: best.status } : null;
}

export const workStatusStage: Stage = {
  name: 'work-status',
  requires: ['sections'],
  provides: ['clinical'],
  run(doc: Doc) {
    doc.fields.workStatus = findWorkStatus(doc.text, caseSummaryRange(doc), clinicalRanges(doc), latestYearOf(doc));
  },
};
