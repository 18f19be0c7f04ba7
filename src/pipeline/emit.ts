/** Emit: turns a finished document into the output record, or a failure into an error record. */
import type { Doc, ImrError } from './document.js';
import { SCHEMA_VERSION, type DeterminationRecord, type ErrorRecord } from '../schema/record.js';

export function toRecord(doc: Doc, includeText: boolean): DeterminationRecord {
  const record: DeterminationRecord = {
    schemaVersion: SCHEMA_VERSION,
    id: doc.id,
    source: doc.source,
    program: doc.program,
    layout: doc.layout,
    ...doc.fields,
    sections: doc.sections,
    text: doc.text,
    warnings: doc.warnings,
  };
  if (!includeText) delete record.text;
  return record;
}

export function errorRecord(doc: Doc, error: ImrError): ErrorRecord {
  return { schemaVersion: SCHEMA_VERSION, id: doc.id, source: doc.source, error: { code: error.code, message: error.message } };
}
