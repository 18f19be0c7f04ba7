/**
 * Issue details: for every disputed item the issues stage found, what the item's own words say
 * (annotation guide, issues; NOTES-dev convention 7): its service `category`, the `bodyParts` it
 * treats or images, an explicit `quantity` of a non-drug item ("12 sessions", "Eight (8) physical
 * therapy sessions", "sessions ... #6"), its `frequency` ("2 times a week", "2x/week", bare
 * "2x6" gives "2x") and `duration` ("for 6 weeks" gives "6 weeks", bare "2x6" gives "6"), and
 * for a drug item its `medication` (from the medications stage's mention inside the item).
 *
 * Only the item text is read: the case summary's request sentence often names more (parts,
 * counts of an earlier, partly certified request) than the item under review.
 */
import type { Doc } from '../../pipeline/document.js';
import type { Stage } from '../../pipeline/stage.js';
import type { BodyPart, Issue, Medication, Mention } from '../../schema/record.js';
import { categorize } from '../categories.js';
import { distinctBodyParts, findBodyParts } from '../body-parts/body-parts.js';
import { medicationFromItem } from '../medications/medications.js';
import lexicon from '../../lexicons/service-categories.json' with { type: 'json' };

const C = lexicon.counts;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alt = (words: string[]) => [...words].sort((a, b) => b.length - a.length).map(escape).join('|');

const NUMBERS = C.numbers as Record<string, number>;
const UNITS = C.units as Record<string, string>;
const TIME_UNITS = new Set(C.timeUnits);
const NOT_BETWEEN = new Set(C.notBetween);

