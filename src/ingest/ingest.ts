/**
 * Ingest: bytes in, raw text out. Tells a PDF from a text file by its bytes, reads it with the
 * chosen PDF engine or decodes the text, and refuses what cannot be a letter's text.
 */
import { ImrError, type Doc } from '../pipeline/document.js';
import type { Stage } from '../pipeline/stage.js';
import { decodeText } from './decode.js';
import { readPdfWithPdfParse, type PdfText } from './pdf-parse-reader.js';
import { readPdfWithPoppler } from './poppler-reader.js';

/** `%PDF-` within the first KiB (some writers put junk before it) marks a PDF; else text. */
export function sniffKind(bytes: Uint8Array, _path?: string): 'pdf' | 'text' {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  return head.includes('%PDF-') ? 'pdf' : 'text';
}

export const ingestStage: Stage = {
  name: 'ingest',
  requires: ['bytes'],
  provides: ['rawText'],
  async run(doc: Doc, options) {
    if (!doc.bytes) throw new ImrError('unreadable', 'no bytes to read');
    if (doc.source.kind === 'pdf') {
      const pdf: PdfText = options.pdfEngine === 'poppler'
        ? await readPdfWithPoppler(doc.bytes)
        : await readPdfWithPdfParse(doc.bytes);
      doc.source.pages = pdf.pages.length;
      const text = pdf.pages.join('\n\f');
      if (text.replace(/\s+/g, '').length < 20) {
        throw new ImrError('no-text-layer', `the PDF has ${pdf.pages.length} page(s) but no text layer (a scan?): run OCR first`);
      }
      doc.rawText = text;
    } else {
      doc.rawText = decodeText(doc.bytes);
    }
    doc.bytes = null;
  },
};
