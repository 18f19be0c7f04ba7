/**
 * The ordered writer: results arrive in any order from the workers and are appended in input
 * order, each letter's CSV rows before its JSON line. Whatever is ready by the end of the
 * current turn of the event loop goes out in one write per file (group commit). The writes are
 * synchronous: a write of a few kilobytes to the page cache costs microseconds, while an
 * asynchronous one costs a thread-pool round trip (two thread wake-ups) on the main thread,
 * which on a 2-core machine the workers need; measured, about 0.15 ms of CPU per letter. A
 * letter's `submit` resolves once its bytes are written: callers that wait for it hold the run
 * back when the disk is slower than the workers (back-pressure), and the records waiting for an
 * earlier, slow letter stay bounded by the number of letters in flight.
 */
import { writevSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';

export interface Entry {
  line: string;
  csv: string | null;
}

interface Waiting {
  entry: Entry | null;
  resolve: () => void;
  reject: (e: Error) => void;
}

/** About this many characters at most go into one write. */
const BATCH_CHARS = 4 * 1024 * 1024;

/** Appends all of `chunks` (a write may take less than it was given). */
export async function writeAll(fh: FileHandle, chunks: Uint8Array[]): Promise<void> {
  let rest = chunks.filter((c) => c.byteLength > 0);
  while (rest.length) {
    const total = rest.reduce((n, c) => n + c.byteLength, 0);
    const { bytesWritten } = await fh.writev(rest);
    if (bytesWritten >= total) return;
    rest = afterBytes(rest, bytesWritten);
  }
}

/** Appends all of `chunks` to the file `fd`, synchronously (a write may take less than it was given). */
export function writeAllSync(fd: number, chunks: Uint8Array[]): void {
  let rest = chunks.filter((c) => c.byteLength > 0);
  while (rest.length) {
    const total = rest.reduce((n, c) => n + c.byteLength, 0);
    const written = writevSync(fd, rest);
    if (written >= total) return;
    rest = afterBytes(rest, written);
  }
}

/** What is left of `chunks` once their first `n` bytes are written. */
function afterBytes(chunks: Uint8Array[], n: number): Uint8Array[] {
  let skip = n;
  const next: Uint8Array[] = [];
  for (const c of chunks) {
    if (skip >= c.byteLength) skip -= c.byteLength;
    else {
      next.push(skip ? c.subarray(skip) : c);
      skip = 0;
    }
  }
  return next;
}

export class OrderedWriter {
  private readonly waiting = new Map<number, Waiting>();
  private next = 0;
  private scheduled = false;
  private failed: Error | null = null;

  constructor(private readonly jsonl: FileHandle, private readonly csv: FileHandle | null) {}

  /** Hands over letter `seq`'s output (null: nothing to write, e.g. a letter already recorded). */
  submit(seq: number, entry: Entry | null): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, { entry, resolve, reject });
      if (!this.scheduled && seq === this.next) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    let batch: Waiting[] = [];
    try {
      while (this.waiting.has(this.next)) {
        batch = [];
        let chars = 0;
        while (chars < BATCH_CHARS && this.waiting.has(this.next)) {
          const w = this.waiting.get(this.next)!;
          this.waiting.delete(this.next++);
          batch.push(w);
          chars += w.entry ? w.entry.line.length + (w.entry.csv?.length ?? 0) : 0;
        }
        const entries = batch.flatMap((w) => (w.entry ? [w.entry] : []));
        // CSV rows first: if the run dies between the two writes, records.jsonl does not yet
        // list the letter, and the next run (which rebuilds issues.csv from records.jsonl)
        // extracts it again.
        if (this.csv) writeAllSync(this.csv.fd, [Buffer.from(entries.map((e) => e.csv ?? '').join(''))]);
        writeAllSync(this.jsonl.fd, [Buffer.from(entries.map((e) => e.line).join(''))]);
        for (const w of batch) w.resolve();
      }
    } catch (e) {
      this.failed = new Error(`cannot write the output: ${(e as Error).message}`);
      for (const w of [...batch, ...this.waiting.values()]) w.reject(this.failed);
      this.waiting.clear();
    }
  }
}
