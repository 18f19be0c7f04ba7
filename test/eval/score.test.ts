import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { Scorer, dice, normalizeString, type Report } from '../../src/eval/score.js';
import { findGoldPairs, formatTable, runEval } from '../../src/eval/eval.js';
import type { OutputRecord } from '../../src/schema/record.js';

/** Scores one document and returns the report. */
function score(gold: unknown, predicted: Record<string, unknown> | null): Report {
  const scorer = new Scorer();
  scorer.scoreDocument('doc.txt', gold, predicted);
  return scorer.report();
}

/** The counts of one path, without P/R/F1 (undefined when the path was never counted). */
function counts(report: Report, path: string) {
  const f = report.fields[path];
  return f && { tp: f.tp, fp: f.fp, fn: f.fn };
}

describe('scalars', () => {
  it('equal values: 1 TP', () => {
    const r = score({ patient: { age: 55 } }, { patient: { age: 55 } });
    expect(counts(r, 'patient.age')).toEqual({ tp: 1, fp: 0, fn: 0 });
    expect(r.failures).toEqual([]);
  });

  it('gold value, prediction null: 1 FN', () => {
    const r = score({ patient: { age: 55 } }, { patient: { age: null } });
    expect(counts(r, 'patient.age')).toEqual({ tp: 0, fp: 0, fn: 1 });
    expect(r.failures).toEqual([{ file: 'doc.txt', path: 'patient.age', gold: 55, predicted: null }]);
  });

  it('gold null, prediction a value: 1 FP', () => {
    const r = score({ priority: null }, { priority: 'standard' });
    expect(counts(r, 'priority')).toEqual({ tp: 0, fp: 1, fn: 0 });
    expect(r.failures).toEqual([{ file: 'doc.txt', path: 'priority', gold: null, predicted: 'standard' }]);
  });

  it('both values but different: 1 FP and 1 FN', () => {
    const r = score({ patient: { sex: 'male' } }, { patient: { sex: 'female' } });
    expect(counts(r, 'patient.sex')).toEqual({ tp: 0, fp: 1, fn: 1 });
    expect(r.failures).toHaveLength(1);
  });

  it('both null: nothing counted', () => {
    const r = score({ caseNumber: null }, { caseNumber: null });
    expect(r.fields).toEqual({});
    expect(r.overall).toMatchObject({ tp: 0, fp: 0, fn: 0 });
  });

  it('a field missing from the prediction counts as null', () => {
    expect(counts(score({ caseNumber: 'CM1' }, {}), 'caseNumber')).toEqual({ tp: 0, fp: 0, fn: 1 });
  });

  it('numbers and booleans compare exactly', () => {
    const r = score(
      { patient: { age: 55 }, issues: [{ service: { text: 'x' }, medicallyNecessary: true }] },
      { patient: { age: '55' }, issues: [{ service: { text: 'x' }, medicallyNecessary: 'true' }] },
    );
    expect(counts(r, 'patient.age')).toEqual({ tp: 0, fp: 1, fn: 1 });
    expect(counts(r, 'issues[].medicallyNecessary')).toEqual({ tp: 0, fp: 1, fn: 1 });
  });

  it('strings compare case-insensitively, white space collapsed, trailing .,;: dropped', () => {
    expect(normalizeString('  Physical   Medicine\n& Rehabilitation.;  ')).toBe('physical medicine & rehabilitation');
    const r = score(
      { layout: 'DWC-IMR/standard', caseNumber: 'CM15 0123', program: 'dwc-imr' },
      { layout: 'dwc-imr/Standard.', caseNumber: ' CM15\n  0123 ;', program: 'dwc-imr!' },
    );
    expect(counts(r, 'layout')).toEqual({ tp: 1, fp: 0, fn: 0 });
    expect(counts(r, 'caseNumber')).toEqual({ tp: 1, fp: 0, fn: 0 });
    // Only .,;: are dropped, and only at the end.
    expect(counts(r, 'program')).toEqual({ tp: 0, fp: 1, fn: 1 });
    expect(normalizeString('a.b')).toBe('a.b');
  });

  it('never scores span or the top-level text', () => {
    const r = score(
      { text: 'gold text', injury: { mechanism: { text: 'lifting', span: [0, 7] } } },
      { text: 'other text', injury: { mechanism: { text: 'Lifting', span: [3, 10] } } },
    );
    expect(Object.keys(r.fields)).toEqual(['injury.mechanism.text']);
    expect(counts(r, 'injury.mechanism.text')).toEqual({ tp: 1, fp: 0, fn: 0 });
  });
});

