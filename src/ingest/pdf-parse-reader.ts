/**
 * Reads a PDF's text layer with pdf-parse (v2, pdf.js inside): pages joined by form feeds so
 * that normalization can find page headers and footers. Loaded lazily: text-only runs never
 * pay for pdf.js.
 */
import { ImrError } from '../pipeline/document.js';

export interface PdfText {
  pages: string[];
}

type PdfParseModule = typeof import('pdf-parse');
let loaded: Promise<PdfParseModule> | null = null;

/**
 * Loads pdf-parse and undoes what its pdf.js build does to the thread's built-ins: its core-js
 * polyfills replace the native Array.prototype.push, JSON.parse and Function.prototype.toString
 * with JavaScript versions (for spec corner cases pdf.js does not rely on), which made every
 * later `push` and `JSON.parse` of the pipeline several times slower: about 40 % more CPU per
 * letter, text letters included.
 */
async function loadPdfParseKeepingNatives(): Promise<PdfParseModule> {
  const natives: [object, PropertyKey, PropertyDescriptor][] = [
    [Array.prototype, 'push', Object.getOwnPropertyDescriptor(Array.prototype, 'push')!],
    [JSON, 'parse', Object.getOwnPropertyDescriptor(JSON, 'parse')!],
    [Function.prototype, 'toString', Object.getOwnPropertyDescriptor(Function.prototype, 'toString')!],
  ];
  const module = await import('pdf-parse');
  for (const [target, key, descriptor] of natives) Object.defineProperty(target, key, descriptor);
  return module;
}

export async function readPdfWithPdfParse(bytes: Uint8Array): Promise<PdfText> {
  loaded ??= loadPdfParseKeepingNatives();
  const { PDFParse } = await loaded;
  // pdf.js takes ownership of (and detaches) the buffer it is given: hand it a copy.
  const parser = new PDFParse({ data: new Uint8Array(bytes), verbosity: 0 });
  try {
    const result = await parser.getText();
    return { pages: result.pages.map((p) => p.text) };
  } catch (e) {
    throw pdfError(e);
  } finally {
    // Without destroy() pdf.js keeps each document's state and memory grows with the run.
    await parser.destroy().catch(() => undefined);
  }
}

/** Maps pdf.js's exceptions to the contract's error codes with a plain message. */
export function pdfError(e: unknown): ImrError {
  const name = (e as { name?: string })?.name ?? '';
  const message = (e as Error)?.message ?? String(e);
  if (name === 'PasswordException' || /password/i.test(message)) {
    return new ImrError('encrypted', 'the PDF is encrypted (password-protected) and cannot be read');
  }
  return new ImrError('unreadable', `the PDF cannot be read (${message.replace(/\s+/g, ' ').slice(0, 200)})`);
}
