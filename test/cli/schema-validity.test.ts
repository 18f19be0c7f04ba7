/**
 * The issue's acceptance check, as a user would run it: `imr extract samples/real/*.pdf --jsonl`
 * prints 65 records, each valid against the JSON Schema that `imr schema` prints, with every
 * span pointing at its text.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { spanViolations } from '../../src/validate/spans.js';
import { runImr, SAMPLES } from '../helpers.js';

describe('imr extract samples/real/*.pdf --jsonl', () => {
  it('prints 65 records valid against `imr schema`, spans holding', () => {
    const pdfs = readdirSync(path.join(SAMPLES, 'real')).filter((f) => f.endsWith('.pdf')).map((f) => path.join(SAMPLES, 'real', f));
    const out = runImr(['extract', '--jsonl', ...pdfs]);
    expect(out.code).toBe(0);
    const records = out.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(records).toHaveLength(65);
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(runImr(['schema']).stdout));
    for (const r of records) {
      expect(validate(r), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
      expect(r.error).toBeUndefined();
      expect(spanViolations(r, r.text)).toEqual([]);
    }
  });
});
