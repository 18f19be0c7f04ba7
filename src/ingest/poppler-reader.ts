/**
 * Reads a PDF's text layer with poppler's `pdftotext` (Debian's poppler-utils), the faster,
 * optional engine: one process per letter, PDF on stdin, text on stdout, pages split by form feeds.
 *
 * `-raw` keeps the content stream order, as pdf.js does, so both engines give the same text to
 * normalize. Without it pdftotext reorders the header (all labels, then all values) and drops
 * the hyphen at the end of every line: `11-8-` + `16` becomes `11-816`, `Non-` + `MTUS` `NonMTUS`.
 */
import { spawn } from 'node:child_process';
import { ImrError } from '../pipeline/document.js';
import type { PdfText } from './pdf-parse-reader.js';

let timeoutMs = 60_000;

/** How long one pdftotext may run before it is killed and the letter gets a `timeout` error. */
export function setPopplerTimeout(ms: number): void {
  timeoutMs = ms;
}

export function readPdfWithPoppler(bytes: Uint8Array): Promise<PdfText> {
  return new Promise((resolve, reject) => {
    const child = spawn('pdftotext', ['-raw', '-enc', 'UTF-8', '-', '-'], { stdio: ['pipe', 'pipe', 'pipe'], timeout: timeoutMs, killSignal: 'SIGKILL' });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('error', (e: NodeJS.ErrnoException) => {
      reject(e.code === 'ENOENT'
        ? new Error('the poppler engine needs `pdftotext` on PATH (Debian: apt-get install poppler-utils)')
        : e);
    });
    child.on('close', (code, signal) => {
      if (code === 0) {
        const text = Buffer.concat(out).toString('utf8').replace(/\f$/, '');
        resolve({ pages: text.split('\f') });
      } else if (signal === 'SIGKILL') {
        reject(new ImrError('timeout', `pdftotext did not finish within ${timeoutMs / 1000} s`));
      } else if (/incorrect password|encrypted/i.test(err)) {
        reject(new ImrError('encrypted', 'the PDF is encrypted (password-protected) and cannot be read'));
      } else {
        reject(new ImrError('unreadable', `the PDF cannot be read (pdftotext: ${err.trim().split('\n')[0] || `exit ${code}`})`));
      }
    });
    child.stdin.on('error', () => undefined); // pdftotext may exit before reading all of a bad PDF
    child.stdin.end(Buffer.from(bytes));
  });
}
