/**
 * Opening the output folder of a batch run, resumable and idempotent:
 *
 * - a lock file keeps two runs from appending to the same folder at once (a lock left by a
 *   killed run names a dead process and is taken over);
 * - records.jsonl is the run's ledger: a line that ends with a newline is a complete record,
 *   since lines are only ever appended. A run killed mid-write leaves at most one partial last
 *   line, which is cut off here; a line that does not parse (a damaged disk) is dropped;
 * - the ids of the records already there form the resume index (a Set of 64-hex strings);
 * - the summary counts are recounted from those records, and issues.csv is rebuilt from them,
 *   so both always agree with records.jsonl whatever point the last run died at.
 */
import { open, mkdir, readFile, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { OutputRecord } from '../schema/record.js';
import { CSV_HEADER, issueRows } from './csv.js';
import { facetsOf, Tally } from './summary.js';
import { writeAll } from './writer.js';

export interface OutputFolder {
  dir: string;
  jsonl: FileHandle;
  csv: FileHandle | null;
  /** Ids of the records already in records.jsonl. */
  known: Set<string>;
  /** Counts over those records. */
  tally: Tally;
  /** What had to be repaired, in plain words (for stderr). */
  repairs: string[];
  close(): Promise<void>;
}

export class OutputError extends Error {}

const CHUNK = 1024 * 1024;

/** The complete lines of a file, with the offset just past each one's newline; `rest` is a partial last line. */
async function* completeLines(fh: FileHandle): AsyncGenerator<{ line: Buffer; end: number } | { rest: number }> {
  const chunk = Buffer.allocUnsafe(CHUNK);
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let offset = 0;
  for (;;) {
    const { bytesRead } = await fh.read(chunk, 0, CHUNK, offset);
    if (bytesRead === 0) break;
    let start = 0;
    for (let nl = chunk.indexOf(10, 0); nl >= 0 && nl < bytesRead; nl = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, nl);
      const line = pending.length ? Buffer.concat([...pending, piece]) : Buffer.from(piece);
      pending = [];
      pendingBytes = 0;
      yield { line, end: offset + nl + 1 };
      start = nl + 1;
    }
    if (start < bytesRead) {
      pending.push(Buffer.from(chunk.subarray(start, bytesRead)));
      pendingBytes += bytesRead - start;
    }
    offset += bytesRead;
  }
  if (pendingBytes) yield { rest: pendingBytes };
}

function parseRecord(line: Buffer): OutputRecord | null {
  try {
    const value = JSON.parse(line.toString('utf8')) as OutputRecord;
    return value && typeof value === 'object' && typeof value.id === 'string' ? value : null;
  } catch {
    return null;
  }
}

/** Takes DIR/.imr-batch.lock, or says which live run holds it. */
async function lock(dir: string): Promise<() => Promise<void>> {
  const file = path.join(dir, '.imr-batch.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, `${process.pid}\n`, { flag: 'wx' });
      return () => rm(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (pid > 0 && pid !== process.pid && alive(pid)) {
        throw new OutputError(`another imr batch (pid ${pid}) is writing to ${dir}; wait for it, or stop it first`);
      }
      await rm(file, { force: true }); // left by a run that was killed
    }
  }
  throw new OutputError(`cannot take the lock ${file}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed run not yet reaped by its parent is a zombie: it answers signals but is gone.
  const stat = readProcStat(pid);
  return stat === null || !/^\d+ \(.*\) [ZX]/s.test(stat);
}

function readProcStat(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
}

/** Buffers small writes into large ones. */
class Appender {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly fh: FileHandle) {}
  async add(text: string): Promise<void> {
    if (!text) return;
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= CHUNK) await this.flush();
  }
  async flush(): Promise<void> {
    if (!this.parts.length) return;
    const bytes = Buffer.from(this.parts.join(''), 'utf8');
    this.parts = [];
    this.size = 0;
    await writeAll(this.fh, [bytes]);
  }
}

export async function openOutput(dir: string, options: { csv: boolean }): Promise<OutputFolder> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    throw new OutputError(`cannot create the output folder ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const unlock = await lock(dir);
  const jsonlPath = path.join(dir, 'records.jsonl');
  const csvPath = path.join(dir, 'issues.csv');
  const known = new Set<string>();
  const tally = new Tally();
  const repairs: string[] = [];
  let jsonl: FileHandle | null = null;
  let csv: FileHandle | null = null;
  try {
    jsonl = await open(jsonlPath, 'a+');
    // issues.csv is rebuilt beside the old one and swapped in at once.
    const csvTmp = options.csv ? await open(`${csvPath}.tmp`, 'w') : null;
    const rows = csvTmp ? new Appender(csvTmp) : null;
    await rows?.add(CSV_HEADER);
    let invalid = 0;
    let goodEnd = 0;
    for await (const item of completeLines(jsonl)) {
      if ('rest' in item) {
        await jsonl.truncate(goodEnd);
        repairs.push(`records.jsonl ended with a partial line (${item.rest} bytes, from an interrupted run): removed`);
        break;
      }
      const record = parseRecord(item.line);
      if (!record || known.has(record.id)) {
        invalid++;
        continue;
      }
      goodEnd = item.end;
      known.add(record.id);
      tally.add(facetsOf(record));
      await rows?.add(issueRows(record));
    }
    if (invalid) {
      await dropInvalidLines(jsonl, jsonlPath);
      jsonl = await open(jsonlPath, 'a+');
      repairs.push(`records.jsonl had ${invalid} damaged or repeated line(s): removed (damaged ones are extracted again)`);
    }
    if (csvTmp && rows) {
      await rows.flush();
      await csvTmp.close();
      await rename(`${csvPath}.tmp`, csvPath);
      csv = await open(csvPath, 'a');
    }
  } catch (e) {
    await jsonl?.close().catch(() => undefined);
    await unlock();
    if (e instanceof OutputError) throw e;
    throw new OutputError(`cannot prepare the output folder ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const jsonlHandle = jsonl;
  return {
    dir, jsonl: jsonlHandle, csv, known, tally, repairs,
    async close() {
      await jsonlHandle.sync().catch(() => undefined);
      await jsonlHandle.close();
      if (csv) {
        await csv.sync().catch(() => undefined);
        await csv.close();
      }
      await unlock();
    },
  };
}

/**
 * Rewrites records.jsonl without the lines that do not parse and without repeated ids (rare:
 * only a damaged disk, or runs that bypassed the lock, make them).
 */
async function dropInvalidLines(fh: FileHandle, file: string): Promise<void> {
  const out = await open(`${file}.tmp`, 'w');
  const seen = new Set<string>();
  for await (const item of completeLines(fh)) {
    if (!('line' in item)) continue;
    const record = parseRecord(item.line);
    if (!record || seen.has(record.id)) continue;
    seen.add(record.id);
    await writeAll(out, [item.line, Buffer.from('\n')]);
  }
  await out.close();
  await fh.close();
  await rename(`${file}.tmp`, file);
}
