/**
 * Injury: the body parts of the industrial injury and its mechanism.
 *
 * Body parts come only from the sentences that state or describe the injury (annotation guide;
 * NOTES-dev convention 16), never from diagnoses or later complaints:
 * - the injury sentence ("sustained an industrial injury to her low back", "injured his neck
 *   falling from a ladder", "incurring neck and shoulder injuries"), cut before a diagnosis
 *   clause ("... and has been treated for lumbar strain");
 * - the undated sentence right after it when it reports what was felt at the injury ("He
 *   reported neck, right arm and left thigh pain", "He felt a pop in his right knee");
 * - any sentence of the case summary or rationale that describes the event ("The mechanism of
 *   injury was ... twisted the right knee", "pain in right shoulder that started while pushing
 *   boxes", "acutely injured the shoulder"), but not prior, denied or unrelated injuries, and not
 *   a posture ("working on his knees").
 * Distinct by part and laterality, first mention in letter order kept.
 *
 * The mechanism is the phrase of "The mechanism of injury is detailed as X", or of the injury
 * sentence's "while/when X-ing", "attributed to X", or a participle after the injured part
 * ("injured his neck falling from a ladder"), without dates and job context.
 */
import type { Doc } from '../../pipeline/document.js';
import { mention, section, sections } from '../../pipeline/document.js';
import type { Stage } from '../../pipeline/stage.js';
import type { BodyPart, Mention } from '../../schema/record.js';
import { distinctBodyParts, findBodyParts } from '../body-parts/body-parts.js';
import { findDates } from '../dates.js';
import { isDigit, isLower, isSpace, isUpper } from '../chars.js';
import { topLevelAlternatives } from '../pattern-set.js';
import phrases from '../../lexicons/injury-phrases.json' with { type: 'json' };


/**
 * `\bA|\bB|...` as `\b(?:A|B|...)`: the same matches (the assertion is checked at the same
 * place either way), but one check per position lets the scan skip faster.
 */
function hoistWordBoundary(source: string): string {
  const alternatives = topLevelAlternatives(source);
  if (alternatives.length < 2 || !alternatives.every((a) => a.startsWith('\\b'))) return source;
  return `\\b(?:${alternatives.map((a) => a.slice(2)).join('|')})`;
}
const re = (source: string, flags = 'i') => new RegExp(hoistWordBoundary(source), flags);
const INJURY_SENTENCE = re(phrases.injurySentence);
const DIAGNOSIS_CLAUSE = re(phrases.diagnosisClause);
const FOLLOW_UP = re(phrases.followUp);
const NOT_EVENT = re(phrases.notEvent);
const EVENT = re(phrases.event);
const PATIENT = re(phrases.patientSubject);
const CLAUSE_END = re(phrases.clauseEnd);
const POSTURE = re(phrases.posture, 'gi');
const MECHANISM_SENTENCE = re(phrases.mechanismSentence);
const MECHANISM_UNKNOWN = re(phrases.mechanismUnknown);
const MECHANISM_CUE = re(phrases.mechanismCue, 'gi');
const NOT_MECHANISM = re(phrases.notMechanism);
const MECHANISM_SUBJECT = re(phrases.mechanismSubject);
const MECHANISM_END = re(phrases.mechanismEnd);
const PARTICIPLE = re(phrases.participleAfterPart);

type Range = [number, number];

/** How far (characters) a mechanism phrase may run. */
const MECHANISM_WINDOW = 300;

/** Where a sentence may end. */
const BREAKS = /[\n.!?]/g;
const TITLE_BEFORE = /(?:^|\s)(?:Dr|Mr|Mrs|Ms|St|No|vs|e\.g|i\.e)$/i;


/**
 * Sentences of text[start, end): paragraphs are lines; a sentence ends at . ! ? followed by
 * white space and a capital, digit or bracket (so "Dr. Smith" and "10.5 mg" stay whole mostly).
 */
