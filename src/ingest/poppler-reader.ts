/**
 * Reads a PDF's text layer with poppler's `pdftotext` (Debian's poppler-utils), the faster,
 * optional engine: one process per letter, PDF on stdin, text on stdout, pages split by form feeds.
 */
import { spawn } from 'node:child_process';
import { ImrError } from '../pipeline/document.js';
import type { PdfText } from './pdf-parse-reader.js';

export function readPdfWithPoppler(bytes: Uint8Array): Promise<PdfText> {
  return new Promise((resolve, reject) => {
    const child = spawn('pdftotext', ['-enc', 'UTF-8', '-', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('error', (e: NodeJS.ErrnoException) => {
      reject(e.code === 'ENOENT'
        ? new Error('the poppler engine needs `pdftotext` on PATH (Debian: apt-get install poppler-utils)')
        : e);
    });
    child.on('close', (code) => {
      if (code === 0) {
        const text = Buffer.concat(out).toString('utf8').replace(/\f$/, '');
        resolve({ pages: text.split('\f') });
      } else if (/incorrect password|encrypted/i.test(err)) {
        reject(new ImrError('encrypted', 'the PDF is encrypted (password-protected) and cannot be read'));
      } else {
        reject(new ImrError('unreadable', `the PDF cannot be read (pdftotext: ${err.trim().split('\n')[0] ?? `exit ${code}`})`));
      }
    });
    child.stdin.on('error', () => undefined); // pdftotext may exit before reading all of a bad PDF
    child.stdin.end(Buffer.from(bytes));
  });
}
