/** `imr batch` as a user runs it (./bin/imr on the compiled code): outputs, resume, kill -9, limits. */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeterminationRecord, OutputRecord } from '../../src/schema/record.js';
import { fixture, ROOT, runImr, sample } from '../helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'imr-batch-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const readRecords = (out: string): OutputRecord[] => {
  const text = readFileSync(path.join(out, 'records.jsonl'), 'utf8');
  expect(text === '' || text.endsWith('\n')).toBe(true); // no partial line
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as OutputRecord);
};
const readSummary = (out: string) => JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A generous time limit: a loaded CI machine must not turn slow letters into timeouts here. */
const SLOW_OK = ['--timeout', '120'];

/** The letters of a folder the tests own: text letters made distinct by trailing blank lines. */
function letters(name: string, copies: number): string {
  const folder = path.join(dir, name);
  const bases = ['seed-dwc-standard.txt', 'dwc-standard-header-3-items.txt', 'dwc-maximus-letter.txt', 'dwc-professional-review.txt', 'dwc-standard-wrapped-pdf-noise.txt'];
  for (let i = 0; i < copies; i++) {
    const base = bases[i % bases.length]!;
    const sub = path.join(folder, `part-${Math.floor(i / 20)}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(path.join(sub, `letter-${String(i).padStart(3, '0')}.txt`), readFileSync(sample(base), 'utf8') + '\n'.repeat(1 + Math.floor(i / bases.length)));
  }
  return folder;
}

describe('imr batch on a mixed folder', () => {
  let input: string;
  let out: string;
  let result: ReturnType<typeof runImr>;
  beforeAll(() => {
    input = path.join(dir, 'mixed');
    mkdirSync(path.join(input, 'sub'), { recursive: true });
    copyFileSync(sample('seed-dwc-standard.txt'), path.join(input, 'seed.txt'));
    copyFileSync(sample('dwc-standard-header-3-items.txt'), path.join(input, 'sub', 'three-items.txt'));
    copyFileSync(sample('dwc-standard-wrapped-pdf-noise-pdf.pdf'), path.join(input, 'sub', 'letter.pdf'));
    copyFileSync(sample('not-a-letter.txt'), path.join(input, 'invoice.txt'));
    copyFileSync(fixture('truncated.pdf'), path.join(input, 'corrupt.pdf'));
    copyFileSync(fixture('empty.txt'), path.join(input, 'empty.txt'));
    copyFileSync(sample('seed-dwc-standard.gold.json'), path.join(input, 'seed.gold.json')); // not a letter: skipped
    out = path.join(dir, 'mixed-out');
    result = runImr(['batch', input, '--out', out, '--quiet', ...SLOW_OK]);
  });

  it('writes one line per input letter, good or bad, and exits 0', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const records = readRecords(out);
    const byName = Object.fromEntries(records.map((r) => [path.basename(r.source.path), r]));
    expect(Object.keys(byName).sort()).toEqual(['corrupt.pdf', 'empty.txt', 'invoice.txt', 'letter.pdf', 'seed.txt', 'three-items.txt']);
    const status = (r: OutputRecord) => ('error' in r ? r.error.code : r.layout);
    expect(status(byName['seed.txt']!)).toBe('dwc-imr/standard');
    expect(status(byName['three-items.txt']!)).toBe('dwc-imr/standard');
    expect(status(byName['letter.pdf']!)).toBe('dwc-imr/standard');
    expect(status(byName['invoice.txt']!)).toBe('not-a-determination');
    expect(status(byName['corrupt.pdf']!)).toBe('unreadable');
    expect(status(byName['empty.txt']!)).toBe('unreadable');
    for (const r of records) expect(r.id).toBe(sha256(path.join(input, path.relative(input, r.source.path))));
  });

  it('writes them in input order (folders walked in name order)', () => {
    expect(readRecords(out).map((r) => path.relative(input, r.source.path))).toEqual(
      ['corrupt.pdf', 'empty.txt', 'invoice.txt', 'seed.txt', 'sub/letter.pdf', 'sub/three-items.txt'],
    );
  });

  it('issues.csv rows parse back to the issues of the records', () => {
    const rows = parse(readFileSync(path.join(out, 'issues.csv')), { columns: true }) as Record<string, string>[];
    const expected = readRecords(out).filter((r): r is DeterminationRecord => !('error' in r)).flatMap((r) => r.issues.map((issue, i) => ({
      id: r.id,
      source_path: r.source.path,
      case_number: r.caseNumber ?? '',
      date_assigned: r.dates.assigned ?? '',
      date_decision: r.dates.decision ?? '',
      date_ur_denial: r.dates.urDenial ?? '',
      date_application_received: r.dates.applicationReceived ?? '',
      date_injury: r.dates.injury ?? '',
      patient_age: r.patient.age === null ? '' : String(r.patient.age),
      patient_sex: r.patient.sex ?? '',
      reviewer_specialties: r.reviewer.specialties.join('; '),
      item_number: String(i + 1),
      item: issue.service.text.replace(/\r\n|[\r\n]/g, ' '),
      category: issue.category,
      decision: issue.decision ?? '',
      medically_necessary: issue.medicallyNecessary === null ? '' : String(issue.medicallyNecessary),
      guideline_sources: [...new Set(issue.guidelines.map((g) => g.source))].join('; '),
    })));
    expect(expected.length).toBeGreaterThanOrEqual(5);
    expect(rows).toEqual(expected);
  });

  it('summary.json counts by status, layout, decision and error code', () => {
    const s = readSummary(out);
    expect(s.records).toBe(6);
    expect(s.byStatus).toEqual({ ok: 3, error: 3 });
    expect(s.byLayout).toEqual({ 'dwc-imr/standard': 3 });
    expect(s.byErrorCode).toEqual({ 'not-a-determination': 1, unreadable: 2 });
    expect(s.byDecision.upheld + s.byDecision.overturned + s.byDecision.undecided).toBeGreaterThanOrEqual(5);
    expect(s.run).toMatchObject({ inputs: 6, extracted: 6, errors: 3, alreadyRecorded: 0, duplicates: 0, interrupted: false });
    expect(s.run.durationSeconds).toBeGreaterThan(0);
    expect(s.run.lettersPerSecond).toBeGreaterThan(0);
  });

  it('a re-run skips every letter already recorded and changes nothing', () => {
    const before = readFileSync(path.join(out, 'records.jsonl'));
    const csvBefore = readFileSync(path.join(out, 'issues.csv'));
    const again = runImr(['batch', input, '--out', out, '--quiet', ...SLOW_OK]);
    expect(again.code).toBe(0);
    expect(readFileSync(path.join(out, 'records.jsonl'))).toEqual(before);
    expect(readFileSync(path.join(out, 'issues.csv'))).toEqual(csvBefore);
    expect(readSummary(out).run).toMatchObject({ inputs: 6, extracted: 0, alreadyRecorded: 6 });
    expect(readSummary(out).records).toBe(6);
  });
});

describe('imr batch resume', () => {
  let input: string;
  let reference: OutputRecord[];
  let referenceCsv: string[];
  beforeAll(() => {
    input = letters('resume', 60);
    const out = path.join(dir, 'resume-reference');
    expect(runImr(['batch', input, '--out', out, '--quiet', ...SLOW_OK]).code).toBe(0);
    reference = readRecords(out);
    referenceCsv = readFileSync(path.join(out, 'issues.csv'), 'utf8').split('\r\n');
    expect(reference).toHaveLength(60);
  });

  /** Starts a run and kills it with SIGKILL once records.jsonl holds at least `lines` lines. */
  function killMidway(out: string, lines: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'imr'), 'batch', input, '--out', out, '--quiet', '--concurrency', '2', ...SLOW_OK], { stdio: 'ignore' });
      const file = path.join(out, 'records.jsonl');
      const poll = setInterval(() => {
        let count = 0;
        try {
          const bytes = readFileSync(file);
          for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) count++;
        } catch { /* not there yet */ }
        if (count >= lines) {
          clearInterval(poll);
          child.kill('SIGKILL');
        }
      }, 10);
      child.on('exit', () => {
        clearInterval(poll);
        resolve();
      });
      child.on('error', reject);
    });
  }

  it('a run killed (kill -9) in the middle, then restarted, ends with the same ids as one uninterrupted run', async () => {
    const out = path.join(dir, 'resume-killed');
    await killMidway(out, 10);
    const partial = readFileSync(path.join(out, 'records.jsonl'), 'utf8').split('\n').length - 1;
    expect(partial).toBeGreaterThanOrEqual(10);
    expect(partial).toBeLessThan(60);
    await killMidway(out, partial + 10); // killed a second time, later on
    const r = runImr(['batch', input, '--out', out, '--quiet', ...SLOW_OK]);
    expect(r.code).toBe(0);
    const records = readRecords(out);
    expect(records).toHaveLength(60);
    expect(new Set(records.map((x) => x.id)).size).toBe(60);
    expect(records.map((x) => x.id).sort()).toEqual(reference.map((x) => x.id).sort());
    const csv = readFileSync(path.join(out, 'issues.csv'), 'utf8').split('\r\n');
    expect(csv.sort()).toEqual([...referenceCsv].sort());
    expect(readSummary(out).records).toBe(60);
  });

  it('repairs a partial last line and stale CSV rows left by a killed run', () => {
    const out = path.join(dir, 'resume-partial');
    mkdirSync(out);
    const complete = reference.slice(0, 5).map((x) => JSON.stringify(x)).join('\n');
    const partial = JSON.stringify(reference[5]).slice(0, 200);
    writeFileSync(path.join(out, 'records.jsonl'), `${complete}\n${partial}`);
    writeFileSync(path.join(out, 'issues.csv'), `${referenceCsv.join('\r\n')}`); // rows of letters not recorded
    const r = runImr(['batch', input, '--out', out, ...SLOW_OK]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/partial line/);
    const records = readRecords(out);
    expect(records.map((x) => x.id).sort()).toEqual(reference.map((x) => x.id).sort());
    expect(readFileSync(path.join(out, 'issues.csv'), 'utf8').split('\r\n').sort()).toEqual([...referenceCsv].sort());
  });
});

describe('imr batch inputs and limits', () => {
  it('takes globs, a list of paths on stdin, and writes byte-identical copies once', () => {
    const input = letters('inputs', 6);
    const out = path.join(dir, 'inputs-out');
    copyFileSync(path.join(input, 'part-0', 'letter-000.txt'), path.join(input, 'copy-of-000.txt'));
    const list = [path.join(input, 'part-0', 'letter-004.txt'), path.join(input, 'copy-of-000.txt')].join('\n');
    const r = runImr(['batch', path.join(input, 'part-*', 'letter-00[0-2].txt'), '-', '--out', out, '--quiet', ...SLOW_OK], list);
    expect(r.code).toBe(0);
    expect(readRecords(out).map((x) => path.basename(x.source.path))).toEqual(['letter-000.txt', 'letter-001.txt', 'letter-002.txt', 'letter-004.txt']);
    expect(readSummary(out).run).toMatchObject({ inputs: 5, extracted: 4, duplicates: 1 });
  });

  it('turns a letter over --max-bytes into too-large and one over --timeout into timeout, and goes on', () => {
    const input = letters('limits', 4);
    const big = path.join(input, 'big.txt');
    writeFileSync(big, readFileSync(sample('seed-dwc-standard.txt'), 'utf8').repeat(20));
    const out = path.join(dir, 'limits-out');
    const r = runImr(['batch', input, '--out', out, '--quiet', '--max-bytes', `${statSync(big).size - 1}`, ...SLOW_OK]);
    expect(r.code).toBe(0);
    const tooLarge = readRecords(out).find((x) => x.source.path === big)!;
    expect('error' in tooLarge && tooLarge.error.code).toBe('too-large');
    expect(tooLarge.id).toBe(sha256(big));
    expect(readRecords(out).filter((x) => !('error' in x))).toHaveLength(4);

    const slow = path.join(dir, 'limits-timeout');
    const t = runImr(['batch', input, '--out', slow, '--quiet', '--timeout', '0.001', '--concurrency', '1']);
    expect(t.code).toBe(0);
    const records = readRecords(slow);
    expect(records).toHaveLength(5);
    expect(records.filter((x) => 'error' in x && x.error.code === 'timeout').length).toBeGreaterThanOrEqual(3);
    expect(readSummary(slow).run.workersReplaced).toBeGreaterThanOrEqual(3);
  });

  it('exits 2 with a plain message when the run cannot proceed', () => {
    const missing = runImr(['batch', path.join(dir, 'no-such-folder'), '--out', path.join(dir, 'x')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such file or folder/);
    const notDir = path.join(dir, 'a-file');
    writeFileSync(notDir, 'x');
    const badOut = runImr(['batch', sample('seed-dwc-standard.txt'), '--out', path.join(notDir, 'out')]);
    expect(badOut.code).toBe(2);
    expect(badOut.stderr).toMatch(/cannot create the output folder/);
    expect(runImr(['batch', sample('seed-dwc-standard.txt'), '--out', path.join(dir, 'y'), '--formats', 'xml']).code).toBe(2);
    expect(runImr(['batch', sample('seed-dwc-standard.txt')]).code).toBe(2); // --out is required
  });

  it('exits 2 with a clear error when --pdf-engine poppler has no pdftotext', async () => {
    const out = path.join(dir, 'no-poppler');
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'imr'), 'batch', sample('seed-dwc-standard.txt'), '--out', out, '--pdf-engine', 'poppler'], { env: { ...process.env, PATH: dir } });
      let stderr = '';
      child.stderr.on('data', (d) => { stderr += d; });
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/pdftotext/);
    expect(r.stderr).toMatch(/poppler-utils/);
  });

  it('exits 2 naming the fault when the pipeline definition is bad (checked by the workers)', () => {
    const def = path.join(dir, 'bad-pipeline.json');
    writeFileSync(def, JSON.stringify({ name: 'bad', stages: ['ingest', 'no-such-stage'] }));
    const r = runImr(['batch', sample('seed-dwc-standard.txt'), '--out', path.join(dir, 'bad-pipeline-out'), '--pipeline', def]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown stage "no-such-stage"/);
    expect(runImr(['batch', sample('seed-dwc-standard.txt'), '--out', path.join(dir, 'bad-pipeline-out'), '--pipeline', 'no-such-pipeline']).code).toBe(2);
  });

  it('has --help', () => {
    const r = runImr(['batch', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--out <dir>/);
    expect(r.stdout).toMatch(/--timeout/);
    expect(r.stdout).toMatch(/Exit codes/);
  });
});
