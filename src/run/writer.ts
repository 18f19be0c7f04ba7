/**
 * The ordered writer: results arrive in any order from the workers and are appended in input
 * order, each letter's CSV rows before its JSON line. One write at a time per file, batching
 * whatever is ready meanwhile (group commit), so throughput does not depend on one write per
 * letter. A letter's `submit` resolves once its bytes are written: callers that wait for it
 * hold the run back when the disk is slower than the workers (back-pressure), and the records
 * waiting for an earlier, slow letter stay bounded by the number of letters in flight.
 */
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
    let skip = bytesWritten;
    const next: Uint8Array[] = [];
    for (const c of rest) {
      if (skip >= c.byteLength) skip -= c.byteLength;
      else {
        next.push(skip ? c.subarray(skip) : c);
        skip = 0;
      }
    }
    rest = next;
  }
}

export class OrderedWriter {
  private readonly waiting = new Map<number, Waiting>();
  private next = 0;
  private flushing = false;
  private failed: Error | null = null;

  constructor(private readonly jsonl: FileHandle, private readonly csv: FileHandle | null) {}

  /** Hands over letter `seq`'s output (null: nothing to write, e.g. a letter already recorded). */
  submit(seq: number, entry: Entry | null): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, { entry, resolve, reject });
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
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
        if (this.csv) await writeAll(this.csv, [Buffer.from(entries.map((e) => e.csv ?? '').join(''))]);
        await writeAll(this.jsonl, [Buffer.from(entries.map((e) => e.line).join(''))]);
        for (const w of batch) w.resolve();
      }
    } catch (e) {
      this.failed = new Error(`cannot write the output: ${(e as Error).message}`);
      for (const w of [...batch, ...this.waiting.values()]) w.reject(this.failed);
      this.waiting.clear();
    } finally {
      this.flushing = false;
    }
    // A submit may have arrived between the last check and the end of the loop.
    if (!this.failed && this.waiting.has(this.next)) void this.flush();
  }
}
