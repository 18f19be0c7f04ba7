/**
 * Medications: every drug the letter names by brand or generic (src/lexicons/drugs.json), with
 * its generic, strength, dose form, count, frequency, status (current, past, requested) and
 * ConText assertion; distinct by name and strength, first mention kept, and a later mention
 * without a strength of a drug already listed (by name or generic) is a repeat.
 *
 * Two phases (after chrono-node's parsers and refiners): candidate drug names from the
 * vocabulary's token index, then refiners that drop what the annotation guide excludes (drugs
 * inside a quoted or restated guideline or a citation, a drug in a planned procedure such as a
 * cortisone injection, contrast agents), join fixed combinations ("hydrocodone/APAP"), split
 * compounded creams into their ingredients, and attach the details written after the name.
 */
import type { Doc } from '../../pipeline/document.js';
import { mention } from '../../pipeline/document.js';
import type { Stage } from '../../pipeline/stage.js';
import type { Assertion, Medication } from '../../schema/record.js';
import { assertionOf, sentenceBounds } from '../../context/context.js';
import { findDrugNames, genericEntry, type DrugMatch } from './lexicon.js';
import { findQuantity, readDetails, formatStrength, type DrugDetails } from './details.js';
import { clinicalRanges, guidelineRegions, inside, isGuidelineSentence, type Range } from './scope.js';
import rules from './rules.json' with { type: 'json' };
import { lowerBound } from '../sorted.js';

type Status = NonNullable<Medication['status']>;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const phrase = (s: string) => escape(s).replace(/(?:\\ |\s)+/g, '\\s{1,3}').replace(/-/g, '[\\s-]?');
const wordsRe = (words: string[], flags = 'gi') =>
  new RegExp(`(?<![A-Za-z0-9])(?:${[...new Set(words)].sort((a, b) => b.length - a.length).map(phrase).join('|')})(?![A-Za-z0-9])`, flags);

const CUES: { status: Status; re: RegExp }[] = (Object.entries(rules.statusCues) as [Status, string[]][])
  .map(([status, words]) => ({ status, re: wordsRe(words) }));
const PAST_ADVERB = wordsRe(rules.pastAdverbs, 'i');
const PROCEDURE_AFTER = new RegExp(`^[\\s,]{0,3}(?:(?!(?:and|or|but|with|for|to|was|were|is|are|then)\\b)[A-Za-z]+\\s{1,2}){0,2}?(?:${rules.procedureWords.map(phrase).join('|')})(?![A-Za-z])`, 'i');
const PROCEDURE_BEFORE = new RegExp(`(?:${rules.procedureWords.map(phrase).join('|')})\\s{1,2}(?:of|with|using)\\s{1,2}(?:[A-Za-z-]{1,30},?\\s{1,2}){0,3}$`, 'i');
const NOT_AFTER_NAME = new RegExp(`^\\s{0,2}(?:${rules.notAfterName.map(phrase).join('|')})(?![A-Za-z])`, 'i');
const PROCEDURE_DRUGS = new Set(rules.procedureDrugs.map((s) => s.toLowerCase()));
const FUZZY_CONTEXT = wordsRe(rules.fuzzy.context, 'i');
const TOPICAL_FORMS = new Set(rules.topicalForms);
/** An issue item line: "Ultram 50mg #30: Upheld", "... is: Overturned". */
const ITEM_LINE = /:\s{0,3}(?:Upheld|Overturned)\s{0,3}$/i;
/** In the issues section: a numbered item ("1. Lidoderm 5% patches #30 is not medically necessary"). */
const NUMBERED_ITEM = /^\s{0,4}\d{1,2}\.\s/;

/** The most names one combination or compound joins ("A/B/C/D/E/F cream"). */
const MAX_INGREDIENTS = 8;

/** A drug name found in the letter, before its details are read. */
interface Candidate {
  start: number;
  /** End of the name (including a parenthetical restatement: "Flexeril (cyclobenzaprine)"). */
  nameEnd: number;
  name: string;
  generic: string | null;
  combination: boolean;
  /** For an ingredient of a compound written "A/B/C cream (20%/5%/4%)": its index and the group's end. */
  ingredient?: { index: number; count: number; groupEnd: number };
}

