/** Bad input gives an error record with a code and a plain message, never a crash. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractBuffer, extractFile, isErrorRecord, OutputRecordSchema, buildPipeline } from '../../src/public/index.js';
import { fixture, sample } from '../helpers.js';

describe.each([
  ['empty.txt', 'unreadable', /empty/],
  ['binary.bin', 'unreadable', /binary/],
  ['truncated.pdf', 'unreadable', /PDF cannot be read/],
  ['encrypted.pdf', 'encrypted', /encrypted/],
  ['no-text-layer.pdf', 'no-text-layer', /no text layer/],
])('%s', (name, code, message) => {
  it(`is an error record with code ${code}`, async () => {
    const r = await extractFile(fixture(name));
    expect(isErrorRecord(r) && r.error.code).toBe(code);
    if (isErrorRecord(r)) expect(r.error.message).toMatch(message);
    expect(OutputRecordSchema.safeParse(r).success).toBe(true);
  });
});

describe('other bad input', () => {
  it('a text that is not a determination letter is not-a-determination', async () => {
    const r = await extractFile(sample('not-a-letter.txt'));
    expect(isErrorRecord(r) && r.error.code).toBe('not-a-determination');
    expect(r.id).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a missing file or a folder is unreadable', async () => {
    for (const p of [fixture('does-not-exist.pdf'), fixture('.')]) {
      const r = await extractFile(p);
      expect(isErrorRecord(r) && r.error.code).toBe('unreadable');
    }
  });

  it('random bytes and PDF-looking junk never throw', async () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let k = 0; k < 20; k++) {
      const bytes = Buffer.from(Array.from({ length: 2000 }, () => Math.floor(rand() * 256)));
      if (k % 2) bytes.write('%PDF-1.7\n', 0);
      const r = await extractBuffer(bytes, `junk-${k}`);
      expect(isErrorRecord(r)).toBe(true);
    }
  });

  it('a stage that throws becomes an internal error record naming the stage', async () => {
    const explode = { name: 'explode', requires: [], provides: [], run() { throw new TypeError('boom'); } } as const;
    const pipeline = buildPipeline({ name: 't', stages: ['ingest', 'normalize', 'explode'] }, { explode: { ...explode, requires: [], provides: [] } });
    const r = await extractBuffer(readFileSync(sample('seed-dwc-standard.txt')), 'seed', { pipeline });
    expect(isErrorRecord(r) && r.error).toEqual({ code: 'internal', message: 'stage "explode" failed: boom' });
  });

  it('a pipeline definition with an unknown stage or a missing requirement is refused when built', () => {
    expect(() => buildPipeline({ name: 'x', stages: ['ingest', 'nope'] })).toThrow(/unknown stage "nope"/);
    expect(() => buildPipeline({ name: 'x', stages: ['ingest', 'segment'] })).toThrow(/requires layout/);
  });
});
