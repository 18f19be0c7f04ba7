import type { Command } from 'commander';
import { outputJsonSchema } from '../public/index.js';

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema of one output record (a determination record or an error record)')
    .action(() => {
      process.stdout.write(`${JSON.stringify(outputJsonSchema(), null, 2)}\n`);
    });
}
