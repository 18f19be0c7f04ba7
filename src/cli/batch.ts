import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { BatchError, runBatch } from '../run/batch.js';
import { pdfEngineOption, pipelineOption, type PdfEngine } from './options.js';

const FORMATS = ['jsonl', 'csv'];

/** `25mb`, `500k`, `1g`, or plain bytes. */
export function parseBytes(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?$/i.exec(text.trim());
  if (!m) throw new Error(`--max-bytes takes a size such as 20mb, 500kb or 1048576, not "${text}"`);
  const unit = (m[2] ?? 'b').toLowerCase()[0]!;
  const scale = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[unit as 'b' | 'k' | 'm' | 'g'];
  return Math.floor(Number(m[1]) * scale);
}

interface BatchFlags {
  out: string;
  concurrency?: string;
  formats: string;
  timeout: string;
  maxBytes: string;
  pdfEngine: PdfEngine;
  pipeline: string;
  text: boolean;
  ext: string;
  quiet?: boolean;
}

export function registerBatch(program: Command): void {
  program
    .command('batch')
    .description('extract every letter of an archive on all cores, into DIR/records.jsonl (one line per letter: its record or its error record), DIR/issues.csv (one row per disputed item) and DIR/summary.json; resumable')
    .argument('<inputs...>', 'files, folders (walked recursively), globs (quote them: "archive/**/*.pdf"), or - for a list of paths on stdin')
    .requiredOption('--out <dir>', 'output folder (created if needed); a re-run into it skips the letters already recorded')
    .option('--concurrency <n>', 'worker threads extracting letters (default: one per core)')
    .option('--formats <list>', 'outputs besides summary.json: jsonl (always written: it is what a re-run resumes from), csv', 'jsonl,csv')
    .option('--timeout <seconds>', 'a letter taking longer becomes a `timeout` error record and its worker is replaced', '5')
    .option('--max-bytes <size>', 'a larger file becomes a `too-large` error record, unextracted (e.g. 20mb, 500kb)', '20mb')
    .addOption(pdfEngineOption())
    .addOption(pipelineOption())
    .option('--no-text', 'leave the normalized text out of each record (spans are kept)')
    .option('--ext <list>', 'extensions of the files taken from folders and globs (named files are always taken)', 'pdf,txt')
    .option('--quiet', 'no progress and no closing summary on stderr')
    .addHelpText('after', [
      '',
      'Progress goes to stderr: a bar on a terminal, otherwise a line every 5 seconds.',
      'Records are keyed by id (the sha256 of the file): a letter already in DIR/records.jsonl is skipped,',
      'and byte-identical copies are written once. A run stopped at any point (Ctrl-C, kill -9) and',
      'started again ends with exactly one line per letter; a partial last line is repaired.',
      '',
      'Exit codes: 0 every input has its record or error record; 2 the run could not proceed (bad',
      'arguments, output folder not writable or in use, pdftotext missing); 130 interrupted (run again to resume).',
      '',
      'Example: imr batch archive/ --out out && head -3 out/issues.csv',
    ].join('\n'))
    .action(async (inputs: string[], flags: BatchFlags) => {
      const formats = flags.formats.split(',').map((f) => f.trim().toLowerCase()).filter(Boolean);
      const unknown = formats.filter((f) => !FORMATS.includes(f));
      if (unknown.length) throw new Error(`unknown --formats ${unknown.join(', ')} (choose from ${FORMATS.join(', ')})`);
      const workers = flags.concurrency === undefined ? availableParallelism() : Number(flags.concurrency);
      if (!Number.isInteger(workers) || workers < 1 || workers > 256) {
        throw new Error(`--concurrency takes a whole number from 1 to 256, not "${flags.concurrency}"`);
      }
      const timeout = Number(flags.timeout);
      if (!(timeout > 0)) throw new Error(`--timeout takes a number of seconds above 0, not "${flags.timeout}"`);
      const extensions = flags.ext.split(',').map((e) => e.trim().replace(/^\./, '').toLowerCase()).filter(Boolean);
      if (!extensions.length) throw new Error('--ext needs at least one extension, e.g. pdf,txt');

      // Ctrl-C: finish and write the letters in flight, then stop; a second Ctrl-C stops at once.
      const controller = new AbortController();
      const onSigint = () => {
        if (controller.signal.aborted) process.exit(130);
        process.stderr.write('\nimr batch: stopping after the letters in flight (Ctrl-C again to stop now; a re-run resumes)\n');
        controller.abort();
      };
      process.on('SIGINT', onSigint);
      try {
        await runBatch({
          inputs,
          out: flags.out,
          workers,
          csv: formats.includes('csv'),
          timeoutMs: Math.max(1, Math.round(timeout * 1000)),
          maxBytes: parseBytes(flags.maxBytes),
          pdfEngine: flags.pdfEngine,
          pipeline: flags.pipeline,
          includeText: flags.text,
          extensions,
          quiet: Boolean(flags.quiet),
          stdin: process.stdin,
          stderr: process.stderr,
          signal: controller.signal,
        });
        if (controller.signal.aborted) process.exitCode = 130;
      } catch (e) {
        if (e instanceof BatchError) throw new Error(`batch: ${e.message}`);
        throw e;
      } finally {
        process.off('SIGINT', onSigint);
      }
    });
}
