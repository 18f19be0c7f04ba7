/**
 * `imr batch`: every input letter to one line of DIR/records.jsonl (its record or its error
 * record), its disputed items to DIR/issues.csv, and the counts to DIR/summary.json.
 *
 * The main thread walks the inputs and hands each path to a pool of worker threads, which read,
 * hash and extract the letter (see letter.ts); a p-queue bounds the letters in flight, and the
 * ordered writer appends their output in input order. The main thread only decides what to
 * write (a duplicate of a letter of this run is dropped) and writes. Memory stays flat however
 * large the archive: inputs are walked lazily, at most `window` letters are in flight (each
 * worker holds one file), and a letter's output is dropped once written. Only the ids (a Set of
 * 64-hex strings) grow with the run.
 */
import { spawnSync } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import PQueue from 'p-queue';
import { expandInputs, missingInputs } from './inputs.js';
import { errorOutput, identify, type LetterOutput } from './output.js';
import { WorkerPool } from './pool.js';
import { openOutput, OutputError } from './resume.js';
import { formatSummary, summaryObject, writeSummary, type Summary } from './summary.js';
import { OrderedWriter } from './writer.js';
import { Progress } from './progress.js';
import type { WorkerConfig, WorkerResult, WorkerTask } from './worker.js';

export interface BatchOptions {
  inputs: string[];
  out: string;
  workers: number;
  csv: boolean;
  timeoutMs: number;
  maxBytes: number;
  pdfEngine: 'pdf-parse' | 'poppler';
  pipeline: string;
  includeText: boolean;
  /** Extensions of the files taken from folders and globs. */
  extensions: string[];
  quiet: boolean;
  stdin: NodeJS.ReadableStream;
  stderr: NodeJS.WriteStream;
  /** Aborting stops taking new letters; those in flight are finished and written. */
  signal?: AbortSignal;
}

/** The run itself cannot proceed (bad arguments, output not writable, no workers): exit 2. */
export class BatchError extends Error {}

/** Heap cap of a worker: a letter that needs more kills its worker, not the run. */
const WORKER_HEAP_MB = 512;

async function checkOptions(o: BatchOptions): Promise<void> {
  const missing = await missingInputs(o.inputs);
  if (missing.length) throw new BatchError(`no such file or folder: ${missing.join(', ')}`);
  if (o.inputs.filter((i) => i === '-').length > 1) throw new BatchError('- (paths on stdin) can be given only once');
  if (o.pdfEngine === 'poppler') {
    const probe = spawnSync('pdftotext', ['-v'], { stdio: 'ignore' });
    if (probe.error) {
      throw new BatchError((probe.error as NodeJS.ErrnoException).code === 'ENOENT'
        ? '--pdf-engine poppler needs poppler\'s `pdftotext` on PATH, and it is not there (Debian/Ubuntu: apt-get install poppler-utils); or use the default engine, pdf-parse'
        : `cannot run pdftotext: ${probe.error.message}`);
    }
  }
}

/**
 * V8 optimizes a function once it has run for an "interrupt budget" of bytecode (132 KB by
 * default). A batch worker runs some hundreds of letters of short, regex-heavy functions: at the
 * default, V8 optimizes (on background threads, which on a 2-core machine take the other
 * worker's core) hundreds of functions that then run too few times to repay it. A budget about
 * 8x larger optimizes only the really hot ones: measured on 2,000 text letters, 2 cores, about
 * 18 % less CPU for the run, the same output. Set process-wide, before the worker isolates are
 * created (V8's flags are per process); it touches speed only.
 */
const INTERRUPT_BUDGET = 1_000_000;
let compilerTuned = false;
function tuneCompilerForShortRuns(): void {
  if (compilerTuned || process.execArgv.some((a) => a.startsWith('--interrupt-budget'))) return;
  setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
  compilerTuned = true;
}

