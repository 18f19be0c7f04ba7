/**
 * Header: the labelled fields at the top of the letter (case number, dates, priority).
 *
 * pdf-parse gives `Label: <TAB> value` pairs, sometimes with a label split over two lines
 * (`Application` / `Received:`); poppler gives all the labels first and the values after
 * them. Both are read the same way: each label takes the value right after it, and labels left
 * without one take the leftover values in order.
 */
import type { Doc } from '../../pipeline/document.js';
import { section } from '../../pipeline/document.js';
import type { Stage } from '../../pipeline/stage.js';
import labels from '../../lexicons/header-labels.json' with { type: 'json' };
import { parseDateAtStart } from '../dates.js';

type Field = keyof typeof labels.fields;
const LABEL_TO_FIELD = new Map<string, Field | null>();
for (const [field, names] of Object.entries(labels.fields)) for (const n of names) LABEL_TO_FIELD.set(n.toLowerCase(), field as Field);
for (const n of labels.otherLabels) LABEL_TO_FIELD.set(n.toLowerCase(), null);
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Longest first so `IMR Case Number` wins over `Case Number`.
const LABEL_RE = new RegExp(
  `(?<![A-Za-z])(${[...LABEL_TO_FIELD.keys()].sort((a, b) => b.length - a.length).map((l) => escape(l).replace(/ /g, '\\s+')).join('|')})\\s*:`,
  'gi',
);
const CASE_NUMBER = /^[A-Z]{2}\d{2}-\d{4,8}\b/;
const PRIORITY = /^(standard|expedited)\b/i;

export interface HeaderValues {
  caseNumber: string | null;
  assigned: string | null;
  injury: string | null;
  decision: string | null;
  urDenial: string | null;
  applicationReceived: string | null;
  priority: 'standard' | 'expedited' | null;
}

/** Reads one value of `field` at the start of `text`; returns it and its length. */
function readValue(field: Field, text: string): { value: string; length: number } | null {
  const lead = text.length - text.trimStart().length;
  const rest = text.slice(lead);
  if (field === 'caseNumber') {
    const m = CASE_NUMBER.exec(rest);
    return m ? { value: m[0], length: lead + m[0].length } : null;
  }
  if (field === 'priority') {
    const m = PRIORITY.exec(rest);
    return m ? { value: m[1]!.toLowerCase(), length: lead + m[0].length } : null;
  }
  const d = parseDateAtStart(rest);
  return d ? { value: d.iso, length: lead + d.end } : null;
}

export function readHeader(header: string): HeaderValues {
  const out: HeaderValues = {
    caseNumber: null, assigned: null, injury: null, decision: null, urDenial: null, applicationReceived: null, priority: null,
  };
  const found = [...header.matchAll(LABEL_RE)].map((m) => ({
    field: LABEL_TO_FIELD.get(m[1]!.toLowerCase().replace(/\s+/g, ' ')) ?? null,
    end: m.index + m[0].length,
    start: m.index,
  }));
  let orphans: Field[] = [];
  found.forEach((label, i) => {
    const until = i + 1 < found.length ? found[i + 1]!.start : header.length;
    const region = header.slice(label.end, until);
    if (!label.field) return;
    if (!region.trim()) {
      orphans.push(label.field);
    } else if (orphans.length) {
      // Labels printed before their values (poppler), in groups: the group's last label is
      // followed by the values of the whole group, in order.
      zipValues(out, [...orphans, label.field], region);
      orphans = [];
    } else {
      const v = readValue(label.field, region);
      if (v && out[label.field] === null) (out as unknown as Record<string, string>)[label.field] = v.value;
    }
  });
  return out;
}

/** Gives each field of a label group the next value of its type in `rest`. */
function zipValues(out: HeaderValues, fields: Field[], rest: string): void {
  for (const field of fields) {
    let v = readValue(field, rest);
    // Skip over a value that belongs to a label already read (a value of another type).
    for (let guard = 0; !v && guard < 8 && rest.trim(); guard++) {
      rest = rest.trimStart().replace(/^\S+/, '');
      v = readValue(field, rest);
    }
    if (!v) break;
    if (out[field] === null) (out as unknown as Record<string, string>)[field] = v.value;
    rest = rest.slice(v.length);
  }
}

/** "sustained an industrial injury on March 27, 2014", "injured ... on 11/3/2016". */
const INJURY_SENTENCE = /\binjur(?:y|ed|ies)\b[^.\n]{0,80}?\b(?:on|dated?|of)\s+/gi;

export function injuryDateFromNarrative(text: string): string | null {
  for (const m of text.matchAll(INJURY_SENTENCE)) {
    const d = parseDateAtStart(text.slice(m.index + m[0].length, m.index + m[0].length + 40));
    if (d) return d.iso;
  }
  return null;
}

export const headerStage: Stage = {
  name: 'header',
  requires: ['sections'],
  provides: ['structure'],
  run(doc: Doc) {
    const head = section(doc, 'header');
    const values = head ? readHeader(doc.text.slice(head.span[0], head.span[1])) : readHeader('');
    const f = doc.fields;
    f.caseNumber = values.caseNumber;
    f.priority = values.priority;
    f.dates = {
      assigned: values.assigned,
      decision: values.decision,
      urDenial: values.urDenial,
      applicationReceived: values.applicationReceived,
      injury: values.injury,
    };
    if (!f.dates.injury) {
      const summary = section(doc, 'case-summary');
      const where = summary ? doc.text.slice(summary.span[0], summary.span[1]) : doc.text;
      f.dates.injury = injuryDateFromNarrative(where);
    }
    f.injury.date = f.dates.injury;
  },
};