export function sentences(text: string, start: number, end: number): Range[] {
  const out: Range[] = [];
  let s = start;
  // the regular expression skips to the next candidate much faster than a loop over characters
  const hay = end === text.length ? text : text.slice(0, end);
  BREAKS.lastIndex = start;
  while (BREAKS.test(hay)) { // (test: no match array to allocate; each match is one character)
    const i = BREAKS.lastIndex - 1;
    const c = text.charCodeAt(i);
    if (c === 10) {
      pushTrimmed(out, text, s, i);
      s = i + 1;
    } else if (c === 46 && (isLower(text.charCodeAt(i - 1)) || isDigit(text.charCodeAt(i - 1)))
      && isUpper(text.charCodeAt(i + 1)) && isLower(text.charCodeAt(i + 2))) {
      // "on 11-08-2016.The documentation ...": a sentence end without its space.
      pushTrimmed(out, text, s, i + 1);
      s = i + 1;
    } else if (i + 2 < end && (text[i + 1] === ' ' || text[i + 1] === '\t')) {
      let j = i + 1;
      while (j < end && (text[j] === ' ' || text[j] === '\t')) j++;
      const prev = text.slice(Math.max(s, i - 4), i);
      if (j < end && /[A-Z0-9("]/.test(text[j]!) && !TITLE_BEFORE.test(prev)) {
        pushTrimmed(out, text, s, i + 1);
        s = j;
        BREAKS.lastIndex = j; // (the spaces in between end nothing)
      }
    }
  }
  pushTrimmed(out, text, s, end);
  return out;
}

/** Adds text[a, b) without its white space at both ends, unless nothing is left. */
function pushTrimmed(out: Range[], text: string, a: number, b: number): void {
  while (a < b && isSpace(text.charCodeAt(a))) a++;
  while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
  if (b > a) out.push([a, b]);
}

/** Body parts in text[s, e), minus those inside a posture phrase ("on his knees"). */
function partsIn(text: string, s: number, e: number): BodyPart[] {
  const slice = text.slice(s, e);
  const posture: Range[] = [];
  POSTURE.lastIndex = 0;
  for (let m = POSTURE.exec(slice); m; m = POSTURE.exec(slice)) posture.push([s + m.index, s + m.index + m[0].length]);
  const parts = findBodyParts(text, s, e);
  if (!posture.length) return parts;
  // one sweep over both lists (each in text order)
  const kept: BodyPart[] = [];
  let r = 0;
  for (const p of parts) {
    while (r < posture.length && posture[r]![1] <= p.span[0]) r++;
    if (!(r < posture.length && posture[r]![0] < p.span[1])) kept.push(p);
  }
  return kept;
}

/** Where a clause about something else (a diagnosis, the later course) begins, or e. */
function cutAt(text: string, s: number, e: number, pattern: RegExp): number {
  const m = pattern.exec(text.slice(s, e));
  return m ? s + m.index : e;
}

/** The sentences the injury is read from: the case summary, else the whole letter. */
function scopes(doc: Doc): { summary: Range; others: Range[] } {
  const cs = section(doc, 'case-summary');
  const summary: Range = cs ? [cs.span[0], cs.span[1]] : [0, doc.text.length];
  const others = cs
    ? [...sections(doc, 'issues'), ...sections(doc, 'rationale')].map((x) => [x.span[0], x.span[1]] as Range)
    : [];
  return { summary, others };
}

interface InjuryReading {
  bodyParts: BodyPart[];
  mechanism: Mention | null;
}

/** Reads the injury's body parts and mechanism from the document text. */
export function readInjury(doc: Doc): InjuryReading {
  const text = doc.text;
  const injuryDate = doc.fields.injury.date ?? doc.fields.dates.injury;
  const { summary, others } = scopes(doc);
  const summarySentences = sentences(text, summary[0], summary[1]);
  const found: BodyPart[] = [];
  const mechanisms: { at: number; m: Mention; rank: number }[] = [];

  const injuryIndex = summarySentences.findIndex(([s, e]) => INJURY_SENTENCE.test(text.slice(s, e)));
  if (injuryIndex >= 0) {
    const [s, e] = summarySentences[injuryIndex]!;
    const cut = cutAt(text, s, e, DIAGNOSIS_CLAUSE);
    const parts = partsIn(text, s, cut);
    found.push(...parts);
    mechanisms.push(...mechanismsIn(text, s, cut, parts).map((m) => ({ at: m.span[0], m, rank: 1 })));
    const next = summarySentences[injuryIndex + 1];
    if (next) {
      const sentence = text.slice(next[0], next[1]);
      if (FOLLOW_UP.test(sentence) && !NOT_EVENT.test(sentence) && !otherDate(sentence, injuryDate)) {
        const end = cutAt(text, next[0], next[1], CLAUSE_END);
        const followParts = partsIn(text, next[0], end);
        found.push(...followParts);
        mechanisms.push(...mechanismsIn(text, next[0], end, followParts).map((m) => ({ at: m.span[0], m, rank: 2 })));
      }
    }
  }

  const eventSentences = [
    ...summarySentences.map((r) => ({ r, summary: true })),
    ...others.flatMap(([a, b]) => sentences(text, a, b)).map((r) => ({ r, summary: false })),
  ];
  for (const { r: [s, e], summary: inSummary } of eventSentences) {
    const sentence = text.slice(s, e);
    const mech = MECHANISM_SENTENCE.exec(sentence);
    if (mech) {
      const from = s + mech.index + mech[0].length;
      const m = mechanismPhrase(text, from, e, true);
      if (m) mechanisms.push({ at: m.span[0], m, rank: 0 });
    }
    const signal = EVENT.exec(sentence);
    if (!signal) continue;
    // The event's clause: up to the next clause about something else after the event cue.
    const afterSignal = s + signal.index + signal[0].length;
    const end = cutAt(text, afterSignal, e, CLAUSE_END);
    const clause = text.slice(s, end);
    if (NOT_EVENT.test(clause) || otherDate(clause, injuryDate)) continue;
    if (!inSummary && !PATIENT.test(clause)) continue;
    const parts = partsIn(text, s, end);
    found.push(...parts);
    if (!mech) mechanisms.push(...mechanismsIn(text, s, end, parts).map((m) => ({ at: m.span[0], m, rank: 3 })));
  }

  found.sort((a, b) => a.span[0] - b.span[0]);
  mechanisms.sort((a, b) => a.rank - b.rank || a.at - b.at);
  return { bodyParts: distinctBodyParts(found), mechanism: mechanisms[0]?.m ?? null };
}

/** Whether the text is dated, on another day than the injury (a later visit, a new incident). */
function otherDate(text: string, injuryDate: string | null): boolean {
  const dates = findDates(text);
  return dates.length > 0 && !dates.some((d) => d.iso === injuryDate);
}

/** The mechanism phrase starting at `from`, up to its end marker; null when it says "unknown". */
function mechanismPhrase(text: string, from: number, to: number, stripSubject: boolean): Mention | null {
  // A mechanism is a short phrase: never look further than this for its end.
  to = Math.min(to, from + MECHANISM_WINDOW);
  let s = from;
  if (stripSubject) {
    const subject = MECHANISM_SUBJECT.exec(text.slice(s, to));
    if (subject) s += subject[0].length;
  }
  const rest = text.slice(s, to);
  if (MECHANISM_UNKNOWN.test(rest)) return null;
  const endMatch = MECHANISM_END.exec(rest);
  const e = endMatch ? s + endMatch.index : to;
  const m = mention(text, s, e);
  if (!m || m.text.split(/\s+/).length > 25) return null;
  return m;
}

/** Mechanism candidates inside one injury or event sentence text[s, e). */
function mechanismsIn(text: string, s: number, e: number, parts: BodyPart[]): Mention[] {
  const out: Mention[] = [];
  const slice = text.slice(s, e);
  MECHANISM_CUE.lastIndex = 0;
  for (let m = MECHANISM_CUE.exec(slice); m; m = MECHANISM_CUE.exec(slice)) {
    const from = s + m.index + m[0].length;
    if (NOT_MECHANISM.test(text.slice(from, e))) continue;
    const phrase = mechanismPhrase(text, from, e, true);
    if (phrase) out.push(phrase);
  }
  for (const p of parts) {
    const after = PARTICIPLE.exec(text.slice(p.span[1], e));
    if (!after) continue;
    const from = p.span[1] + after[0].length - after[1]!.length;
    if (NOT_MECHANISM.test(text.slice(from, e))) continue;
    const phrase = mechanismPhrase(text, from, e, false);
    if (phrase) out.push(phrase);
  }
  return out;
}

export const injuryStage: Stage = {
  name: 'injury',
  requires: ['sections'],
  provides: ['clinical'],
  run(doc: Doc) {
    const { bodyParts, mechanism } = readInjury(doc);
    doc.fields.injury.bodyParts = bodyParts;
    doc.fields.injury.mechanism = mechanism;
  },
};