describe('null objects', () => {
  it('gold object given as null, prediction an object: 1 FP on that path', () => {
    const r = score({ workStatus: null }, { workStatus: { text: 'TTD', span: [0, 3], status: 'temporary total disability' } });
    expect(r.fields).toEqual({ workStatus: expect.objectContaining({ tp: 0, fp: 1, fn: 0 }) });
    // The failure shows the predicted object without its span.
    expect(r.failures[0].predicted).toEqual({ text: 'TTD', status: 'temporary total disability' });
  });

  it('gold object, prediction null: each gold leaf FN', () => {
    const gold = { issues: [{ service: { text: 'Norco' }, quantity: { value: 6, unit: 'session' }, medication: null }] };
    const r = score(gold, { issues: [{ service: { text: 'Norco' }, quantity: null, medication: null }] });
    expect(counts(r, 'issues[].quantity.value')).toEqual({ tp: 0, fp: 0, fn: 1 });
    expect(counts(r, 'issues[].quantity.unit')).toEqual({ tp: 0, fp: 0, fn: 1 });
    expect(counts(r, 'issues[].medication')).toBeUndefined();
  });
});

describe('string lists', () => {
  it('multiset match of normalized strings', () => {
    const r = score(
      { reviewer: { licensure: ['California', 'Nevada', 'Nevada'], specialties: ['Pain Medicine'] } },
      { reviewer: { licensure: ['california.', 'Nevada', 'Oregon'], specialties: ['pain  medicine'] } },
    );
    // One Nevada matched, the second gold Nevada left: FN; Oregon extra: FP.
    expect(counts(r, 'reviewer.licensure[]')).toEqual({ tp: 2, fp: 1, fn: 1 });
    expect(counts(r, 'reviewer.specialties[]')).toEqual({ tp: 1, fp: 0, fn: 0 });
    expect(r.failures).toEqual([
      { file: 'doc.txt', path: 'reviewer.licensure[]', gold: 'Nevada', predicted: null },
      { file: 'doc.txt', path: 'reviewer.licensure[]', gold: null, predicted: 'Oregon' },
    ]);
  });

  it('a predicted duplicate of a single gold item is an FP', () => {
    const r = score({ warnings: ['no date'] }, { warnings: ['no date', 'No date'] });
    expect(counts(r, 'warnings[]')).toEqual({ tp: 1, fp: 1, fn: 0 });
  });
});

