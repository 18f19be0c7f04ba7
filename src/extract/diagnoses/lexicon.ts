/**
 * The diagnosis vocabulary (src/lexicons/diagnoses.json) compiled once: cue patterns, list
 * splitting patterns, condition heads and the ICD-10 rules.
 */
import data from '../../lexicons/diagnoses.json' with { type: 'json' };

export interface CuePattern { name: string; re: RegExp; weak: boolean; patient: boolean; }
export interface ConditionPattern { key: string; re: RegExp; }
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

export const CUES: CuePattern[] = data.cues.patterns.map((c) => ({
  name: c.name,
  re: new RegExp(`(?<![A-Za-z])(?:${c.pattern})`, 'gi'),
  weak: Boolean((c as { weak?: boolean }).weak),
  patient: Boolean((c as { patient?: boolean }).patient),
}));
export const LABEL_CUE = new RegExp(data.cues.labels, 'gim');
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
export const CONDITIONS: ConditionPattern[] = data.icd.conditions.map((c) => ({ key: c.key, re: new RegExp(c.pattern, 'gi') }));
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
