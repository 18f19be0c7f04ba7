/** Emit: turns a finished document into the output record, or a failure into an error record. */
import type { Doc, ImrError } from './document.js';
import { SCHEMA_VERSION, type DeterminationRecord, type ErrorRecord } from '../schema/record.js';

export function toRecord(doc: Doc, includeText: boolean): DeterminationRecord {
  const record: Omit<DeterminationRecord, 'warnings'> & Partial<DeterminationRecord> = {
    schemaVersion: SCHEMA_VERSION,
    id: doc.id,
    source: doc.source,
    program: doc.program,
    layout: doc.layout,
    ...doc.fields,
    sections: doc.sections,
  };
  // Added, not deleted afterwards: deleting a key turns the object into a slow dictionary
  // (for JSON.stringify and every read). The key order stays that of the contract.
  if (includeText) record.text = doc.text;
  record.warnings = doc.warnings;
  return record as DeterminationRecord;
}

export function errorRecord(doc: Doc, error: ImrError): ErrorRecord {
  return { schemaVersion: SCHEMA_VERSION, id: doc.id, source: doc.source, error: { code: error.code, message: error.message } };
}
