/** The `imr` command as a user runs it: ./bin/imr on the compiled code. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixture, runImr, sample } from '../helpers.js';

describe('imr extract', () => {
  it('prints one pretty JSON record for one file', () => {
    const r = runImr(['extract', sample('seed-dwc-standard.txt')]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').length).toBeGreaterThan(20);
    const record = JSON.parse(r.stdout);
    expect(record.layout).toBe('dwc-imr/standard');
    expect(typeof record.text).toBe('string');
  });

  it('prints JSON Lines for several files, error records included, and exits 0', () => {
    const r = runImr(['extract', sample('seed-dwc-standard.txt'), sample('not-a-letter.txt'), sample('dwc-maximus-letter.txt')]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.layout ?? l.error.code)).toEqual(['dwc-imr/standard', 'not-a-determination', 'dwc-imr/maximus-letter']);
    expect(r.stderr).toMatch(/not-a-letter\.txt: not-a-determination/);
  });

  it('--no-text drops the text but keeps the spans; --jsonl prints one line', () => {
    const r = runImr(['extract', '--jsonl', '--no-text', sample('seed-dwc-standard.txt')]);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const record = JSON.parse(r.stdout);
    expect(record.text).toBeUndefined();
    expect(record.issues[0].service.span).toHaveLength(2);
  });

  it('reads stdin for -', () => {
    const r = runImr(['extract', '-'], readFileSync(sample('dwc-professional-review.txt')));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).layout).toBe('dwc-imr/professional-review');
  });

  it('exits 1 with the error record on stdout and a plain message on stderr for one bad file', () => {
    const r = runImr(['extract', fixture('encrypted.pdf')]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error.code).toBe('encrypted');
    expect(r.stderr).toMatch(/encrypted/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });

  it('exits 2 on a usage error', () => {
    expect(runImr(['extract']).code).toBe(2);
    expect(runImr(['extract', '--pdf-engine', 'nope', sample('seed-dwc-standard.txt')]).code).toBe(2);
    expect(runImr(['frobnicate']).code).toBe(2);
  });
});

describe('imr --help and imr schema', () => {
  it('has help on every command', () => {
    for (const args of [['--help'], ['extract', '--help'], ['eval', '--help'], ['schema', '--help']]) {
      const r = runImr(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Usage: imr/);
    }
  });

  it('prints a JSON Schema that accepts a record and an error record', () => {
    const schema = JSON.parse(runImr(['schema']).stdout);
    expect(schema.$schema).toMatch(/json-schema/);
    expect(JSON.stringify(schema)).toContain('not-a-determination');
    expect(JSON.stringify(schema)).toContain('reviewerUsedMtus');
  });
});

describe('imr eval', () => {
  it('prints a table with an overall row, and JSON with --json', () => {
    const table = runImr(['eval', sample('')]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^overall\s+\d+/m);
    const json = JSON.parse(runImr(['eval', '--json', sample('')]).stdout);
    expect(json.documents).toBeGreaterThanOrEqual(20);
    expect(Object.keys(json.overall)).toEqual(['tp', 'fp', 'fn', 'precision', 'recall', 'f1']);
    expect(json.fields['issues[].decision'].f1).toBe(1);
  });

  it('exits 1 below --min-f1 and 2 on a bad --min-f1', () => {
    // A gold file that states a wrong age: 1 TP (sex), 1 FP + 1 FN (age): F1 = 0.5.
    const mismatch = fixture('eval-mismatch');
    const report = JSON.parse(runImr(['eval', '--json', mismatch]).stdout);
    expect(report.overall).toMatchObject({ tp: 1, fp: 1, fn: 1, f1: 0.5 });
    expect(report.failures).toEqual([{ file: expect.stringContaining('letter.txt'), path: 'patient.age', gold: 99, predicted: 55 }]);
    expect(runImr(['eval', mismatch, '--min-f1', '0.6']).code).toBe(1);
    expect(runImr(['eval', mismatch, '--min-f1', '0.5']).code).toBe(0);
    expect(runImr(['eval', mismatch, '--min-f1', 'high']).code).toBe(2);
  });
});