export async function runBatch(o: BatchOptions): Promise<Summary> {
  const startedAt = new Date();
  await checkOptions(o);
  let out;
  try {
    out = await openOutput(o.out, { csv: o.csv });
  } catch (e) {
    throw e instanceof OutputError ? new BatchError(e.message) : e;
  }
  for (const repair of out.repairs) o.stderr.write(`imr batch: ${repair}\n`);
  if (out.known.size && !o.quiet) o.stderr.write(`imr batch: resuming: ${out.known.size} letter(s) already recorded in ${o.out} are skipped\n`);

  const config: WorkerConfig = {
    extract: { pdfEngine: o.pdfEngine, pipeline: o.pipeline, includeText: o.includeText },
    csv: o.csv,
    maxBytes: o.maxBytes,
    timeoutMs: o.timeoutMs,
    known: [...out.known],
  };
  tuneCompilerForShortRuns();
  const pool = new WorkerPool<WorkerResult>({
    size: o.workers,
    script: new URL('./worker.js', import.meta.url),
    workerData: config,
    timeoutMs: o.timeoutMs,
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
  });
  try {
    await pool.started();
  } catch (e) {
    await out.close();
    throw new BatchError((e as Error).message);
  }
  const writer = new OrderedWriter(out.jsonl, out.csv);
  // Enough letters in flight to keep every worker busy while an earlier, slower letter holds
  // the ordered writer back; few enough that their outputs stay small in memory.
  const window = Math.max(16, o.workers * 8);
  const queue = new PQueue({ concurrency: window });
  const progress = o.quiet ? null : new Progress({ stream: o.stderr });
  const claimed = new Set<string>();
  const counts = { inputs: 0, extracted: 0, errors: 0, alreadyRecorded: 0, duplicates: 0 };
  let fatal: Error | null = null;

  /** The output of one letter, or why it has none (recorded by an earlier run, or a copy of one of this run). */
  async function extract(file: string): Promise<LetterOutput | 'recorded' | 'duplicate'> {
    const task: WorkerTask = { path: file };
    const outcome = await pool.run(task);
    if (outcome.kind === 'done') {
      const result = outcome.value;
      if (result.kind === 'recorded') return 'recorded';
      if (claimed.has(result.id)) return 'duplicate';
      claimed.add(result.id);
      return result.output;
    }
    const { id, source } = await identify(file);
    if (out!.known.has(id)) return 'recorded';
    if (claimed.has(id)) return 'duplicate';
    claimed.add(id);
    return outcome.kind === 'timeout'
      ? errorOutput(id, source, 'timeout', `extraction took longer than the --timeout of ${o.timeoutMs / 1000} s: given up (its worker was replaced)`)
      : errorOutput(id, source, 'internal', `the extraction worker failed on this letter (${outcome.message}): replaced`);
  }

  async function processOne(seq: number, file: string): Promise<void> {
    try {
      const output = await extract(file);
      await writer.submit(seq, typeof output === 'string' ? null : output);
      if (typeof output === 'string') {
        counts[output === 'recorded' ? 'alreadyRecorded' : 'duplicates']++;
        progress?.tick('skipped');
      } else {
        out!.tally.add(output.facets);
        counts.extracted++;
        if (!output.facets.ok) counts.errors++;
        progress?.tick(output.facets.ok ? 'ok' : 'error');
      }
    } catch (e) {
      // Only the run's own failures get here (no workers, a failed write): stop the run.
      fatal ??= e as Error;
      queue.clear();
    }
  }

  // Count the letters ahead of the run, for the progress total (the run itself walks only as
  // far as the letters in flight). Folders are listed twice: cheap next to extraction.
  if (progress && !o.inputs.includes('-')) {
    void (async () => {
      let total = 0;
      for await (const _ of expandInputs(o.inputs, { extensions: o.extensions, exclude: [o.out], stdin: o.stdin, warn: () => undefined })) total++;
      progress.expect(total);
    })().catch(() => undefined);
  }

  const aborted = () => Boolean(o.signal?.aborted);
  o.signal?.addEventListener('abort', () => queue.clear(), { once: true });
  try {
    let seq = 0;
    const inputs = expandInputs(o.inputs, {
      extensions: o.extensions,
      exclude: [o.out],
      stdin: o.stdin,
      warn: (m) => o.stderr.write(`imr batch: ${m}\n`),
    });
    for await (const file of inputs) {
      if (fatal || aborted()) break;
      await queue.onSizeLessThan(window);
      if (fatal || aborted()) break;
      const n = seq++;
      progress?.found(seq);
      void queue.add(() => processOne(n, file));
    }
    progress?.found(seq, true);
    await queue.onIdle();
  } catch (e) {
    fatal ??= e as Error;
  } finally {
    progress?.stop();
    await pool.close();
  }

  // The inputs accounted for: on an interrupted run, those taken up before it stopped.
  counts.inputs = counts.extracted + counts.alreadyRecorded + counts.duplicates;
  const summary = summaryObject(out.tally, {
    ...counts,
    workersReplaced: pool.replaced,
    interrupted: aborted() || fatal !== null,
    workers: o.workers,
    pdfEngine: o.pdfEngine,
    startedAt,
    finishedAt: new Date(),
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  });
  try {
    await writeSummary(out.dir, summary);
  } finally {
    await out.close();
  }
  if (fatal) throw new BatchError(fatal.message);
  if (!o.quiet) o.stderr.write(`${formatSummary(summary, o.out)}\n`);
  return summary;
}