/** A count: digits, or a number word, optionally followed by the digits in parentheses ("Eight (8)"). */
const NUM = `(\\d{1,3}|(?:${alt(Object.keys(NUMBERS))})(?![A-Za-z]))(?:[ \\t]*\\([ \\t]*\\d{1,3}[ \\t]*\\))?`;
const UNIT = `(${alt(Object.keys(UNITS))})`;
/** "12 sessions", "six (6) visits", "Eight (8) physical therapy sessions", "two-level". */
const COUNT_RE = new RegExp(`(?<![A-WYZa-wyz0-9_./-])${NUM}[ \\t-]+((?:[A-Za-z/]+[ \\t]+){0,3}?)${UNIT}(?![A-Za-z])`, 'gi');
/** "1-2 visits", "2 to 3 sessions": a range is not a count. */
const RANGE_BEFORE = /(?:\d|\b(?:one|two|three|four|five|six))[ \t]*(?:-|to|or)[ \t]*$/i;
/** "#6", "x 6", "times 6", "quantity 6" next to a unit word elsewhere in the item. */
const BARE_COUNT_RE = /(?:#|\b(?:x|times|qty|quantity)(?![A-Za-z])\.?)[ \t]*(\d{1,3})(?![\d.\/]|[ \t]*(?:mg|%|x\b))/gi;
const UNIT_WORD_RE = new RegExp(`(?<![A-Za-z])${UNIT}(?![A-Za-z])`, 'i');
const RATE_AFTER = new RegExp(`^[ \\t]*(?:a|an|per|each|every|/)[ \\t]*(?:${alt(C.periods)})(?![A-Za-z])`, 'i');
/** Words before a time count that make it a duration ("for 6 weeks", "x 6 weeks", "times six weeks"). */
const DURATION_CUE = /(?:\bfor|\bover|\bx|\btimes|\bduration\s+of|\bperiod\s+of|\bnext)[ \t]*$/i;

const FREQ_NUM = `(?:\\d{1,2}|(?:${alt(Object.keys(NUMBERS))})(?![A-Za-z]))`;
const PERIOD = `(?:${alt(C.periods)})`;
/** "2 times a week", "2x/week", "2-3 times per week", "twice weekly", "three times weekly". */
const FREQ_RE = new RegExp(
  `(?<![\\w.])(?:${FREQ_NUM}(?:[ \\t]*(?:-|to)[ \\t]*${FREQ_NUM})?[ \\t]*(?:x|times?|${alt(C.frequencyNouns)})|${alt(C.frequencyWords)})` +
  `[ \\t]*(?:(?:a|an|per|each|every|/)[ \\t]*)?${PERIOD}(?![A-Za-z])`, 'i');
/** Bare "2x6" / "2 x 6 weeks": frequency "2x", duration "6" (or "6 weeks"). */
const NXM_RE = new RegExp(
  `(?<![\\w.])(\\d{1,2}[ \\t]*[xX])[ \\t]*(\\d{1,2}(?:[ \\t]*(?:${alt(C.durationUnits)}))?)(?![\\w.%/])`);
const DURATION_UNIT = `(?:${alt(C.durationUnits)})`;
/** The duration after a frequency: ", for 6 weeks", "times six weeks", "x 4 weeks". */
const DURATION_AFTER_RE = new RegExp(
  `^[ \\t]*,?[ \\t]*(?:for|x|times|over)[ \\t]+(?:(?:the[ \\t]+next|a[ \\t]+period[ \\t]+of|a[ \\t]+total[ \\t]+of|up[ \\t]+to)[ \\t]+)?` +
  `(${FREQ_NUM}(?:[ \\t]*(?:-|to)[ \\t]*${FREQ_NUM})?(?:[ \\t]*\\([ \\t]*\\d{1,2}[ \\t]*\\))?[ \\t-]*${DURATION_UNIT})(?![A-Za-z])`, 'i');
/** A duration on its own: "for 6 weeks", "for one week". */
const DURATION_RE = new RegExp(
  `(?<![A-Za-z])(?:for|over)[ \\t]+(?:(?:the[ \\t]+next|a[ \\t]+period[ \\t]+of|a[ \\t]+total[ \\t]+of|up[ \\t]+to)[ \\t]+)?` +
  `(${FREQ_NUM}(?:[ \\t]*(?:-|to)[ \\t]*${FREQ_NUM})?(?:[ \\t]*\\([ \\t]*\\d{1,2}[ \\t]*\\))?[ \\t-]*${DURATION_UNIT})(?![A-Za-z])`, 'i');

function numberValue(word: string): number | null {
  if (/^\d+$/.test(word)) return Number(word);
  return NUMBERS[word.toLowerCase()] ?? null;
}

/** The explicit count of a non-drug item in text[start, end), or null. */
export function readQuantity(text: string, start: number, end: number): Issue['quantity'] {
  const item = text.slice(start, end);
  COUNT_RE.lastIndex = 0;
  for (let m = COUNT_RE.exec(item); m; m = COUNT_RE.exec(item)) {
    const between = m[2]!.trim().toLowerCase().split(/\s+/).filter(Boolean);
    if (between.some((w) => NOT_BETWEEN.has(w) || numberValue(w) !== null || UNITS[w])) continue;
    const value = numberValue(m[1]!);
    const unit = UNITS[m[3]!.toLowerCase()]!;
    if (value === null || value <= 0) continue;
    const before = item.slice(Math.max(0, m.index - 25), m.index);
    if (RANGE_BEFORE.test(before)) continue;
    // "3 visits per week", "4 hours a day": a rate (frequency), not a count.
    if (RATE_AFTER.test(item.slice(m.index + m[0].length))) continue;
    // "for 6 weeks" is a duration; "30 day rental" a count.
    if (TIME_UNITS.has(unit) && (DURATION_CUE.test(before) || FREQ_RE.test(before))) continue;
    return { value, unit };
  }
  // "Acupuncture therapy sessions lumbar spine #6": a bare count with the unit named elsewhere.
  const unitWord = UNIT_WORD_RE.exec(item);
  if (unitWord && !TIME_UNITS.has(UNITS[unitWord[1]!.toLowerCase()]!)) {
    BARE_COUNT_RE.lastIndex = 0;
    const bare = BARE_COUNT_RE.exec(item);
    if (bare) {
      const value = Number(bare[1]);
      if (value > 0) return { value, unit: UNITS[unitWord[1]!.toLowerCase()]! };
    }
  }
  return null;
}

/** Frequency and duration as written in text[start, end). */
export function readSchedule(text: string, start: number, end: number): { frequency: Mention | null; duration: Mention | null } {
  const item = text.slice(start, end);
  const at = (s: number, e: number): Mention => ({ text: text.slice(start + s, start + e), span: [start + s, start + e] });
  const f = FREQ_RE.exec(item);
  if (f) {
    const fEnd = f.index + f[0].length;
    const d = DURATION_AFTER_RE.exec(item.slice(fEnd));
    let duration: Mention | null = null;
    if (d) {
      const dStart = fEnd + d.index + d[0].length - d[1]!.length;
      duration = at(dStart, dStart + d[1]!.length);
    } else {
      const alone = DURATION_RE.exec(item);
      if (alone) {
        const dStart = alone.index + alone[0].length - alone[1]!.length;
        duration = at(dStart, dStart + alone[1]!.length);
      }
    }
    return { frequency: at(f.index, fEnd), duration };
  }
  const nxm = NXM_RE.exec(item);
  if (nxm) {
    const fStart = nxm.index;
    const dStart = nxm.index + nxm[0].length - nxm[2]!.length;
    return { frequency: at(fStart, fStart + nxm[1]!.length), duration: at(dStart, dStart + nxm[2]!.length) };
  }
  const alone = DURATION_RE.exec(item);
  if (alone) {
    const dStart = alone.index + alone[0].length - alone[1]!.length;
    return { frequency: null, duration: at(dStart, dStart + alone[1]!.length) };
  }
  return { frequency: null, duration: null };
}

/** The medication of a drug item: read from the item itself, else the medications stage's mention inside it. */
function medicationOf(doc: Doc, start: number, end: number): Medication | null {
  try {
    const read = medicationFromItem(doc, start, end);
    if (read) return read;
  } catch {
    // the reader failed on this item: fall back to the stage's mentions
  }
  return doc.fields.medications.find((m) => m.span[0] >= start && m.span[1] <= end) ?? null;
}

/**
 * The parts an item names, distinct by part and laterality; a later mention of a part without a
 * side repeats the same part named with one ("Right shoulder arthroscopy ... shoulder
 * debridement" is one part).
 */
export function itemBodyParts(text: string, start: number, end: number): BodyPart[] {
  const parts = distinctBodyParts(findBodyParts(text, start, end));
  return parts.filter((p, i) => p.laterality !== null || !parts.some((q, j) => j < i && q.part === p.part));
}

/** Fills in the details of one issue from its service text. */
export function detailIssue(doc: Doc, issue: Issue): void {
  const [start, end] = issue.service.span;
  const text = doc.text;
  const item = text.slice(start, end);
  let category = categorize(item);
  const stageMention = doc.fields.medications.some((m) => m.span[0] >= start && m.span[1] <= end);
  if (category === 'other' && stageMention) category = 'medication';
  issue.category = category;
  issue.bodyParts = itemBodyParts(text, start, end);
  if (category === 'medication') {
    issue.quantity = null;
    issue.frequency = null;
    issue.duration = null;
    issue.medication = medicationOf(doc, start, end);
    return;
  }
  issue.quantity = readQuantity(text, start, end);
  const schedule = readSchedule(text, start, end);
  issue.frequency = schedule.frequency?.text ?? null;
  issue.duration = schedule.duration?.text ?? null;
}

export const issueDetailsStage: Stage = {
  name: 'issue-details',
  requires: ['sections'],
  provides: ['clinical'],
  run(doc: Doc) {
    for (const issue of doc.fields.issues) detailIssue(doc, issue);
  },
};
