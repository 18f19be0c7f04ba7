/**
 * issues.csv: one row per disputed item, with the letter's identifying facts repeated on each
 * row, the table an analyst opens first. RFC 4180: comma separated, CRLF line ends, a field
 * quoted when it holds a comma, a quote or a line break, quotes doubled. Line breaks inside a
 * value become spaces, so that a row is always one physical line (line-oriented tools and a
 * resumed run can count on it).
 */
import type { DeterminationRecord, OutputRecord } from '../schema/record.js';

export const CSV_COLUMNS = [
  'id', 'source_path', 'case_number', 'date_assigned', 'date_decision', 'date_ur_denial',
  'date_application_received', 'date_injury', 'patient_age', 'patient_sex', 'reviewer_specialties',
  'item_number', 'item', 'category', 'decision', 'medically_necessary', 'guideline_sources',
] as const;

type Cell = string | number | boolean | null | undefined;

/** One field, quoted only when it must be. */
export function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  const text = String(value).replace(/\r\n|[\r\n]/g, ' ');
  return /[",]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: readonly Cell[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}

export const CSV_HEADER = csvRow(CSV_COLUMNS);

/** The rows of a record's disputed items ('' for an error record or a letter without items). */
export function issueRows(record: OutputRecord): string {
  if ('error' in record) return '';
  const r = record as DeterminationRecord;
  let out = '';
  r.issues.forEach((issue, i) => {
    const sources = [...new Set(issue.guidelines.map((g) => g.source))];
    out += csvRow([
      r.id, r.source.path, r.caseNumber, r.dates.assigned, r.dates.decision, r.dates.urDenial,
      r.dates.applicationReceived, r.dates.injury, r.patient.age, r.patient.sex, r.reviewer.specialties.join('; '),
      i + 1, issue.service.text, issue.category, issue.decision, issue.medicallyNecessary, sources.join('; '),
    ]);
  });
  return out;
}
