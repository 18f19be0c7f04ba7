import { execFileSync } from 'node:child_process';

/**
 * Compiles src/ to dist/ so that tests of ./bin/imr and of the worker threads run current code.
 * A type error fails the run. IMR_SKIP_BUILD=1 skips it (when dist/ was just built by hand).
 */
export default function setup(): void {
  if (process.env.IMR_SKIP_BUILD === '1') return;
  execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
}
