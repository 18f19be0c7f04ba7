/**
 * The one document object that travels through every stage (after unified's VFile): the
 * source, the raw and normalized text, what detection and segmentation found, and the record
 * fields the extractors fill in. Stages add warnings instead of throwing, except for the
 * failures that make the letter unusable (see ImrError).
 */
import type {
  DeterminationRecord, ErrorCode, Mention, Program, Section, SectionName, Source, Span,
} from '../schema/record.js';

/** The record fields the extractors fill in (everything but identity, source and text). */
export type RecordFields = Omit<DeterminationRecord, 'schemaVersion' | 'id' | 'source' | 'text' | 'warnings' | 'sections' | 'program' | 'layout'>;

export interface Doc {
  id: string;
  source: Source;
  /** The bytes as read (dropped after ingest to keep memory flat in batch runs). */
  bytes: Uint8Array | null;
  /** Text as the reader produced it: decoded text file, or the PDF's pages joined by form feeds. */
  rawText: string;
  /** The normalized text every span points into. */
  text: string;
  program: Program;
  layout: string;
  sections: Section[];
  fields: RecordFields;
  warnings: string[];
}

/** A failure that makes the whole letter unusable; becomes an error record with this code. */
export class ImrError extends Error {
  constructor(readonly code: ErrorCode, message: string) {
    super(message);
    this.name = 'ImrError';
  }
}

export function emptyFields(): RecordFields {
  return {
    caseNumber: null,
    dates: { assigned: null, decision: null, urDenial: null, applicationReceived: null, injury: null },
    priority: null,
    reviewer: { licensure: [], specialties: [] },
    patient: { age: null, sex: null },
    injury: { date: null, bodyParts: [], mechanism: null },
    diagnoses: [],
    painScores: [],
    medications: [],
    treatmentsToDate: [],
    workStatus: null,
    events: [],
    issues: [],
  };
}

export function newDoc(id: string, source: Source, bytes: Uint8Array | null): Doc {
  return {
    id, source, bytes, rawText: '', text: '', program: 'unknown', layout: 'unknown',
    sections: [], fields: emptyFields(), warnings: [],
  };
}

/**
 * A mention of text[start, end), trimmed of surrounding white space and of the trailing
 * punctuation `.,;:` so that `text` is the phrase itself. Returns null for an empty range.
 */
export function mention(text: string, start: number, end: number): Mention | null {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /[\s.,;:]/.test(text[end - 1]!)) end--;
  if (end <= start) return null;
  return { text: text.slice(start, end), span: [start, end] };
}

/** The first section of that name, or null. */
export function section(doc: Doc, name: SectionName): Section | null {
  return doc.sections.find((s) => s.name === name) ?? null;
}

/** All sections of that name. */
export function sections(doc: Doc, name: SectionName): Section[] {
  return doc.sections.filter((s) => s.name === name);
}

export function sliceSpan(doc: Doc, span: Span): string {
  return doc.text.slice(span[0], span[1]);
}
