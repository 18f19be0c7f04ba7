/**
 * summary.json: what the output folder holds (counts by status, layout, decision and error
 * code, over every record, including those of earlier runs resumed into it) and what this run
 * did (inputs, letters extracted, skipped, duration, throughput, peak memory).
 */
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { OutputRecord } from '../schema/record.js';

/** The few facts of a record the summary counts, small enough to pass between threads. */
export interface Facets {
  ok: boolean;
  layout: string | null;
  errorCode: string | null;
  upheld: number;
  overturned: number;
  undecided: number;
}

export function facetsOf(record: OutputRecord): Facets {
  if ('error' in record) return { ok: false, layout: null, errorCode: record.error.code, upheld: 0, overturned: 0, undecided: 0 };
  const f: Facets = { ok: true, layout: record.layout, errorCode: null, upheld: 0, overturned: 0, undecided: 0 };
  for (const issue of record.issues) {
    if (issue.decision === 'upheld') f.upheld++;
    else if (issue.decision === 'overturned') f.overturned++;
    else f.undecided++;
  }
  return f;
}

const bump = (counts: Record<string, number>, key: string, by = 1) => {
  counts[key] = (counts[key] ?? 0) + by;
};

/** Running counts over the records of the output folder. */
export class Tally {
  records = 0;
  byStatus = { ok: 0, error: 0 };
  byLayout: Record<string, number> = {};
  byDecision = { upheld: 0, overturned: 0, undecided: 0 };
  byErrorCode: Record<string, number> = {};

  add(f: Facets): void {
    this.records++;
    if (f.ok) {
      this.byStatus.ok++;
      bump(this.byLayout, f.layout ?? 'unknown');
      this.byDecision.upheld += f.upheld;
      this.byDecision.overturned += f.overturned;
      this.byDecision.undecided += f.undecided;
    } else {
      this.byStatus.error++;
      bump(this.byErrorCode, f.errorCode ?? 'internal');
    }
  }
}

export interface RunFacts {
  inputs: number;
  extracted: number;
  errors: number;
  alreadyRecorded: number;
  duplicates: number;
  workersReplaced: number;
  interrupted: boolean;
  workers: number;
  pdfEngine: string;
  startedAt: Date;
  finishedAt: Date;
  peakRssMB: number;
}

export function summaryObject(tally: Tally, run: RunFacts) {
  const seconds = (run.finishedAt.getTime() - run.startedAt.getTime()) / 1000;
  return {
    records: tally.records,
    byStatus: tally.byStatus,
    byLayout: sorted(tally.byLayout),
    byDecision: tally.byDecision,
    byErrorCode: sorted(tally.byErrorCode),
    run: {
      inputs: run.inputs,
      extracted: run.extracted,
      errors: run.errors,
      alreadyRecorded: run.alreadyRecorded,
      duplicates: run.duplicates,
      workersReplaced: run.workersReplaced,
      interrupted: run.interrupted,
      workers: run.workers,
      pdfEngine: run.pdfEngine,
      startedAt: run.startedAt.toISOString(),
      finishedAt: run.finishedAt.toISOString(),
      durationSeconds: round(seconds, 3),
      lettersPerSecond: seconds > 0 ? round(run.extracted / seconds, 1) : 0,
      peakRssMB: round(run.peakRssMB, 1),
    },
  };
}

export type Summary = ReturnType<typeof summaryObject>;

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
const sorted = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)));

/** Replaces DIR/summary.json at once (write then rename), so a reader never sees half of it. */
export async function writeSummary(dir: string, summary: Summary): Promise<void> {
  const file = path.join(dir, 'summary.json');
  await writeFile(`${file}.tmp`, `${JSON.stringify(summary, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
}

/** A few lines for the terminal. */
export function formatSummary(s: Summary, dir: string): string {
  const list = (counts: Record<string, number>) => Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
  const r = s.run;
  return [
    `imr batch: ${r.inputs} input(s): ${r.extracted} extracted (${r.errors} error records), ${r.alreadyRecorded} already recorded, ${r.duplicates} duplicate(s); ${r.durationSeconds} s, ${r.lettersPerSecond} letters/s${r.interrupted ? '; INTERRUPTED (run again to resume)' : ''}`,
    `${dir}: ${s.records} records (${s.byStatus.ok} ok, ${s.byStatus.error} errors)`,
    `  layouts: ${list(s.byLayout)}`,
    `  decisions: upheld ${s.byDecision.upheld}, overturned ${s.byDecision.overturned}, undecided ${s.byDecision.undecided}`,
    `  error codes: ${list(s.byErrorCode)}`,
  ].join('\n');
}
