/**
 * The validate stage: the fast schema check (src/validate/check.ts) accepts exactly what zod
 * accepts, and a record that breaks the schema or the span invariant gives an `internal` error
 * naming the field.
 */
import { describe, expect, it } from 'vitest';
import { DeterminationRecordSchema, extractFile, isErrorRecord, type DeterminationRecord } from '../../src/public/index.js';
import { newDoc, type Doc } from '../../src/pipeline/document.js';
import { checkerOf } from '../../src/validate/check.js';
import { spanViolations } from '../../src/validate/spans.js';
import { validateStage } from '../../src/validate/validate.js';
import { sample } from '../helpers.js';

const fits = checkerOf(DeterminationRecordSchema)!;
const BAD_VALUES: unknown[] = [undefined, null, '', 'x', '2016-1-01', -1, 1.5, NaN, Infinity, 2 ** 60, true, [], [1], [1, 2, 3], {}];

/** Every [parent, key] of a value, depth first. */
function slots(v: unknown, out: Array<[Record<string | number, unknown>, string | number]> = []) {
  if (v && typeof v === 'object') {
    for (const k of Object.keys(v)) {
      const key = Array.isArray(v) ? Number(k) : k;
      out.push([v as Record<string | number, unknown>, key]);
      slots((v as Record<string | number, unknown>)[key], out);
    }
  }
  return out;
}

async function realRecord(): Promise<DeterminationRecord> {
  const r = await extractFile(sample('real/CM16-0213037.pdf'));
  if (isErrorRecord(r)) throw new Error(r.error.message);
  return r;
}

describe('the fast schema check', () => {
  it('models the whole record schema', () => {
    expect(checkerOf(DeterminationRecordSchema)).not.toBeNull();
  });

  it('agrees with zod on every field of a real record set to a wrong value', async () => {
    const record = await realRecord();
    expect(fits(record)).toBe(true);
    let rejected = 0;
    for (const [parent, key] of slots(record)) {
      const kept = parent[key];
      for (const bad of BAD_VALUES) {
        parent[key] = bad;
        const zod = DeterminationRecordSchema.safeParse(record).success;
        expect(fits(record), `${String(key)} = ${JSON.stringify(bad)}`).toBe(zod);
        if (!zod) rejected++;
      }
      parent[key] = kept;
      if (!Array.isArray(parent)) {
        delete parent[key];
        expect(fits(record), `without ${String(key)}`).toBe(DeterminationRecordSchema.safeParse(record).success);
        parent[key] = kept;
      }
    }
    expect(rejected).toBeGreaterThan(100);
    expect(fits(record)).toBe(true);
  });
});

describe('the validate stage', () => {
  const docOf = async (): Promise<Doc> => {
    const r = await realRecord();
    const doc = newDoc(r.id, r.source, null);
    Object.assign(doc, { text: r.text, program: r.program, layout: r.layout, sections: r.sections, warnings: r.warnings });
    const { schemaVersion: _v, id: _i, source: _s, program: _p, layout: _l, sections: _x, text: _t, warnings: _w, ...fields } = r;
    doc.fields = fields;
    return doc;
  };

  it('passes a good record', async () => {
    const doc = await docOf();
    expect(() => validateStage.run(doc, {})).not.toThrow();
  });

  it('names the field that breaks the schema', async () => {
    const doc = await docOf();
    (doc.fields.diagnoses[0] as { icd10: unknown }).icd10 = 7;
    expect(() => validateStage.run(doc, {})).toThrow(/breaks the schema at diagnoses\.0\.icd10/);
  });

  it('names the mention whose span does not hold', async () => {
    const doc = await docOf();
    doc.fields.diagnoses[0]!.span = [0, doc.fields.diagnoses[0]!.text.length];
    expect(() => validateStage.run(doc, {})).toThrow(/span invariant broken at diagnoses\[0\]/);
  });
});

describe('spanViolations', () => {
  it('lists every violation with its path, in record order', () => {
    const text = 'neck pain and back pain';
    const record = {
      text,
      diagnoses: [{ text: 'pain', span: [0, 4] }, { text: 'pain', span: [5, 9], bodyParts: [{ text: 'back', span: [0, 4] }] }],
      issues: [{ service: { text: 'neck', span: [0, 4] }, rationale: null }],
      nested: [[{ text: 'x', span: [0, 1] }]],
    };
    expect(spanViolations(record, text).map((v) => v.path)).toEqual(['diagnoses[0]', 'diagnoses[1].bodyParts[0]', 'nested[0][0]']);
    expect(spanViolations(record.diagnoses, text, 'd').map((v) => v.path)).toEqual(['d[0]', 'd[1].bodyParts[0]']);
  });
});
