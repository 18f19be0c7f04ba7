/** CI's quality gate: `imr eval samples --min-f1` at the level the project has reached. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runImr } from '../helpers.js';

const { minF1 } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).imr as { minF1: number };

describe('imr eval samples', () => {
  it(`keeps overall F1 >= ${minF1}`, () => {
    const r = runImr(['eval', 'samples', '--min-f1', String(minF1)]);
    const overall = /^overall.*$/m.exec(r.stdout)?.[0];
    expect(r.stderr).toBe('');
    expect(r.code, overall).toBe(0);
  });
});
