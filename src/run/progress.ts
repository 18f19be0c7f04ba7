/**
 * Progress of a batch run on stderr: on a terminal a bar redrawn in place (done/total, letters
 * per second, ETA, errors so far); elsewhere (a log, CI) one plain line every few seconds.
 * The total comes from a counting walk ahead of the run; until it is known (or for a list of
 * paths on stdin) it shows as `N+` and there is no ETA.
 */
export interface ProgressOptions {
  stream: NodeJS.WriteStream;
  /** Redraw interval on a terminal / line interval elsewhere, in ms. */
  ttyIntervalMs?: number;
  lineIntervalMs?: number;
}

export class Progress {
  private total = 0;
  private totalFinal = false;
  private done = 0;
  private extracted = 0;
  private errors = 0;
  private readonly started = Date.now();
  private readonly timer: NodeJS.Timeout;
  private readonly tty: boolean;
  private drawn = false;

  constructor(private readonly options: ProgressOptions) {
    this.tty = Boolean(options.stream.isTTY);
    const every = this.tty ? (options.ttyIntervalMs ?? 200) : (options.lineIntervalMs ?? 5000);
    this.timer = setInterval(() => this.draw(), every);
    this.timer.unref();
  }

  /** Inputs met so far by the run's walk (`final`: the walk is over). */
  found(count: number, final = false): void {
    this.total = Math.max(this.total, count);
    this.totalFinal ||= final;
  }

  /** The total from a counting walk done ahead of the run (not possible for a list on stdin). */
  expect(total: number): void {
    this.total = Math.max(this.total, total);
    this.totalFinal = true;
  }

  /** One input accounted for: extracted (ok or error record), or skipped (already recorded). */
  tick(kind: 'ok' | 'error' | 'skipped'): void {
    this.done++;
    if (kind !== 'skipped') this.extracted++;
    if (kind === 'error') this.errors++;
  }

  stop(): void {
    clearInterval(this.timer);
    if (this.tty && this.drawn) {
      this.draw();
      this.options.stream.write('\n');
    }
  }

  private draw(): void {
    const seconds = (Date.now() - this.started) / 1000;
    const rate = seconds > 0 ? this.extracted / seconds : 0;
    const left = this.total - this.done;
    const eta = this.totalFinal && rate > 0 ? formatDuration(left / rate) : '?';
    const total = this.totalFinal ? String(this.total) : `${this.total}+`;
    const stats = `${this.done}/${total} letters  ${rate.toFixed(1)}/s  ETA ${eta}  errors ${this.errors}`;
    if (this.tty) {
      const width = 24;
      const filled = this.total ? Math.min(width, Math.round((this.done / this.total) * width)) : 0;
      this.options.stream.write(`\r\x1b[2K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${stats}`);
      this.drawn = true;
    } else {
      this.options.stream.write(`imr batch: ${stats}\n`);
    }
  }
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return h ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}
