/**
 * The two PDF engines give the same extraction: the dev samples through `imr batch` with
 * pdf-parse and with poppler give the same records but for `text` and the spans (the engines
 * may space the text differently), and `imr eval samples` the same F1. Needs poppler's
 * pdftotext (CI installs poppler-utils); skipped, and said so, where it is missing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, SAMPLES } from '../helpers.js';
import { readHeader } from '../../src/extract/header/header.js';

const hasPoppler = !spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).error;
if (!hasPoppler) console.warn('engines.test: pdftotext is not on PATH (apt-get install poppler-utils): engine parity not checked');

function imr(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'imr'), ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The record without what depends on the engine's spacing: `text` and every `span`. */
function withoutTextAndSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTextAndSpans);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'text' && k !== 'span').map(([k, v]) => [k, withoutTextAndSpans(v)]));
  }
  return value;
}

describe.skipIf(!hasPoppler)('pdf-parse and poppler', () => {
  let dir: string;
  const runs: Record<string, { code: number | null; stdout: string; stderr: string }> = {};
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'imr-engines-'));
    const engines = ['pdf-parse', 'poppler'];
    const results = await Promise.all([
      ...engines.map((e) => imr(['batch', SAMPLES, '--out', path.join(dir, e), '--quiet', '--pdf-engine', e, '--formats', 'jsonl', '--timeout', '120'])),
      ...engines.map((e) => imr(['eval', SAMPLES, '--json', '--pdf-engine', e])),
    ]);
    engines.forEach((e, i) => {
      runs[`batch ${e}`] = results[i]!;
      runs[`eval ${e}`] = results[i + 2]!;
    });
  }, 300_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('give the same records, every field but text and spans, for every sample PDF', () => {
    const read = (engine: string) => new Map(readFileSync(path.join(dir, engine, 'records.jsonl'), 'utf8').trim().split('\n')
      .map((l) => JSON.parse(l)).filter((r) => r.source.kind === 'pdf').map((r) => [r.id, r]));
    expect(runs['batch pdf-parse']!.code).toBe(0);
    expect(runs['batch poppler']!.code).toBe(0);
    const a = read('pdf-parse');
    const b = read('poppler');
    expect(a.size).toBeGreaterThanOrEqual(60);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    const differing = [...a.keys()].filter((id) => JSON.stringify(withoutTextAndSpans(a.get(id))) !== JSON.stringify(withoutTextAndSpans(b.get(id))));
    for (const id of differing.slice(0, 3)) expect(withoutTextAndSpans(b.get(id)), a.get(id).source.path).toEqual(withoutTextAndSpans(a.get(id)));
    expect(differing.map((id) => a.get(id).source.path)).toEqual([]);
  });

  it('give the same imr eval F1 (within 0.01)', () => {
    const f1 = (engine: string) => JSON.parse(runs[`eval ${engine}`]!.stdout).overall.f1 as number;
    expect(Math.abs(f1('pdf-parse') - f1('poppler'))).toBeLessThanOrEqual(0.01);
  });
});

describe('the header as pdftotext prints it without -raw', () => {
  it('reads label groups each followed by its values', () => {
    // pdftotext's reading order: a column of labels, then the column of their values, twice.
    const h = readHeader('Case Number:\nDate Assigned:\nDecision Date:\nPriority:\nCM16-0213037 11/09/2016 12/09/2016 Standard\nDate of Injury:\nUR Denial Date:\nApplication Received:\n10/13/2016 11/03/2016 11/04/2016');
    expect(h).toEqual({
      caseNumber: 'CM16-0213037', assigned: '2016-11-09', decision: '2016-12-09', priority: 'standard',
      injury: '2016-10-13', urDenial: '2016-11-03', applicationReceived: '2016-11-04',
    });
  });
});
