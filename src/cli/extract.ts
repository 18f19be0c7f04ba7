import type { Command } from 'commander';
import type { OutputRecord } from '../public/index.js';
import { writeLine } from './output.js';
import { pdfEngineOption, pipelineOption, type PdfEngine } from './options.js';

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function registerExtract(program: Command): void {
  program
    .command('extract')
    .description('extract one record per letter (text or PDF) and print it on stdout: pretty JSON for one file, JSON Lines for several')
    .argument('<files...>', 'letters to read (.txt or .pdf, told apart by content); - reads stdin')
    .option('--jsonl', 'print JSON Lines even for a single file')
    .option('--no-text', 'leave the normalized text out of each record (spans are kept)')
    .addOption(pdfEngineOption())
    .addOption(pipelineOption())
    .addHelpText('after', '\nExit codes: 0 all records extracted; 1 a single letter gave an error record; 2 usage error.\nError records ({ error: { code, message } }) go to stdout with the others; a summary of failures to stderr.')
    .action(async (files: string[], opts: { jsonl?: boolean; text: boolean; pdfEngine: PdfEngine; pipeline: string }) => {
      const { extractBuffer, extractFile, isErrorRecord } = await import('../public/index.js');
      const options = { includeText: opts.text, pdfEngine: opts.pdfEngine, pipeline: opts.pipeline };
      const lines = opts.jsonl || files.length > 1;
      let failures = 0;
      for (const file of files) {
        const record: OutputRecord = file === '-'
          ? await extractBuffer(await readStdin(), '<stdin>', options)
          : await extractFile(file, options);
        if (isErrorRecord(record)) {
          failures++;
          process.stderr.write(`imr: ${file}: ${record.error.code}: ${record.error.message}\n`);
        }
        await writeLine(lines ? JSON.stringify(record) : JSON.stringify(record, null, 2));
      }
      if (failures && files.length === 1) process.exitCode = 1;
    });
}
