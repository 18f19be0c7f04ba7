/**
 * A batch worker thread: runs one letter at a time (read, hash, extract: see letter.ts) and
 * hands back the finished output (the JSON line, the CSV rows, the facts the summary counts)
 * to the main thread, which then only orders and writes. Runs the
 * compiled code (dist/src/run/worker.js).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ExtractOptions } from '../public/index.js';
import { setPopplerTimeout } from '../ingest/poppler-reader.js';
import { processLetter, type LetterResult } from './letter.js';

export interface WorkerConfig {
  extract: ExtractOptions & { pipeline: string };
  csv: boolean;
  maxBytes: number;
  timeoutMs: number;
  /** Ids already recorded when the run started: such letters are skipped unextracted. */
  known: string[];
}

export interface WorkerTask {
  path: string;
}

export type WorkerResult = LetterResult;

const config = workerData as WorkerConfig;
const port = parentPort!;
const options = { extract: config.extract, csv: config.csv, maxBytes: config.maxBytes, known: new Set(config.known) };

// pdftotext gets a little less than the letter's time limit, so that it is killed by us and
// not left running after the pool stops this thread.
setPopplerTimeout(Math.max(1, Math.floor(config.timeoutMs * 0.9)));
// Load pdf.js now rather than inside the first letter's time limit.
if (config.extract.pdfEngine !== 'poppler') await import('pdf-parse');

port.on('message', async (task: WorkerTask) => {
  port.postMessage({ type: 'done', result: await processLetter(task.path, options) });
});

port.postMessage({ type: 'ready' });