describe('entity lists', () => {
  it('pairs by Dice on text: 0.5 accepted, below rejected', () => {
    expect(dice('cervical strain', 'cervical sprain')).toBe(0.5);
    expect(dice('lumbar disc herniation', 'lumbar sprain')).toBeCloseTo(0.4);
    const accepted = score({ diagnoses: [{ text: 'cervical strain' }] }, { diagnoses: [{ text: 'Cervical sprain' }] });
    expect(counts(accepted, 'diagnoses[]')).toEqual({ tp: 1, fp: 0, fn: 0 });
    const rejected = score({ diagnoses: [{ text: 'lumbar disc herniation' }] }, { diagnoses: [{ text: 'lumbar sprain' }] });
    expect(counts(rejected, 'diagnoses[]')).toEqual({ tp: 0, fp: 1, fn: 1 });
    expect(rejected.failures).toEqual([
      { file: 'doc.txt', path: 'diagnoses[]', gold: 'lumbar disc herniation', predicted: null },
      { file: 'doc.txt', path: 'diagnoses[]', gold: null, predicted: 'lumbar sprain' },
    ]);
  });

  it('Dice tokens are lowercase words: punctuation and case do not matter', () => {
    expect(dice('Cervical sprain-strain', 'cervical sprain/strain')).toBe(1);
  });

  it('pairs greedily one to one, best pairs first', () => {
    // In gold order, gold 0 would take prediction 0 (Dice 0.8) and leave gold 1 without a pair
    // (Dice 2/7 with prediction 1). Best pairs first: gold 1 - prediction 0 (Dice 1), then
    // gold 0 - prediction 1 (Dice 0.5).
    const gold = { medications: [{ text: 'Norco 10 mg', strength: '10 mg' }, { text: 'Norco 10', strength: null }] };
    const pred = {
      medications: [
        { text: 'Norco 10', strength: null },
        { text: 'Norco mg tablets twice daily', strength: '10 mg' },
      ],
    };
    const r = score(gold, pred);
    expect(counts(r, 'medications[]')).toEqual({ tp: 2, fp: 0, fn: 0 });
    expect(counts(r, 'medications[].strength')).toEqual({ tp: 1, fp: 0, fn: 0 });
    expect(r.failures).toEqual([]);
  });

  it('ties go to the earlier predicted item', () => {
    const r = score({ painScores: [{ text: '7/10', value: 7 }] }, { painScores: [{ text: '7/10', value: 7 }, { text: '7/10', value: 8 }] });
    expect(counts(r, 'painScores[]')).toEqual({ tp: 1, fp: 1, fn: 0 });
    expect(counts(r, 'painScores[].value')).toEqual({ tp: 1, fp: 0, fn: 0 });
  });

  it('one predicted item pairs with one gold item only', () => {
    const r = score({ painScores: [{ text: '7/10' }, { text: '7/10' }] }, { painScores: [{ text: '7/10' }] });
    expect(counts(r, 'painScores[]')).toEqual({ tp: 1, fp: 0, fn: 1 });
  });

  it('scores the other fields inside each pair under their own paths, not the key again', () => {
    const gold = {
      issues: [
        {
          service: { text: 'Physical therapy for the cervical spine; six sessions' },
          decision: 'overturned',
          guidelines: [
            { text: 'MTUS Chronic Pain Treatment Guidelines', citedBy: 'claims administrator', source: 'MTUS' },
            { text: 'ODG Physical Therapy Guidelines', citedBy: 'reviewer', source: 'ODG' },
          ],
        },
      ],
    };
    const pred = {
      issues: [
        {
          service: { text: 'Physical therapy for the cervical spine, six sessions', span: [0, 1] },
          decision: 'upheld',
          guidelines: [
            { text: 'ODG Physical Therapy Guidelines', citedBy: 'reviewer', source: 'ACOEM' },
            { text: 'MTUS Chronic Pain Treatment Guidelines', citedBy: 'claims administrator', source: 'MTUS' },
          ],
        },
      ],
    };
    const r = score(gold, pred);
    expect(Object.keys(r.fields)).toEqual([
      'issues[]',
      'issues[].decision',
      'issues[].guidelines[]',
      'issues[].guidelines[].citedBy',
      'issues[].guidelines[].source',
    ]);
    expect(counts(r, 'issues[]')).toEqual({ tp: 1, fp: 0, fn: 0 });
    expect(counts(r, 'issues[].decision')).toEqual({ tp: 0, fp: 1, fn: 1 });
    expect(counts(r, 'issues[].guidelines[]')).toEqual({ tp: 2, fp: 0, fn: 0 });
    expect(counts(r, 'issues[].guidelines[].citedBy')).toEqual({ tp: 2, fp: 0, fn: 0 });
    expect(counts(r, 'issues[].guidelines[].source')).toEqual({ tp: 1, fp: 1, fn: 1 });
  });

  it('unpaired items: gold FN, prediction FP, nothing scored inside them', () => {
    const r = score(
      { diagnoses: [{ text: 'depression', icd10: 'F32.9' }] },
      { diagnoses: [{ text: 'carpal tunnel syndrome', icd10: 'G56.0' }] },
    );
    expect(counts(r, 'diagnoses[]')).toEqual({ tp: 0, fp: 1, fn: 1 });
    expect(counts(r, 'diagnoses[].icd10')).toBeUndefined();
  });

  it('a list given as [] makes every predicted item an FP', () => {
    const r = score({ painScores: [], reviewer: { specialties: [] } }, { painScores: [{ text: '5/10' }, { text: '6/10' }], reviewer: { specialties: ['Surgery'] } });
    expect(counts(r, 'painScores[]')).toEqual({ tp: 0, fp: 2, fn: 0 });
    expect(counts(r, 'reviewer.specialties[]')).toEqual({ tp: 0, fp: 1, fn: 0 });
    // Extra entities are named by their key in failures.
    expect(r.failures.map((f) => f.predicted)).toEqual(['5/10', '6/10', 'Surgery']);
  });

  it('a list not given is not scored', () => {
    expect(score({}, { painScores: [{ text: '5/10' }] }).fields).toEqual({});
  });

  it('a gold list with a missing or null prediction: every gold item FN', () => {
    const r = score({ injury: { bodyParts: [{ text: 'neck', part: 'cervical spine' }] } }, { injury: null });
    expect(r.fields).toEqual({ 'injury.bodyParts[]': expect.objectContaining({ tp: 0, fp: 0, fn: 1 }) });
  });

  it('treatmentsToDate pairs by equal category', () => {
    const r = score(
      { treatmentsToDate: [{ category: 'acupuncture', assertion: 'present' }, { category: 'chiropractic' }] },
      {
        treatmentsToDate: [
          { text: 'chiropractic care', category: 'chiropractic', assertion: 'present' },
          { text: 'acupuncture', category: 'acupuncture', assertion: 'historical' },
          { text: 'an MRI', category: 'imaging', assertion: 'present' },
        ],
      },
    );
    expect(counts(r, 'treatmentsToDate[]')).toEqual({ tp: 2, fp: 1, fn: 0 });
    expect(counts(r, 'treatmentsToDate[].category')).toBeUndefined();
    expect(counts(r, 'treatmentsToDate[].assertion')).toEqual({ tp: 0, fp: 1, fn: 1 });
    expect(r.failures.at(-1)).toEqual({ file: 'doc.txt', path: 'treatmentsToDate[]', gold: null, predicted: 'imaging' });
  });

  it('events pair by equal date, sections by equal name', () => {
    const r = score(
      { events: [{ date: '2015-04-07', finding: 'neck pain' }, { date: '2015-05-27' }], sections: [{ name: 'header' }, { name: 'issues' }] },
      {
        events: [{ text: 'x', date: '2015-05-27', finding: 'knee' }, { text: 'y', date: '2015-04-07', finding: 'Neck pain.' }],
        sections: [{ name: 'issues', heading: null }, { name: 'credentials', heading: null }],
      },
    );
    expect(counts(r, 'events[]')).toEqual({ tp: 2, fp: 0, fn: 0 });
    expect(counts(r, 'events[].finding')).toEqual({ tp: 1, fp: 0, fn: 0 });
    expect(counts(r, 'sections[]')).toEqual({ tp: 1, fp: 1, fn: 1 });
  });

  it('a list the spec does not name pairs by Dice on text (here diagnoses[].bodyParts)', () => {
    const r = score(
      { diagnoses: [{ text: 'right knee strain', bodyParts: [{ text: 'right knee', laterality: 'right' }] }] },
      { diagnoses: [{ text: 'right knee strain', bodyParts: [{ text: 'knee', laterality: 'left' }] }] },
    );
    // Dice('right knee', 'knee') = 2/3: paired.
    expect(counts(r, 'diagnoses[].bodyParts[]')).toEqual({ tp: 1, fp: 0, fn: 0 });
    expect(counts(r, 'diagnoses[].bodyParts[].laterality')).toEqual({ tp: 0, fp: 1, fn: 1 });
  });
});

