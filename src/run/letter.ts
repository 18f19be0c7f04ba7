/**
 * One input letter, start to end, as a batch worker runs it: read the file, hash it, skip it
 * if an earlier run recorded it, refuse it if it is too large, extract it, and turn the record
 * into its output (JSON line, CSV rows, summary facts). The worker reads the file itself, with
 * synchronous calls: asynchronous reads on the main thread cost several times the CPU (a thread
 * pool round trip per call), which on a 2-core machine the workers need, while a worker has
 * nothing else to do meanwhile. Also the error records the main thread writes for a letter
 * whose worker was lost.
 */
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, fstatSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { extractBuffer, recordId, SCHEMA_VERSION, type ErrorCode, type ErrorRecord, type ExtractOptions, type OutputRecord, type Source } from '../public/index.js';
import { sniffKind } from '../ingest/ingest.js';
import { issueRows } from './csv.js';
import { facetsOf, type Facets } from './summary.js';

export interface LetterOptions {
  extract: ExtractOptions;
  csv: boolean;
  maxBytes: number;
  /** Ids already in records.jsonl when the run started. */
  known: ReadonlySet<string>;
}

/** Strings: posting a string to another thread is a plain copy, cheaper than moving a buffer. */
export interface LetterOutput {
  line: string;
  csv: string | null;
  facets: Facets;
}

export type LetterResult =
  | { kind: 'output'; id: string; output: LetterOutput }
  | { kind: 'recorded'; id: string };

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
const kindByName = (file: string): Source['kind'] => (/\.pdf$/i.test(file) ? 'pdf' : 'text');
const reason = (e: unknown) => (e as NodeJS.ErrnoException)?.code ?? (e as Error)?.message ?? String(e);
export const formatSize = (n: number) => (n < 1024 ? `${n} bytes` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 ** 2).toFixed(1)} MB`);

/** Reads a whole file, or (too large) only hashes it by chunks and keeps its first KiB. */
function readOrHash(fd: number, size: number, maxBytes: number): { bytes: Buffer } | { id: string; head: Buffer; size: number } {
  if (size <= maxBytes) {
    const bytes = Buffer.allocUnsafeSlow(size);
    let got = 0;
    while (got < size) {
      const n = readSync(fd, bytes, got, size - got, got);
      if (n === 0) break;
      got += n;
    }
    return { bytes: got === size ? bytes : bytes.subarray(0, got) };
  }
  const hash = createHash('sha256');
  const chunk = Buffer.allocUnsafe(1024 * 1024);
  let head: Buffer | null = null;
  let total = 0;
  for (let n = readSync(fd, chunk, 0, chunk.length, 0); n > 0; n = readSync(fd, chunk, 0, chunk.length, total)) {
    head ??= Buffer.from(chunk.subarray(0, Math.min(n, 1024)));
    hash.update(chunk.subarray(0, n));
    total += n;
  }
  return { id: hash.digest('hex'), head: head ?? Buffer.alloc(0), size: total };
}

export async function processLetter(file: string, o: LetterOptions): Promise<LetterResult> {
  const unreadable = (message: string, bytes = 0): LetterResult => {
    const id = pathId(file);
    return { kind: 'output', id, output: errorOutput(id, { path: file, kind: kindByName(file), bytes, pages: null }, 'unreadable', message) };
  };
  let read;
  let fd: number | null = null;
  try {
    // Checked before opening: opening a FIFO would block this thread until a writer came.
    if (!statSync(file).isFile()) return unreadable(`${file} is not a regular file`);
    fd = openSync(file, 'r');
    read = readOrHash(fd, fstatSync(fd).size, o.maxBytes);
  } catch (e) {
    return unreadable(`cannot read ${file}: ${reason(e)}`);
  } finally {
    if (fd !== null) closeSync(fd);
  }
  if (!('bytes' in read)) {
    if (o.known.has(read.id)) return { kind: 'recorded', id: read.id };
    const source: Source = { path: file, kind: sniffKind(read.head, file), bytes: read.size, pages: null };
    const message = `the file is ${formatSize(read.size)}, more than the --max-bytes limit of ${formatSize(o.maxBytes)}`;
    return { kind: 'output', id: read.id, output: errorOutput(read.id, source, 'too-large', message) };
  }
  const id = recordId(read.bytes);
  if (o.known.has(id)) return { kind: 'recorded', id };
  const record = await extractBuffer(read.bytes, file, o.extract);
  return { kind: 'output', id, output: toOutput(record, o.csv) };
}

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
