/**
 * The `imr` command line. Exit codes: 0 success; 1 a letter could not be extracted (single
 * file) or an eval fell below --min-f1; 2 a usage error or a run that could not proceed.
 * Each command loads what it needs when it runs (the pipeline is a few hundred ms to load): the
 * batch command's main thread never loads it at all, its workers do.
 */
import { Command, CommanderError } from 'commander';
import { registerExtract } from './extract.js';
import { registerEval } from './eval.js';
import { registerSchema } from './schema.js';
import { registerBatch } from './batch.js';

export function buildProgram(): Command {
  const program = new Command('imr')
    .description('Turn California Independent Medical Review (IMR) determination letters (text or PDF) into structured JSON records whose every figure points back to the words of the letter.')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  registerExtract(program);
  registerEval(program);
  registerSchema(program);
  registerBatch(program);
  return program;
}

async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit 0; usage errors exit 2 (commander already printed the message).
      process.exitCode = e.exitCode === 0 ? 0 : 2;
      return;
    }
    console.error(`imr: ${(e as Error)?.message ?? String(e)}`);
    process.exitCode = 2;
  }
}

await main(process.argv);