describe('documents without a record', () => {
  it('count every gold leaf as FN, list items on the list path only', () => {
    const gold = {
      caseNumber: 'CM1',
      priority: null,
      workStatus: null,
      patient: { age: 55 },
      reviewer: { licensure: ['California'] },
      diagnoses: [{ text: 'cervicalgia', icd10: 'M54.2' }],
      painScores: [],
    };
    const r = score(gold, null);
    expect(r.fields).toEqual({
      caseNumber: expect.objectContaining({ tp: 0, fp: 0, fn: 1 }),
      'diagnoses[]': expect.objectContaining({ tp: 0, fp: 0, fn: 1 }),
      'patient.age': expect.objectContaining({ tp: 0, fp: 0, fn: 1 }),
      priority: expect.objectContaining({ tp: 0, fp: 0, fn: 1 }),
      'reviewer.licensure[]': expect.objectContaining({ tp: 0, fp: 0, fn: 1 }),
      workStatus: expect.objectContaining({ tp: 0, fp: 0, fn: 1 }),
    });
    expect(r.overall).toMatchObject({ tp: 0, fp: 0, fn: 6, precision: 0, recall: 0, f1: 0 });
  });
});

describe('report', () => {
  it('micro-averages over all paths and documents, fields sorted by path', () => {
    const scorer = new Scorer();
    // a.txt: age TP, sex FP+FN; b.txt: age FN, two licensure TP and one FP.
    scorer.scoreDocument('a.txt', { patient: { sex: 'male', age: 40 } }, { patient: { sex: 'female', age: 40 } });
    scorer.scoreDocument('b.txt', { reviewer: { licensure: ['Ohio', 'Iowa'] }, patient: { age: 50 } }, {
      reviewer: { licensure: ['Iowa', 'Ohio', 'Utah'] },
      patient: { age: null },
    });
    const r = scorer.report();
    expect(r.documents).toBe(2);
    expect(Object.keys(r.fields)).toEqual(['patient.age', 'patient.sex', 'reviewer.licensure[]']);
    expect(r.fields['patient.age']).toMatchObject({ tp: 1, fp: 0, fn: 1, precision: 1, recall: 0.5 });
    expect(r.fields['patient.age'].f1).toBeCloseTo(2 / 3);
    // Overall: tp 1+2 = 3, fp 1+1 = 2, fn 1+1 = 2 (not a mean of the per-field F1s).
    expect(r.overall).toMatchObject({ tp: 3, fp: 2, fn: 2, precision: 0.6, recall: 0.6 });
    expect(r.overall.f1).toBeCloseTo(0.6);
    expect(r.failures.map((f) => [f.file, f.path])).toEqual([
      ['a.txt', 'patient.sex'],
      ['b.txt', 'reviewer.licensure[]'],
      ['b.txt', 'patient.age'],
    ]);
    expect(scorer.report(5).documents).toBe(5);
  });

  it('precision, recall and F1 are 0 where undefined', () => {
    const r = score({ priority: null }, { priority: 'standard' });
    expect(r.fields.priority).toMatchObject({ precision: 0, recall: 0, f1: 0 });
  });
});

