/**
 * One input letter, start to end, as a batch worker runs it: read the file, hash it, skip it
 * if an earlier run recorded it, refuse it if it is too large, extract it, and turn the record
 * into its output (JSON line, CSV rows, summary facts). The worker reads the file itself, with
 * synchronous calls: asynchronous reads on the main thread cost several times the CPU (a thread
 * pool round trip per call), which on a 2-core machine the workers need, while a worker has
 * nothing else to do meanwhile.
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { extractBuffer, recordId, type ExtractOptions, type Source } from '../public/index.js';
import { sniffKind } from '../ingest/ingest.js';
import { errorOutput, formatSize, kindByName, pathId, toOutput, type LetterOutput } from './output.js';

export interface LetterOptions {
  extract: ExtractOptions;
  csv: boolean;
  maxBytes: number;
  /** Ids already in records.jsonl when the run started. */
  known: ReadonlySet<string>;
}

export type LetterResult =
  | { kind: 'output'; id: string; output: LetterOutput }
  | { kind: 'recorded'; id: string };

const reason = (e: unknown) => (e as NodeJS.ErrnoException)?.code ?? (e as Error)?.message ?? String(e);

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
