/** Shared test helpers: paths of the bundled samples and a runner for ./bin/imr. */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const SAMPLES = path.join(ROOT, 'samples');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');
export const sample = (name: string) => path.join(SAMPLES, name);
export const fixture = (name: string) => path.join(FIXTURES, name);

/** Every letter (.txt or .pdf) under samples/, sorted. */
export function sampleLetters(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(txt|pdf)$/.test(e.name)) out.push(p);
    }
  };
  walk(SAMPLES);
  return out.sort();
}

export function runImr(args: string[], input?: string | Buffer) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'imr'), ...args], {
    cwd: ROOT, input, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