describe('gold sets on disk', () => {
  async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
    const dir = await mkdtemp(join(tmpdir(), 'imr-eval-'));
    try {
      await fn(dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  it('findGoldPairs walks recursively and keeps letters with a gold file beside them, sorted', async () => {
    await withTempDir(async (dir) => {
      await mkdir(join(dir, 'real', 'deeper'), { recursive: true });
      const files = [
        'b.txt', 'b.gold.json', 'a.pdf', 'a.gold.json', 'no-gold.txt', 'orphan.gold.json', 'notes.md',
        'real/c.pdf', 'real/c.gold.json', 'real/deeper/d.txt', 'real/deeper/d.gold.json', 'real/e.pdf', 'real/deeper/e.gold.json',
      ];
      for (const f of files) await writeFile(join(dir, f), '{}');
      expect(await findGoldPairs(dir)).toEqual([
        { letter: join(dir, 'a.pdf'), gold: join(dir, 'a.gold.json') },
        { letter: join(dir, 'b.txt'), gold: join(dir, 'b.gold.json') },
        { letter: join(dir, 'real/c.pdf'), gold: join(dir, 'real/c.gold.json') },
        { letter: join(dir, 'real/deeper/d.txt'), gold: join(dir, 'real/deeper/d.gold.json') },
      ]);
    });
  });

  it('runEval scores each letter, error records and throws as documents without a record', async () => {
    await withTempDir(async (dir) => {
      for (const name of ['ok', 'error', 'throws']) {
        await writeFile(join(dir, `${name}.txt`), 'letter');
        await writeFile(join(dir, `${name}.gold.json`), JSON.stringify({ caseNumber: 'CM1' }));
      }
      const source = { path: '', kind: 'text', bytes: 0, pages: null } as const;
      const extract = async (path: string): Promise<OutputRecord> => {
        if (path.endsWith('throws.txt')) throw new Error('boom');
        if (path.endsWith('error.txt')) {
          return { schemaVersion: '1', id: 'x', source, error: { code: 'unreadable', message: 'no' } };
        }
        return { caseNumber: 'cm1' } as unknown as OutputRecord;
      };
      const report = await runEval(dir, extract);
      expect(report.documents).toBe(3);
      expect(report.fields.caseNumber).toMatchObject({ tp: 1, fp: 0, fn: 2 });
      const table = formatTable(report);
      expect(table).toMatch(/^caseNumber\s+1\s+0\s+2\s+1\.000\s+0\.333\s+0\.500$/m);
      expect(table).toMatch(/^overall\s+1\s+0\s+2\s+1\.000\s+0\.333\s+0\.500$/m);
      expect(table.split('\n').at(-1)).toBe('documents: 3');
    });
  });

  it('runEval names a gold file that is not valid JSON', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'bad.txt'), 'letter');
      await writeFile(join(dir, 'bad.gold.json'), '{ "caseNumber": ');
      await expect(runEval(dir, async () => ({}) as OutputRecord)).rejects.toThrow(join(dir, 'bad.gold.json'));
    });
  });
});
