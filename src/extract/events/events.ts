/**
 * Events: one per date with a clinical encounter or finding (visit, exam, imaging, surgery,
 * procedure, test result), in letter order, each with the first finding stated for it.
 *
 * Every day-precise date of the case summary and the rationales (any written form, see
 * ./text.ts) is classed by the words around it (cue lists in ./events.json):
 * - left out: the injury date and dates written as the injury's ("industrial injury on ...");
 *   end and start dates of a status ("off work through ...", "return to work as of ...");
 *   dates of what the letter's administrative steps and references are (utilization review,
 *   requests for authorization, approvals, appeals, prescriptions, guideline editions), of
 *   legal correspondence, of appointments still to come ("is scheduled for ...") and of a
 *   disputed item's own line;
 * - kept: a date with a clinical head before it in its clause ("Physician progress notes dated
 *   ...", "Objective findings dated ...", "The physical therapy report reviewed by UR was dated
 *   ...", "presented on ..."), or a study or procedure and no administrative word ("A CT of the
 *   thoracic spine, dated ...", "lumbar CT (3-21-13)"), or, for a date that opens its clause
 *   ("On December 1, 2016, the injured worker complained of ..."), a clinical first word after it;
 *   the second date of a range takes the first's class ("reports dated 11-15-2016 to 12-08-2016").
 */
import type { Doc } from '../../pipeline/document.js';
import type { Stage } from '../../pipeline/stage.js';
import type { ClinicalEvent } from '../../schema/record.js';
import { clinicalRanges, datesIn, isIssueLine, latestYearOf, nextDigitAt, phraseSource, sentenceList } from './text.js';
import type { FoundDate } from '../dates.js';
import lexicon from './events.json' with { type: 'json' };

type Cue = 'clinical' | 'study' | 'admin' | 'veto' | 'subject';

const CUE_OF = new Map<string, Cue>();
const norm = (s: string) => s.toLowerCase().replace(/[\s-]+/g, ' ').trim();
for (const [list, cue] of [
  [lexicon.subjects, 'subject'], [lexicon.studies, 'study'], [lexicon.admin, 'admin'],
  [lexicon.clinical, 'clinical'], [lexicon.veto, 'veto'], [lexicon.future, 'veto'],
] as [string[], Cue][]) {
  for (const p of list) CUE_OF.set(norm(p), cue);
}
/** Every cue phrase, longest first; hyphens and spaces are interchangeable. */
const CUES = new RegExp(
  `(?<![A-Za-z0-9])(?:${[...CUE_OF.keys()].sort((a, b) => b.length - a.length).map((k) => phraseSource(k).replace(/\\s\{1,3\}/g, '[\\s-]{1,3}')).join('|')})(?![A-Za-z0-9])`,
  'gi',
);
const RANGE_JOIN = new RegExp(lexicon.rangeJoin, 'i');
const END_DATE_BEFORE = new RegExp(lexicon.endDateBefore, 'i');
const RTW_BEFORE = new RegExp(lexicon.returnToWorkBefore, 'i');
const INJURY_BEFORE = new RegExp(lexicon.injuryBefore, 'i');
const CLINICAL_NOUN_AFTER = new RegExp(lexicon.clinicalNounAfter, 'i');
const FINDING_VERB = new RegExp(lexicon.findingVerb, 'i');
const WINDOW = lexicon.window;
const AFTER_WINDOW = lexicon.afterWindow;
const FINDING_MAX = lexicon.findingMax;
/** At most this many dates of one sentence are read (a real sentence has a handful). */
const MAX_DATES_PER_SENTENCE = 200;

function cuesIn(s: string): Cue[] {
  const out: Cue[] = [];
  // (exec, not matchAll: that clones the large regular expression on every call)
  CUES.lastIndex = 0;
  for (let m = CUES.exec(s); m; m = CUES.exec(s)) {
    const cue = CUE_OF.get(norm(m[0]));
    if (cue) out.push(cue);
  }
  return out;
}