/** Joins slash- or hyphen-joined drug names into a fixed combination or marks them as a compound. */
function group(text: string, found: DrugMatch[]): Candidate[] {
  const out: Candidate[] = [];
  for (let i = 0; i < found.length; i++) {
    const run = [found[i]!];
    while (run.length < MAX_INGREDIENTS && i + 1 < found.length
      && /^\s{0,1}[/-]\s{0,1}$/.test(text.slice(run[run.length - 1]!.end, found[i + 1]!.start))) {
      run.push(found[++i]!);
    }
    if (run.length === 1) {
      const m = run[0]!;
      out.push({ start: m.start, nameEnd: m.end, name: text.slice(m.start, m.end), generic: m.entry.generic, combination: !!m.entry.generic?.includes('/') });
      continue;
    }
    const generics = run.map((m) => m.entry.generic ?? m.entry.name.toLowerCase());
    const combined = genericEntry(generics.join('/')) ?? genericEntry([...generics].sort().join('/'));
    const first = run[0]!;
    const last = run[run.length - 1]!;
    if (combined && combined.generic) {
      out.push({ start: first.start, nameEnd: last.end, name: text.slice(first.start, last.end), generic: combined.generic, combination: true });
    } else {
      run.forEach((m, index) => out.push({
        start: m.start, nameEnd: m.end, name: text.slice(m.start, m.end), generic: m.entry.generic, combination: false,
        ingredient: { index, count: run.length, groupEnd: last.end },
      }));
    }
  }
  return out;
}

/** "Flexeril (cyclobenzaprine)": a parenthetical naming the same drug belongs to the mention. */
function absorbParenthetical(text: string, cands: Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  for (let i = 0; i < cands.length; i++) {
    const c = cands[i]!;
    const next = cands[i + 1];
    if (next && !c.ingredient && !next.ingredient && c.generic && next.generic === c.generic
      && /^\s{0,2}\(\s{0,2}$/.test(text.slice(c.nameEnd, next.start))) {
      const close = /^\s{0,2}\)/.exec(text.slice(next.nameEnd, next.nameEnd + 4));
      if (close) {
        out.push({ ...c, nameEnd: next.nameEnd + close[0].length });
        i++;
        continue;
      }
    }
    out.push(c);
  }
  return out;
}

/** A status cue of a sentence: the phrase's status and where it is. */
interface Cue { status: Status; start: number; end: number }

/** The status cues of text[sStart, sEnd), status by status (CUES' order), each in text order. */
function cuesIn(text: string, sStart: number, sEnd: number): Cue[] {
  const out: Cue[] = [];
  const sentence = text.slice(sStart, sEnd);
  for (const { status, re } of CUES) {
    re.lastIndex = 0; // (global patterns, run with exec: matchAll would copy them)
    for (let m = re.exec(sentence); m; m = re.exec(sentence)) out.push({ status, start: sStart + m.index, end: sStart + m.index + m[0].length });
  }
  return out;
}

/** 'requested' for a drug on an issue item line ("Ultram 50mg #30: Upheld"), else null. */
function lineStatus(text: string, line: Range): Status | null {
  const lineText = text.slice(line.start, line.end);
  return ITEM_LINE.test(lineText) || (line.section === 'issues' && NUMBERED_ITEM.test(lineText)) ? 'requested' : null;
}

/** The status the nearest of a sentence's cues gives the drug text[start, end) (see statusOf). */
function cueStatus(text: string, sStart: number, start: number, end: number, cues: readonly Cue[]): Status | null {
  let best: { status: Status; distance: number } | null = null;
  for (const { status, start: cs, end: ce } of cues) {
    let distance: number;
    if (ce <= start) distance = start - ce;
    else if (cs >= end) distance = (cs - end) * 1.5; // after the drug: "Ibuprofen 800 mg was discontinued"
    else continue;
    if (!best || distance < best.distance) best = { status, distance };
  }
  if (!best) return null;
  if (best.status === 'current' && PAST_ADVERB.test(text.slice(sStart, start))) return 'past';
  return best.status;
}

/**
 * The status a drug's sentence gives it: requested on an issue item line; else the nearest cue
 * decides (after the drug counts half as near: "Ibuprofen 800 mg was discontinued"), and
 * "previously" before it turns a current cue into past.
 */
export function statusOf(text: string, sStart: number, sEnd: number, start: number, end: number, line: Range): Status | null {
  return lineStatus(text, line) ?? cueStatus(text, sStart, start, end, cuesIn(text, sStart, sEnd));
}

