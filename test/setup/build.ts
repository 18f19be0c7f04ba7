import { execFileSync } from 'node:child_process';

/** Compiles src/ to dist/ so that tests of ./bin/imr and of the worker threads run current code. */
export default function setup(): void {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
}
