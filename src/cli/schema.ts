import type { Command } from 'commander';

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema of one output record (a determination record or an error record)')
    .action(async () => {
      const { outputJsonSchema } = await import('../public/index.js');
      process.stdout.write(`${JSON.stringify(outputJsonSchema(), null, 2)}\n`);
    });
}