/** Is the date a clinical encounter or finding? `before` is its clause up to it, `after` the rest. */
export function classifyDate(before: string, after: string): boolean {
  if (INJURY_BEFORE.test(before) || END_DATE_BEFORE.test(before) || RTW_BEFORE.test(before)) return false;
  const left = cuesIn(before);
  if (left.includes('veto')) return false;
  if (CLINICAL_NOUN_AFTER.test(after)) return true;
  if (left.includes('clinical')) return true;
  if (left.includes('admin')) return false;
  if (left.includes('study')) return true;
  const right = cuesIn(after);
  if (right.includes('veto')) return false;
  let subject = false;
  for (const cue of right) {
    if (cue === 'subject') { subject = true; continue; }
    return cue === 'clinical' || cue === 'study';
  }
  return subject;
}

/** The note's content: what its reporting verb introduces ("revealed ...", "complained of ..."), else its sentence. */
function findingOf(text: string, date: FoundDate, sentenceStart: number, sentenceEnd: number): string {
  const after = text.slice(date.end, Math.min(sentenceEnd, date.end + 4 * FINDING_MAX));
  const verb = FINDING_VERB.exec(after);
  let finding = verb ? after.slice(verb.index + verb[0].length) : '';
  finding = finding.replace(/^[\s,;:)]+/, '').replace(/[\s.;:,]+$/, '');
  if (!finding) {
    const from = Math.max(sentenceStart, date.start - FINDING_MAX);
    finding = text.slice(from, Math.min(sentenceEnd, date.end + FINDING_MAX)).replace(/[\s.;:,]+$/, '');
  }
  finding = finding.replace(/\s+/g, ' ');
  return finding.length > FINDING_MAX ? `${finding.slice(0, FINDING_MAX).replace(/\s+\S*$/, '')} ...` : finding;
}

/** The clinical events of text in the given ranges; `injury` dates are never events. */
export function findEvents(text: string, ranges: [number, number][], options: { injury?: (string | null)[]; latestYear?: number } = {}): ClinicalEvent[] {
  const injury = new Set((options.injury ?? []).filter((d): d is string => !!d));
  const out: ClinicalEvent[] = [];
  const seen = new Set<string>();
  for (const [rs, re] of ranges) {
    let digit = -1;
    for (const s of sentenceList(text, rs, re)) { // (read only: no copies)
      // (the digit check first: it needs no copy of the sentence, and most sentences have no digit)
      if (digit < s.start) digit = nextDigitAt(text, s.start);
      if (digit >= s.end) continue; // no digit, no date
      // a disputed item's own line ("... DOS 12/29/16: Upheld") names the request, not an encounter
      if (isIssueLine(text.slice(s.start, s.end))) continue;
      const dates = datesIn(text, s.start, s.end, options.latestYear).slice(0, MAX_DATES_PER_SENTENCE);
      let prev: { date: FoundDate; clinical: boolean } | null = null;
      for (const d of dates) {
        let clauseFrom = Math.max(s.start, d.start - WINDOW);
        for (let i = d.start - 1; i > clauseFrom; i--) if (text[i] === ';') { clauseFrom = i + 1; break; }
        let clinical: boolean;
        if (prev && prev.date.end > clauseFrom && RANGE_JOIN.test(text.slice(prev.date.end, d.start))) {
          clinical = prev.clinical;
        } else {
          const from = Math.max(clauseFrom, prev && prev.date.end > clauseFrom ? prev.date.end : clauseFrom, d.start - WINDOW);
          let to = Math.min(s.end, d.end + AFTER_WINDOW);
          for (let i = d.end; i < to; i++) if (text[i] === ';') { to = i; break; }
          clinical = classifyDate(text.slice(from, d.start), text.slice(d.end, to));
        }
        prev = { date: d, clinical };
        if (!clinical || injury.has(d.iso) || seen.has(d.iso)) continue;
        seen.add(d.iso);
        out.push({ text: text.slice(d.start, d.end), span: [d.start, d.end], date: d.iso, finding: findingOf(text, d, s.start, s.end) });
      }
    }
  }
  return out;
}

export const eventsStage: Stage = {
  name: 'events',
  requires: ['sections'],
  provides: ['clinical'],
  run(doc: Doc) {
    doc.fields.events = findEvents(doc.text, clinicalRanges(doc), {
      injury: [doc.fields.dates.injury, doc.fields.injury.date],
      latestYear: latestYearOf(doc),
    });
  },
};
