/**
 * Golden tests: each bundled sample letter against its hand-written gold file, on the fields
 * of the letter's structure (layout, sections, header, reviewer, patient, issues).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractFile, isErrorRecord, type DeterminationRecord } from '../../src/public/index.js';
import { sample } from '../helpers.js';

async function recordOf(name: string): Promise<DeterminationRecord> {
  const r = await extractFile(sample(name));
  if (isErrorRecord(r)) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r;
}

const goldOf = (name: string) => JSON.parse(readFileSync(sample(name.replace(/\.(txt|pdf)$/, '.gold.json')), 'utf8'));

describe('the seed letter', () => {
  it('has the structure its gold file states', async () => {
    const r = await recordOf('seed-dwc-standard.txt');
    expect(r.caseNumber).toBeNull();
    expect(r.injury.date).toBe('2014-03-27');
    expect(r.dates.injury).toBe('2014-03-27');
    expect(r.patient).toEqual({ age: 55, sex: 'male' });
    expect(r.reviewer).toEqual({ licensure: ['Massachusetts'], specialties: ['Physical Medicine & Rehabilitation', 'Pain Management'] });
    expect(r.issues).toHaveLength(1);
    const [issue] = r.issues;
    expect(issue!.service.text).toBe('Physical therapy for the cervical spine; six sessions');
    expect([issue!.decision, issue!.medicallyNecessary, issue!.reviewerUsedMtus]).toEqual(['overturned', true, false]);
    expect(issue!.guidelines.map((g) => [g.source, g.citedBy])).toEqual([
      ['MTUS', 'claims administrator'], ['ODG', 'reviewer'], ['ODG', 'reviewer'],
    ]);
  });
});

describe.each([
  'dwc-standard-header-3-items.txt',
  'dwc-standard-wrapped-pdf-noise.txt',
  'dwc-standard-wrapped-pdf-noise-pdf.pdf',
  'dwc-maximus-letter.txt',
  'dwc-professional-review.txt',
])('%s', (name) => {
  it('yields its layout, sections, header fields, reviewer, patient and issues', async () => {
    const r = await recordOf(name);
    const gold = goldOf(name);
    expect(r.program).toBe(gold.program);
    expect(r.layout).toBe(gold.layout);
    expect(r.sections.map((s) => s.name)).toEqual(gold.sections.map((s: { name: string }) => s.name));
    expect(r.caseNumber).toBe(gold.caseNumber);
    expect(r.dates).toEqual(gold.dates);
    expect(r.priority).toBe(gold.priority);
    expect(r.reviewer).toEqual(gold.reviewer);
    expect(r.patient).toEqual(gold.patient);
    expect(r.issues.map((i) => [i.service.text, i.decision, i.medicallyNecessary, i.reviewerUsedMtus]))
      .toEqual(gold.issues.map((i: any) => [i.service.text, i.decision, i.medicallyNecessary, i.reviewerUsedMtus]));
    expect(r.issues.map((i) => i.guidelines.map((g) => [g.citedBy, g.source])))
      .toEqual(gold.issues.map((i: any) => i.guidelines.map((g: any) => [g.citedBy, g.source])));
  });
});

describe('PDF and text forms of the same letter', () => {
  it('give the same structure', async () => {
    const [pdf, txt] = await Promise.all([recordOf('dwc-standard-wrapped-pdf-noise-pdf.pdf'), recordOf('dwc-standard-wrapped-pdf-noise.txt')]);
    const strip = (r: DeterminationRecord) => JSON.stringify(r.issues.map((i) => [i.service.text, i.decision, i.guidelines.map((g) => g.text)]));
    expect(strip(pdf)).toBe(strip(txt));
    expect(pdf.source).toMatchObject({ kind: 'pdf', pages: 3 });
  });
});
