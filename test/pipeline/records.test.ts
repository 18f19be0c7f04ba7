/**
 * Every record of every bundled sample (the worked samples and the 65 real PDFs) is valid
 * against the schema, and every span points at its text (the contract's invariant).
 */
import { describe, expect, it } from 'vitest';
import { DeterminationRecordSchema, extractFile, isErrorRecord, OutputRecordSchema } from '../../src/public/index.js';
import { spanViolations } from '../../src/validate/spans.js';
import { sampleLetters } from '../helpers.js';

const letters = sampleLetters().filter((f) => !f.endsWith('not-a-letter.txt'));

describe('records of all samples', () => {
  it('cover the whole development set', () => {
    expect(letters.filter((f) => f.includes('/real/')).length).toBe(65);
  });

  it.each(letters.map((f) => [f.replace(/.*samples\//, ''), f]))('%s: schema-valid, spans hold', async (_name, file) => {
    const record = await extractFile(file);
    expect(isErrorRecord(record)).toBe(false);
    expect(OutputRecordSchema.safeParse(record).success).toBe(true);
    expect(DeterminationRecordSchema.safeParse(record).success).toBe(true);
    expect(spanViolations(record, (record as { text: string }).text)).toEqual([]);
    // Each issue's rationale and service lie inside the issues section.
    if (!isErrorRecord(record)) {
      expect(record.issues.length).toBeGreaterThan(0);
      for (const s of record.sections) expect(s.span[1]).toBeLessThanOrEqual(record.text!.length);
    }
  });
});

describe('spanViolations', () => {
  it('finds a span that does not point at its text', () => {
    const record = { text: 'neck pain', diagnoses: [{ text: 'pain', span: [0, 4] }] };
    expect(spanViolations(record, record.text)).toEqual([{ path: 'diagnoses[0]', text: 'pain', span: [0, 4], actual: 'neck' }]);
  });
});