/** Whether the drug names a procedure's agent ("cortisone injection", "injection of Kenalog"). */
function inProcedure(text: string, c: Candidate, details: DrugDetails, sStart: number): boolean {
  const key = (c.generic ?? c.name).toLowerCase();
  const after = PROCEDURE_AFTER.test(text.slice(details.end, details.end + 60));
  const before = PROCEDURE_BEFORE.test(text.slice(Math.max(sStart, c.start - 60), c.start));
  if (!after && !before) return false;
  return PROCEDURE_DRUGS.has(key) || details.strength === null;
}

function build(text: string, c: Candidate, details: DrugDetails, status: Status | null, assertion: Assertion): Medication | null {
  const m = mention(text, c.start, Math.max(details.end, c.nameEnd));
  if (!m) return null;
  const nameText = text.slice(c.start, c.nameEnd).replace(/\s*\([^)]*\)\s*$/, '');
  return {
    text: m.text,
    span: m.span,
    name: nameText.replace(/\s+/g, ' '),
    generic: c.generic,
    strength: details.strength,
    form: details.form,
    quantity: details.quantity,
    frequency: details.frequency,
    status,
    assertion,
  };
}

/** Details of one candidate; an ingredient of "A/B/C cream (20%/5%/4%)" takes its share of the group's. */
function detailsOf(text: string, c: Candidate, limit: number): DrugDetails {
  if (c.ingredient && c.ingredient.index < c.ingredient.count - 1) {
    const own = readDetails(text, c.nameEnd, limit, false);
    if (own.strength) return own;
    const shared = readDetails(text, c.ingredient.groupEnd, limit, false);
    const part = shared.strengthParts.length === c.ingredient.count ? shared.strengthParts[c.ingredient.index] : undefined;
    return { ...own, strength: part && shared.strengthUnit ? formatStrength([part], shared.strengthUnit) : null, form: shared.form };
  }
  if (c.ingredient) {
    const d = readDetails(text, c.nameEnd, limit, false);
    const part = d.strengthParts.length === c.ingredient.count ? d.strengthParts[c.ingredient.index] : undefined;
    if (part && d.strengthUnit) return { ...d, strength: formatStrength([part], d.strengthUnit) };
    return d;
  }
  return readDetails(text, c.nameEnd, limit, c.combination);
}

/** A mention found in one line, before the distinct filter; status and assertion come after it. */
interface Pending {
  med: Medication;
  nameEnd: number;
  sentence: [number, number];
  line: Range;
}

/** Every medication mention of text[range) (one line), in text order, before the distinct filter. */
function mentionsIn(text: string, range: Range): Pending[] {
  let all = findDrugNames(text, range.start, range.end);
  if (!all.length) return [];
  // guideline passages only matter on the (few) lines naming a drug
  const guideline = guidelineRegions(text, range.start, range.end);
  if (guideline.length) all = all.filter((m) => !inside(guideline, m.start, m.end));
  const exactStarts = all.filter((m) => !m.fuzzy).map((m) => m.start);
  // a misspelling counts only in a medication context: another drug, a dose word, a strength
  const found = all.filter((m) => {
    if (!m.fuzzy) return true;
    const [s, e] = sentenceBounds(text, m.start, m.end);
    return FUZZY_CONTEXT.test(text.slice(s, e)) || anyIn(exactStarts, s, e) || readDetails(text, m.end, e).strength !== null;
  });
  const out: Pending[] = [];
  let sentence: { s: number; e: number; guideline: boolean } | null = null;
  for (const c of absorbParenthetical(text, group(text, found))) {
    if (!sentence || c.start < sentence.s || c.start >= sentence.e) {
      const [s, e] = sentenceBounds(text, c.start, c.nameEnd);
      sentence = { s, e, guideline: isGuidelineSentence(text.slice(s, e)) };
    }
    if (sentence.guideline) continue;
    if (NOT_AFTER_NAME.test(text.slice(c.nameEnd, c.nameEnd + 40))) continue; // "morphine equivalent dose"
    const limit = Math.min(range.end, sentence.e + 1);
    const details = detailsOf(text, c, limit);
    if (inProcedure(text, c, details, sentence.s)) continue;
    const med = build(text, c, details, null, 'present');
    if (med) out.push({ med, nameEnd: c.nameEnd, sentence: [sentence.s, sentence.e], line: range });
  }
  return out;
}

/** Whether a sorted list of offsets has one in [s, e). */
function anyIn(sorted: number[], s: number, e: number): boolean {
  const lo = lowerBound(sorted.length, (i) => sorted[i]! < s);
  return lo < sorted.length && sorted[lo]! < e;
}

const isMisspelt = (name: string) => findDrugNames(name).some((d) => d.fuzzy);

