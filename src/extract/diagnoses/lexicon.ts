/**
 * The diagnosis vocabulary (src/lexicons/diagnoses.json) compiled once: cue patterns, list
 * splitting patterns, condition heads and the ICD-10 rules.
 */
import data from '../../lexicons/diagnoses.json' with { type: 'json' };
import { topLevelAlternatives } from '../pattern-set.js';

export interface CuePattern {
  name: string;
  re: RegExp;
  /** The same pattern, sticky: tried at one position (see ./cues.ts). */
  sticky: RegExp;
  weak: boolean;
  patient: boolean;
}
export interface ConditionPattern {
  key: string;
  re: RegExp;
  /**
   * Lower-case words one of which every match contains (one per alternative of the pattern),
   * or null when some alternative starts with no plain letters: see requiredWords.
   */
  needs: string[] | null;
}
export interface IcdRule {
  conditions: string[];
  region: string | null;
  spine: boolean;
  unsided: boolean;
  none: RegExp | null;
  normalized: string;
  icd10: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Every cue pattern starts where no letter is before it (the CUE_START lookbehind). */
const CUE_START = '(?<![A-Za-z])';
export const CUES: CuePattern[] = data.cues.patterns.map((c) => ({
  name: c.name,
  re: new RegExp(`${CUE_START}(?:${c.pattern})`, 'gi'),
  sticky: new RegExp(`${CUE_START}(?:${c.pattern})`, 'iy'),
  weak: Boolean((c as { weak?: boolean }).weak),
  patient: Boolean((c as { patient?: boolean }).patient),
}));
/**
 * One alternation of all cue patterns, matching where any of them matches (their common
 * lookbehind taken out, which lets the scan skip faster). A pattern with a back reference or a
 * named group cannot join it: then it is the lookbehind alone, which matches at every place a
 * cue may start (correct, only slower).
 */
const ANY_CUE_SOURCE = data.cues.patterns.some((c) => /\\[1-9]|\\k<|\(\?<[^=!]/.test(c.pattern))
  ? CUE_START
  : `${CUE_START}(?:${data.cues.patterns.map((c) => `(?:${c.pattern})`).join('|')})`;
export const ANY_CUE = new RegExp(ANY_CUE_SOURCE, 'gi');
export const ANY_CUE_AT = new RegExp(ANY_CUE_SOURCE, 'iy');
export const LABEL_CUE = new RegExp(data.cues.labels, 'gim');
export const LABEL_CUE_STICKY = new RegExp(data.cues.labels, 'imy');
/**
 * The label pattern the colon shortcut of ./cues.ts was read off: each match ends at its first
 * colon, holds nothing but ASCII letters, white space and "/" before it, and starts at a space
 * or tab, a line start, or after "." or ";". Another pattern in the lexicon turns the shortcut off.
 */
const LABEL_READ = String.raw`(?:^|[\t ]|(?<=[.;]))(?:working\s+|final\s+|current\s+|discharge\s+|admitting\s+|clinical\s+)?(?:diagnos[ie]s|assessments?|impressions?|dx)(?:\s*\/\s*(?:diagnos[ie]s|assessments?|impressions?|plan))?\s*:`;
export const LABEL_ENDS_AT_COLON = data.cues.labels === LABEL_READ;
/** LABEL_READ's last word (before `\s*:`), lower case: whole, after a non-letter. */
export const LABEL_LAST_WORDS = new Set([
  'diagnosis', 'diagnoses', 'assessment', 'assessments', 'impression', 'impressions', 'dx', 'plan',
]);
export const NEGATIVE_IN_CUE = new RegExp(data.cues.negativeInCue, 'i');
export const IMAGING_BEFORE = new RegExp(data.cues.imagingBefore, 'i');
export const PATIENT_IN_SENTENCE = new RegExp(data.cues.patientInSentence, 'i');

export const LIST = {
  maxChars: data.list.maxChars,
  maxItemWords: data.list.maxItemWords,
  stopBefore: new RegExp(data.list.stopBefore, 'i'),
  itemStarts: new RegExp(`(?<=[\\s,])(?:${data.list.itemStarts})`, 'gi'),
  leading: new RegExp(data.list.leading, 'i'),
  assertionPrefix: new RegExp(data.list.assertionPrefix, 'i'),
  trailing: new RegExp(data.list.trailing, 'i'),
  qualifiers: new RegExp(data.list.qualifiers, 'i'),
  modifierOnly: new RegExp(data.list.modifierOnly, 'i'),
  adjectiveOnly: new RegExp(data.list.adjectiveOnly, 'i'),
  bareHeads: new RegExp(data.list.bareHeads, 'i'),
  linking: new RegExp(data.list.linking, 'i'),
  encounter: new RegExp(data.list.encounter, 'gi'),
};

const HEAD_WORDS = data.heads.words.map((w) => w.split(/\s+/).map(escape).join('\\s+'));
/** A condition head at a word start, or a word with a condition ending. */
export const HEAD = new RegExp(
  `(?<![A-Za-z])(?:${HEAD_WORDS.join('|')})|(?<![A-Za-z])[A-Za-z]{2,}(?:${data.heads.endings.join('|')})(?![A-Za-z])`, 'i');

export const ICD_BLOCKERS = new RegExp(data.icd.blockers, 'i');

/**
 * For each top-level alternative of a pattern, the plain letters and digits it starts with (after
 * a \b), less a last one made optional by a quantifier: every match contains one of these words.
 * Null when an alternative starts otherwise ("(?:", "^", a class): then nothing is known.
 */
function requiredWords(source: string): string[] | null {
  const words: string[] = [];
  for (let a of topLevelAlternatives(source)) {
    if (a.startsWith('\\b')) a = a.slice(2);
    let word = /^[A-Za-z0-9]*/.exec(a)![0];
    if (/^[?*+{]/.test(a.slice(word.length))) word = word.slice(0, -1);
    if (!word) return null;
    words.push(word.toLowerCase());
  }
  return words;
}
export const CONDITIONS: ConditionPattern[] = data.icd.conditions.map((c) => ({
  key: c.key, re: new RegExp(c.pattern, 'gi'), needs: requiredWords(c.pattern),
}));
export const ICD_RULES: IcdRule[] = data.icd.rules.map((r) => {
  const x = r as typeof r & { spine?: boolean; unsided?: boolean; none?: string };
  return {
    conditions: x.conditions,
    region: x.region,
    spine: Boolean(x.spine),
    unsided: Boolean(x.unsided),
    none: x.none ? new RegExp(x.none, 'i') : null,
    normalized: x.normalized,
    icd10: x.icd10,
  };
});
export const DEDUPE_IGNORE = new Set(data.dedupe.ignoreWords);
