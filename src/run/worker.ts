/**
 * A batch worker thread: runs one letter at a time (read, hash, extract: see letter.ts) and
 * hands back the finished output (the JSON line, the CSV rows, the facts the summary counts)
 * to the main thread, which then only orders and writes. Runs the compiled code
 * (dist/src/run/worker.js).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildPipeline, loadDefinition, type ExtractOptions, type Pipeline } from '../public/index.js';
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
  /** The pool's number for the task, given back with its result. */
  task?: number;
  path: string;
}

export type WorkerResult = LetterResult;

const config = workerData as WorkerConfig;
const port = parentPort!;

// The pipeline is built (and its definition checked) here, not on the main thread, which thus
// never loads the extractors. A definition that cannot be built stops the run: `fatal`.
let pipeline: Pipeline | null = null;
try {
  pipeline = buildPipeline(loadDefinition(config.extract.pipeline));
} catch (e) {
  port.postMessage({ type: 'fatal', message: (e as Error).message });
}
const options = { extract: { ...config.extract, pipeline: pipeline! }, csv: config.csv, maxBytes: config.maxBytes, known: new Set(config.known) };

// pdftotext gets a little less than the letter's time limit, so that it is killed by us and
// not left running after the pool stops this thread.
setPopplerTimeout(Math.max(1, Math.floor(config.timeoutMs * 0.9)));

// One letter at a time, in the order sent: the pool sends the next task before this one ends,
// and reads the answers in order.
let previous: Promise<void> = Promise.resolve();
port.on('message', (task: WorkerTask) => {
  previous = previous.then(async () => {
    port.postMessage({ type: 'done', task: task.task, result: await processLetter(task.path, options) });
  });
});

if (pipeline) port.postMessage({ type: 'ready' });
