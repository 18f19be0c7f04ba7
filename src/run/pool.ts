/**
 * A pool of worker threads, each running one task at a time, with a time limit per task. A
 * task that overruns gets its worker terminated (the only way to stop a synchronous loop in
 * pdf.js or a regular expression) and replaced; a worker that dies (out of memory, a crash) is
 * replaced too. The caller gets an outcome, never an exception, except when workers cannot
 * start at all.
 *
 * A worker that answers `{ type: 'fatal', message }` instead of `ready` cannot work at all (a bad
 * pipeline definition, say): the pool stops, and `started()` and every task reject with it.
 *
 * Each worker is sent its next task before it finishes the current one (PREFETCH), so that it
 * never waits for the main thread to be scheduled between two letters on a busy machine. Tasks
 * a lost worker had not started yet go back to the front of the queue.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';

export type TaskOutcome<R> =
  | { kind: 'done'; value: R }
  | { kind: 'timeout' }
  | { kind: 'crashed'; message: string };

export interface PoolOptions {
  size: number;
  script: URL;
  workerData: unknown;
  timeoutMs: number;
  resourceLimits?: ResourceLimits;
}

interface Job<R> {
  id: number;
  message: object;
  resolve: (outcome: TaskOutcome<R>) => void;
  reject: (error: Error) => void;
}

interface Slot<R> {
  worker: Worker;
  ready: boolean;
  /** Tasks sent to the worker, in order: the first one is running. */
  jobs: Job<R>[];
  timer: NodeJS.Timeout | null;
}

/** Tasks sent to a worker at once: the running one and the next. */
const PREFETCH = 2;

/** Workers that die before they are ready this many times in a row mean the run cannot proceed. */
const MAX_START_FAILURES = 3;

export class WorkerPool<R> {
  private readonly slots = new Set<Slot<R>>();
  private readonly queue: Job<R>[] = [];
  private startFailures = 0;
  private fatal: Error | null = null;
  private closed = false;
  private nextId = 0;
  private readonly whenStarted: { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void };
  /** Workers stopped for overrunning or lost to a crash, and replaced. */
  replaced = 0;

  constructor(private readonly options: PoolOptions) {
    let resolve!: () => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<void>((res, rej) => { resolve = res; reject = rej; });
    promise.catch(() => undefined); // the failure also reaches run(); started() may never be asked
    this.whenStarted = { promise, resolve, reject };
    for (let i = 0; i < options.size; i++) this.spawn();
  }

  /**
   * Runs one task: the worker gets `{ ...message, task }` and answers `{ type: 'done', task,
   * result }`, one task at a time in the order it got them.
   */
  run(message: object): Promise<TaskOutcome<R>> {
    if (this.fatal) return Promise.reject(this.fatal);
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, message, resolve, reject });
      this.dispatch();
    });
  }

  /** Resolves once a worker is ready to take letters; rejects when none can start. */
  started(): Promise<void> {
    return this.whenStarted.promise;
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = [...this.slots];
    this.slots.clear();
    for (const slot of slots) if (slot.timer) clearTimeout(slot.timer);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private spawn(): void {
    const worker = new Worker(this.options.script, {
      workerData: this.options.workerData,
      resourceLimits: this.options.resourceLimits,
    });
    const slot: Slot<R> = { worker, ready: false, jobs: [], timer: null };
    this.slots.add(slot);
    worker.on('message', (m: { type: string; task?: number; result?: R; message?: string }) => {
      if (!this.slots.has(slot)) return; // a late message from a worker already given up on
      if (m.type === 'ready') {
        slot.ready = true;
        this.startFailures = 0;
        this.whenStarted.resolve();
      } else if (m.type === 'fatal') {
        this.fail(new Error(m.message ?? 'the worker cannot start'));
        return;
      } else if (m.type === 'done' && slot.jobs.length) {
        if (m.task !== slot.jobs[0]!.id) { // a bug in the worker: never trust its answers again
          void worker.terminate();
          this.lost(slot, `the worker answered task ${m.task} while task ${slot.jobs[0]!.id} was running`);
          return;
        }
        if (slot.timer) clearTimeout(slot.timer);
        slot.jobs.shift()!.resolve({ kind: 'done', value: m.result as R });
        this.startClock(slot);
      }
      this.dispatch();
    });
    worker.on('error', (e) => this.lost(slot, e?.message ?? String(e)));
    worker.on('exit', (code) => this.lost(slot, `the worker stopped (exit code ${code})`));
  }

  /** A worker died on its own: its task becomes a crash, and a new worker takes its place. */
  private lost(slot: Slot<R>, message: string): void {
    if (!this.slots.delete(slot)) return;
    if (slot.timer) clearTimeout(slot.timer);
    if (!slot.ready && ++this.startFailures >= MAX_START_FAILURES) {
      this.fail(new Error(`the extraction workers cannot start: ${message}`));
      return;
    }
    this.replace(slot, { kind: 'crashed', message });
  }

  private overrun(slot: Slot<R>): void {
    if (!this.slots.delete(slot)) return;
    void slot.worker.terminate();
    this.replace(slot, { kind: 'timeout' });
  }

  /** The running task gets `outcome`; the tasks not started go back first in line. */
  private replace(slot: Slot<R>, outcome: TaskOutcome<R>): void {
    const [running, ...waiting] = slot.jobs;
    running?.resolve(outcome);
    this.queue.unshift(...waiting);
    if (!this.closed) {
      this.replaced++;
      this.spawn();
    }
    this.dispatch();
  }

  /** The clock of the worker's first task starts when the worker takes it up, not before. */
  private startClock(slot: Slot<R>): void {
    slot.timer = slot.jobs.length ? setTimeout(() => this.overrun(slot), this.options.timeoutMs) : null;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      while (slot.ready && slot.jobs.length < PREFETCH && this.queue.length) {
        const job = this.queue.shift()!;
        slot.jobs.push(job);
        slot.worker.postMessage({ ...job.message, task: job.id });
        if (slot.jobs.length === 1) this.startClock(slot);
      }
    }
  }

  private fail(error: Error): void {
    this.fatal = error;
    this.whenStarted.reject(error);
    for (const job of this.queue.splice(0)) job.reject(error);
    for (const slot of this.slots) for (const job of slot.jobs) job.reject(error);
    void this.close();
  }
}
