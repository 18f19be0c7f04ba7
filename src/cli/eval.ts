import type { Command } from 'commander';
import { pdfEngineOption, type PdfEngine } from './options.js';

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('score the pipeline against the gold files (NAME.gold.json beside NAME.txt / NAME.pdf) found under DIR')
    .argument('<dir>', 'folder of letters and gold files, walked recursively')
    .option('--json', 'print one JSON object (documents, overall, fields, failures) instead of the table')
    .option('--min-f1 <x>', 'exit 1 when the overall F1 is below this (0 to 1)')
    .addOption(pdfEngineOption())
    .addHelpText('after', '\nExit codes: 0 done (and F1 >= --min-f1); 1 overall F1 below --min-f1; 2 usage error.')
    .action(async (dir: string, opts: { json?: boolean; minF1?: string; pdfEngine: PdfEngine }) => {
      const minF1 = opts.minF1 === undefined ? undefined : Number(opts.minF1);
      if (minF1 !== undefined && !(minF1 >= 0 && minF1 <= 1)) throw new Error(`--min-f1 takes a number from 0 to 1, not "${opts.minF1}"`);
      const [{ extractFile }, { formatTable, runEval }] = await Promise.all([import('../public/index.js'), import('../eval/eval.js')]);
      const pdfEngine = opts.pdfEngine;
      const report = await runEval(dir, (file) => extractFile(file, { pdfEngine, includeText: false }));
      process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatTable(report)}\n`);
      if (minF1 !== undefined && report.overall.f1 < minF1) {
        process.stderr.write(`imr eval: overall F1 ${report.overall.f1.toFixed(3)} is below --min-f1 ${minF1}\n`);
        process.exitCode = 1;
      }
    });
}