/** Whether `m` repeats an item already listed (see distinctMedications). */
function repeats(out: readonly Medication[], m: Medication): boolean {
  const name = m.name.toLowerCase();
  const generic = m.generic?.toLowerCase() ?? null;
  return out.some((o) => {
    if (m.strength !== null) return o.name.toLowerCase() === name && o.strength === m.strength;
    if (o.name.toLowerCase() === name) return true;
    if (generic === null || !o.generic) return false;
    const og = o.generic.toLowerCase();
    // Another name of the same drug is an item of its own (distinct by name: "Tylenol" and
    // "Acetaminophen"), but a misspelling of it ("diazempam" after "Diazepam") repeats it...
    if (og === generic && isMisspelt(m.name)) return true;
    // ...and so does an ingredient named after its product:
    // "the requested ointment contains lidocaine" after "LidoPro ointment": an ingredient of a
    // topical or of a product of three or more ingredients already listed
    const ingredients = og.split('/');
    return ingredients.includes(generic) && (ingredients.length >= 3 || TOPICAL_FORMS.has(o.form ?? ''));
  });
}

/**
 * The distinct list: by name and strength, first mention kept; a mention without a strength of
 * a drug already listed by that name (or of an ingredient of a product listed) is a repeat.
 */
export function distinctMedications(all: Medication[]): Medication[] {
  const out: Medication[] = [];
  for (const m of all) if (!repeats(out, m)) out.push(m);
  return out;
}

/** Every medication of the letter (the record's `medications`). */
export function findMedications(doc: Pick<Doc, 'text' | 'sections'>): Medication[] {
  const text = doc.text;
  const kept: Pending[] = [];
  const meds: Medication[] = [];
  for (const r of clinicalRanges(doc)) {
    for (const p of mentionsIn(text, r)) {
      if (repeats(meds, p.med)) continue;
      kept.push(p);
      meds.push(p.med);
    }
  }
  // status and assertion only for the items kept (each costs a pass over its sentence)
  // the kept items come in text order: drugs listed in one line or sentence share its status reading
  let line: { range: Range; status: Status | null } | null = null;
  let sentence: { s: number; e: number; cues: Cue[] } | null = null;
  for (const p of kept) {
    if (!line || line.range !== p.line) line = { range: p.line, status: lineStatus(text, p.line) };
    const [s, e] = p.sentence;
    if (line.status === null && (!sentence || sentence.s !== s || sentence.e !== e)) sentence = { s, e, cues: cuesIn(text, s, e) };
    p.med.status = line.status ?? cueStatus(text, s, p.med.span[0], p.med.span[1], sentence!.cues);
    p.med.assertion = assertionOf(text, p.med.span[0], p.nameEnd);
  }
  return meds;
}

/**
 * The medication of a disputed drug item, e.g. text[start, end) = "Norco 10/325mg #120": name
 * `Norco`, generic `hydrocodone/acetaminophen`, strength `10/325 mg`, quantity 120, status
 * `requested`. A compound written "A/B cream" is one medication named as written, its generic the
 * ingredients' generics joined by "/". Null when the item names no drug of the vocabulary.
 * Spans point into doc.text.
 */
export function medicationFromItem(doc: Pick<Doc, 'text'>, start: number, end: number): Medication | null {
  const text = doc.text;
  const found = findDrugNames(text, start, end);
  if (!found.length) return null;
  const cands = absorbParenthetical(text, group(text, found));
  let c = cands[0]!;
  if (c.ingredient) {
    const members = cands.filter((x) => x.ingredient && x.ingredient.groupEnd === c.ingredient!.groupEnd);
    const generics = members.map((x) => x.generic);
    c = {
      start: c.start, nameEnd: c.ingredient.groupEnd, name: text.slice(c.start, c.ingredient.groupEnd),
      generic: generics.every((g) => g) ? generics.join('/') : null, combination: false,
    };
  }
  const details = readDetails(text, c.nameEnd, end, c.combination);
  // "Flurbiprofen 10%/Lidocaine 5% cream, 120grams #1": the item's count may follow the other ingredients
  if (details.quantity === null) details.quantity = findQuantity(text, details.end, end);
  return build(text, c, details, 'requested', assertionOf(text, c.start, c.nameEnd));
}

export const medicationsStage: Stage = {
  name: 'medications',
  requires: ['sections'],
  provides: ['clinical'],
  run(doc: Doc) {
    doc.fields.medications = findMedications(doc);
  },
};
