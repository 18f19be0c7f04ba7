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
  /** The pool's number for the task, given back with its result. */
  task?: number;
  path: string;
}

export type WorkerResult = LetterResult;

const config = workerData as WorkerConfig;
const port = parentPort!;
const options = { extract: config.extract, csv: config.csv, maxBytes: config.maxBytes, known: new Set(config.known) };

// pdftotext gets a little less than the letter's time limit, so that it is killed by us and
// not left running after the pool stops this thread.
setPopplerTimeout(Math.max(1, Math.floor(config.timeoutMs * 0.9)));
/**
 * Loads pdf-parse now (not inside the first letter's time limit) and undoes what its pdf.js
 * build does to the thread's built-ins: its core-js polyfills replace the native
 * Array.prototype.push, JSON.parse and Function.prototype.toString with JavaScript versions
 * (for spec corner cases pdf.js does not rely on), which made every later `push` and
 * `JSON.parse` of the pipeline several times slower: about 40 % more CPU per letter, text
 * letters included. The module stays cached: pdf-parse-reader's own import gets it as is.
 */
async function loadPdfParseKeepingNatives(): Promise<void> {
  const natives: [object, PropertyKey, PropertyDescriptor][] = [
    [Array.prototype, 'push', Object.getOwnPropertyDescriptor(Array.prototype, 'push')!],
    [JSON, 'parse', Object.getOwnPropertyDescriptor(JSON, 'parse')!],
    [Function.prototype, 'toString', Object.getOwnPropertyDescriptor(Function.prototype, 'toString')!],
  ];
  await import('pdf-parse');
  for (const [target, key, descriptor] of natives) Object.defineProperty(target, key, descriptor);
}
if (config.extract.pdfEngine !== 'poppler') await loadPdfParseKeepingNatives();

// One letter at a time, in the order sent: the pool sends the next task before this one ends,
// and reads the answers in order.
let previous: Promise<void> = Promise.resolve();
port.on('message', (task: WorkerTask) => {
  previous = previous.then(async () => {
    port.postMessage({ type: 'done', task: task.task, result: await processLetter(task.path, options) });
  });
});

port.postMessage({ type: 'ready' });
