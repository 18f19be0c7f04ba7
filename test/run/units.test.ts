/** The batch runner's parts on their own: globs, CSV, the ordered writer, resume, the worker pool. */
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expandBraces, matchSegment, matchSegments, splitPattern } from '../../src/run/glob.js';
import { CSV_COLUMNS, CSV_HEADER, csvRow, issueRows } from '../../src/run/csv.js';
import { OrderedWriter } from '../../src/run/writer.js';
import { openOutput } from '../../src/run/resume.js';
import { WorkerPool } from '../../src/run/pool.js';
import { facetsOf, Tally } from '../../src/run/summary.js';
import { formatDuration, Progress } from '../../src/run/progress.js';
import { extractFile } from '../../src/public/index.js';
import { sample } from '../helpers.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'imr-run-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('globs', () => {
  it('match names segment by segment, * not crossing / nor matching a leading dot', () => {
    expect(matchSegment('*.pdf', 'a.pdf')).toBe(true);
    expect(matchSegment('*.pdf', 'a.txt')).toBe(false);
    expect(matchSegment('*.pdf', '.hidden.pdf')).toBe(false);
    expect(matchSegment('CM1?-*', 'CM16-0213037.pdf')).toBe(true);
    expect(matchSegment('[ab]*', 'b1')).toBe(true);
    expect(matchSegment('[!ab]*', 'b1')).toBe(false);
    expect(matchSegment('[0-9]x', '7x')).toBe(true);
    expect(matchSegment('a*b*c', 'aXXbYYbZc')).toBe(true);
    expect(matchSegment('a*b*c', 'aXXbYYbZ')).toBe(false);
  });

  it('** matches any number of folders', () => {
    expect(matchSegments(['**', '*.pdf'], ['a.pdf'])).toBe(true);
    expect(matchSegments(['**', '*.pdf'], ['x', 'y', 'a.pdf'])).toBe(true);
    expect(matchSegments(['x', '**', 'a.pdf'], ['x', 'a.pdf'])).toBe(true);
    expect(matchSegments(['*.pdf'], ['x', 'a.pdf'])).toBe(false);
  });

  it('stays fast on a pathological pattern (no backtracking blow-up)', () => {
    const started = performance.now();
    expect(matchSegment(`${'*a'.repeat(30)}b`, 'a'.repeat(200))).toBe(false);
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('expands braces and splits off the folder to walk', () => {
    expect(expandBraces('a/{x,y}/*.{pdf,txt}')).toEqual(['a/x/*.pdf', 'a/x/*.txt', 'a/y/*.pdf', 'a/y/*.txt']);
    expect(expandBraces('plain{')).toEqual(['plain{']);
    expect(splitPattern('samples/real/*.pdf')).toEqual({ base: 'samples/real', segments: ['*.pdf'] });
    expect(splitPattern('/abs/**/x.txt')).toEqual({ base: '/abs', segments: ['**', 'x.txt'] });
    expect(splitPattern('*.txt')).toEqual({ base: '.', segments: ['*.txt'] });
  });
});

describe('issues.csv', () => {
  it('quotes per RFC 4180 and parses back to the same values, one physical line per row', () => {
    const tricky = ['plain', 'comma, inside', 'a "quote"', 'line\nbreak', ' padded ', '', null, 42, true];
    const text = CSV_HEADER + csvRow(tricky);
    expect(text.split('\r\n')).toHaveLength(3);
    const rows = parse(text, { relax_column_count: true }) as string[][];
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows[1]).toEqual(['plain', 'comma, inside', 'a "quote"', 'line break', ' padded ', '', '', '42', 'true']);
  });

  it('gives one row per disputed item, nothing for an error record', async () => {
    const record = await extractFile(sample('dwc-standard-header-3-items.txt'));
    if ('error' in record) throw new Error(record.error.message);
    const rows = parse(CSV_HEADER + issueRows(record), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(record.issues.length);
    rows.forEach((row, i) => {
      expect(row.id).toBe(record.id);
      expect(row.item).toBe(record.issues[i]!.service.text);
      expect(row.decision).toBe(record.issues[i]!.decision ?? '');
    });
    const error = await extractFile(sample('not-a-letter.txt'));
    expect(issueRows(error)).toBe('');
  });
});

describe('ordered writer', () => {
  it('writes in sequence order whatever the order results arrive in, CSV rows with their line', async () => {
    const jsonl = await open(path.join(dir, 'r.jsonl'), 'a');
    const csv = await open(path.join(dir, 'i.csv'), 'a');
    const writer = new OrderedWriter(jsonl, csv);
    const order = [3, 0, 2, 5, 1, 4];
    const written: number[] = [];
    await Promise.all(order.map((seq) => writer.submit(seq, seq === 4 ? null : { line: `${seq}\n`, csv: `c${seq}\r\n` })
      .then(() => written.push(seq))));
    await jsonl.close();
    await csv.close();
    expect(await readFile(path.join(dir, 'r.jsonl'), 'utf8')).toBe('0\n1\n2\n3\n5\n');
    expect(await readFile(path.join(dir, 'i.csv'), 'utf8')).toBe('c0\r\nc1\r\nc2\r\nc3\r\nc5\r\n');
    expect(written.sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('resume', () => {
  const line = (id: string, extra = '') => `${JSON.stringify({ schemaVersion: '1', id, source: { path: `${id}.txt`, kind: 'text', bytes: 1, pages: null }, error: { code: 'unreadable', message: `x${extra}` } })}\n`;

  it('indexes the records, cuts a partial last line, drops damaged and repeated lines, rebuilds issues.csv', async () => {
    const a = 'a'.repeat(64);
    const b = 'b'.repeat(64);
    await writeFile(path.join(dir, 'records.jsonl'), `${line(a)}{"schemaVersion":"1","id":"d${'\n'}${line(b)}${line(a, 'again')}{"schemaVersion":"1","id":"cc`);
    await writeFile(path.join(dir, 'issues.csv'), 'stale,rows\r\nfrom,"a killed');
    const out = await openOutput(dir, { csv: true });
    expect([...out.known].sort()).toEqual([a, b]);
    expect(out.tally.records).toBe(2);
    expect(out.tally.byErrorCode).toEqual({ unreadable: 2 });
    expect(out.repairs.join('\n')).toMatch(/partial line/);
    expect(out.repairs.join('\n')).toMatch(/2 damaged or repeated/);
    await out.close();
    expect(await readFile(path.join(dir, 'records.jsonl'), 'utf8')).toBe(line(a) + line(b));
    expect(await readFile(path.join(dir, 'issues.csv'), 'utf8')).toBe(CSV_HEADER);
  });

  it('refuses a folder another live run holds, and takes over a dead run\'s lock', async () => {
    const out = await openOutput(dir, { csv: false });
    // The lock of this very process counts as stale only for itself: pretend another live pid holds it.
    await out.close();
    await writeFile(path.join(dir, '.imr-batch.lock'), `${process.ppid}\n`);
    await expect(openOutput(dir, { csv: false })).rejects.toThrow(/another imr batch/);
    await writeFile(path.join(dir, '.imr-batch.lock'), '999999999\n');
    const again = await openOutput(dir, { csv: false });
    await again.close();
  });
});

describe('summary', () => {
  it('counts status, layout, decisions and error codes', async () => {
    const tally = new Tally();
    for (const name of ['dwc-standard-header-3-items.txt', 'not-a-letter.txt']) tally.add(facetsOf(await extractFile(sample(name))));
    expect(tally.byStatus).toEqual({ ok: 1, error: 1 });
    expect(tally.byLayout).toEqual({ 'dwc-imr/standard': 1 });
    expect(tally.byErrorCode).toEqual({ 'not-a-determination': 1 });
    expect(tally.byDecision.upheld + tally.byDecision.overturned + tally.byDecision.undecided).toBeGreaterThan(0);
  });
});

describe('worker pool', () => {
  /** A stand-in worker: busy-waits `ms`, crashes on `crash`, answers `done`. */
  async function script(): Promise<URL> {
    const file = path.join(dir, 'worker.mjs');
    await writeFile(file, `
      import { parentPort } from 'node:worker_threads';
      parentPort.on('message', (m) => {
        if (m.crash) process.exit(3);
        const until = Date.now() + m.ms;
        while (Date.now() < until);
        parentPort.postMessage({ type: 'done', task: m.task, result: m.ms });
      });
      parentPort.postMessage({ type: 'ready' });
    `);
    return pathToFileURL(file);
  }

  it('gives an overrunning task a timeout, replaces its worker, and goes on', async () => {
    const pool = new WorkerPool<number>({ size: 2, script: await script(), workerData: null, timeoutMs: 300 });
    const outcomes = await Promise.all([pool.run({ ms: 5000 }), pool.run({ ms: 1 }), pool.run({ ms: 2 }), pool.run({ crash: true }), pool.run({ ms: 3 })]);
    expect(outcomes.map((o) => o.kind)).toEqual(['timeout', 'done', 'done', 'crashed', 'done']);
    expect(pool.replaced).toBe(2);
    await pool.close();
  });

  it('gives each task its own answer, and treats an answer out of turn as a lost worker', async () => {
    const file = path.join(dir, 'unordered.mjs');
    // Answers its tasks concurrently, so out of order: the pool must notice, not mix them up.
    await writeFile(file, `
      import { parentPort } from 'node:worker_threads';
      parentPort.on('message', (m) => setTimeout(() => parentPort.postMessage({ type: 'done', task: m.task, result: m.ms }), m.ms));
      parentPort.postMessage({ type: 'ready' });
    `);
    const pool = new WorkerPool<number>({ size: 1, script: pathToFileURL(file), workerData: null, timeoutMs: 5000 });
    const [slow, fast] = await Promise.all([pool.run({ ms: 300 }), pool.run({ ms: 1 })]);
    expect(slow.kind).toBe('crashed');
    expect(fast).toEqual({ kind: 'done', value: 1 }); // sent again to the new worker
    await pool.close();
  });

  it('fails the run when workers cannot start', async () => {
    const file = path.join(dir, 'broken.mjs');
    await writeFile(file, 'throw new Error("broken build");');
    const pool = new WorkerPool<number>({ size: 1, script: pathToFileURL(file), workerData: null, timeoutMs: 1000 });
    await expect(pool.run({ ms: 1 })).rejects.toThrow(/cannot start: broken build/);
    await pool.close();
  });
});

describe('progress', () => {
  const stream = (isTTY: boolean) => {
    const chunks: string[] = [];
    return { chunks, s: { isTTY, write: (c: string) => chunks.push(c) } as unknown as NodeJS.WriteStream };
  };

  it('off a terminal: a plain line now and then with done/total, rate, ETA and errors', async () => {
    const { chunks, s } = stream(false);
    const p = new Progress({ stream: s, lineIntervalMs: 20 });
    p.expect(10);
    for (let i = 0; i < 4; i++) p.tick(i === 0 ? 'error' : 'ok');
    await new Promise((r) => setTimeout(r, 60));
    p.stop();
    expect(chunks.length).toBeGreaterThan(0);
    expect(chunks[0]).toMatch(/^imr batch: 4\/10 letters {2}[\d.]+\/s {2}ETA \d+:\d\d {2}errors 1\n$/);
  });

  it('on a terminal: one bar redrawn in place', async () => {
    const { chunks, s } = stream(true);
    const p = new Progress({ stream: s, ttyIntervalMs: 10 });
    p.found(3);
    p.tick('skipped');
    await new Promise((r) => setTimeout(r, 40));
    p.stop();
    expect(chunks[0]).toMatch(/^\r\x1b\[2K\[#+\.+\] 1\/3\+ letters .* ETA \? {2}errors 0$/);
    expect(chunks.at(-1)).toBe('\n');
    expect(formatDuration(3725)).toBe('1:02:05');
  });
});
