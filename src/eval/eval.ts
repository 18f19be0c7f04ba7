/**
 * `imr eval`: runs extraction over a gold set (spec/evaluation.md) and scores it with the Scorer.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isErrorRecord, type OutputRecord } from '../schema/record.js';
import { Scorer, type FieldScore, type Report } from './score.js';

export type EvalReport = Report;

export type GoldPair = { letter: string; gold: string };

const LETTER = /^(.*)\.(txt|pdf)$/;

/**
 * Every letter `NAME.txt` / `NAME.pdf` under `dir` (recursively) with a `NAME.gold.json` beside
 * it, sorted by letter path. Paths are `dir` joined with the path inside it. Symbolic links to
 * directories are not followed.
 */
export async function findGoldPairs(dir: string): Promise<GoldPair[]> {
  const pairs: GoldPair[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  const files = new Set(entries.filter((e) => !e.isDirectory()).map((e) => e.name));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      pairs.push(...(await findGoldPairs(path)));
      continue;
    }
    const name = LETTER.exec(entry.name)?.[1];
    if (name !== undefined && files.has(`${name}.gold.json`)) pairs.push({ letter: path, gold: join(dir, `${name}.gold.json`) });
  }
  return pairs.sort((a, b) => (a.letter < b.letter ? -1 : a.letter > b.letter ? 1 : 0));
}

/**
 * Extracts every letter of the gold set under `dir` (one at a time, in path order) and scores it.
 * An error record, or an `extract` that throws, is a document that produced no record: every
 * gold leaf counts as FN. A gold file that is not a JSON object stops the run.
 */
export async function runEval(dir: string, extract: (path: string) => Promise<OutputRecord>): Promise<EvalReport> {
  const scorer = new Scorer();
  const pairs = await findGoldPairs(dir);
  for (const { letter, gold } of pairs) {
    const expected = await readGold(gold);
    let record: OutputRecord | null;
    try {
      record = await extract(letter);
    } catch {
      record = null;
    }
    scorer.scoreDocument(letter, expected, record === null || isErrorRecord(record) ? null : record);
  }
  return scorer.report(pairs.length);
}

async function readGold(path: string): Promise<Record<string, unknown>> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path}: not valid JSON: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${path}: a gold file must hold a JSON object (a partial record)`);
  }
  return value as Record<string, unknown>;
}

/** The report as a fixed-width table: one row per field path, then `overall` and the document count. */
export function formatTable(report: EvalReport): string {
  const rows: [string, FieldScore][] = Object.entries(report.fields);
  const width = Math.max('field'.length, 'overall'.length, ...rows.map(([path]) => path.length));
  const numbers = (s: FieldScore) => [
    ...[s.tp, s.fp, s.fn].map((n) => String(n).padStart(6)),
    ...[s.precision, s.recall, s.f1].map((n) => n.toFixed(3).padStart(7)),
  ];
  const line = (label: string, cells: string[]) => [label.padEnd(width), ...cells].join(' ').trimEnd();
  const header = line('field', [
    ...['TP', 'FP', 'FN'].map((h) => h.padStart(6)),
    ...['P', 'R', 'F1'].map((h) => h.padStart(7)),
  ]);
  return [
    header,
    '-'.repeat(header.length),
    ...rows.map(([path, score]) => line(path, numbers(score))),
    '-'.repeat(header.length),
    line('overall', numbers(report.overall)),
    `documents: ${report.documents}`,
  ].join('\n');
}
