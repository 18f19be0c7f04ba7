/**
 * A letter's output as the batch writes it (its JSON line, CSV rows and the facts the summary
 * counts), and the error records of letters that have no record of their own. Shared by the
 * workers and the main thread; light on purpose: the main thread never loads the pipeline.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { ErrorCode, ErrorRecord, OutputRecord, Source } from '../schema/record.js';
import { SCHEMA_VERSION } from '../schema/version.js';
import { sniffKind } from '../ingest/ingest.js';
import { issueRows } from './csv.js';
import { facetsOf, type Facets } from './summary.js';

/** Strings: posting a string to another thread is a plain copy, cheaper than moving a buffer. */
export interface LetterOutput {
  line: string;
  csv: string | null;
  facets: Facets;
}

export function toOutput(record: OutputRecord, csv: boolean): LetterOutput {
  const rows = csv ? issueRows(record) : '';
  return { line: `${JSON.stringify(record)}\n`, csv: rows || null, facets: facetsOf(record) };
}

export function errorOutput(id: string, source: Source, code: ErrorCode, message: string): LetterOutput {
  const record: ErrorRecord = { schemaVersion: SCHEMA_VERSION, id, source, error: { code, message } };
  return toOutput(record, false);
}

/**
 * A file that cannot be read has no bytes to hash: its id is the sha256 of its absolute path,
 * so that each such file keeps a line of its own (rather than all sharing the empty file's id).
 */
export const pathId = (file: string) => createHash('sha256').update(`unreadable:${path.resolve(file)}`).digest('hex');
export const kindByName = (file: string): Source['kind'] => (/\.pdf$/i.test(file) ? 'pdf' : 'text');
export const formatSize = (n: number) => (n < 1024 ? `${n} bytes` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 ** 2).toFixed(1)} MB`);

/** The id and source of a letter whose worker was stopped or lost (rare: hashed again here, streamed). */
export async function identify(file: string): Promise<{ id: string; source: Source }> {
  try {
    const hash = createHash('sha256');
    let head = Buffer.alloc(0);
    let size = 0;
    for await (const chunk of createReadStream(file)) {
      if (head.length < 1024) head = Buffer.concat([head, (chunk as Buffer).subarray(0, 1024 - head.length)]);
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
    return { id: hash.digest('hex'), source: { path: file, kind: sniffKind(head, file), bytes: size, pages: null } };
  } catch {
    return { id: pathId(file), source: { path: file, kind: kindByName(file), bytes: 0, pages: null } };
  }
}
