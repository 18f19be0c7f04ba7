#!/usr/bin/env node
// Prints the raw text layer of a PDF as pdf-parse reads it (pages separated by form feeds):
// what an annotator reads when writing a gold file by hand.
import { readFileSync } from 'node:fs';
import { PDFParse } from 'pdf-parse';

const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/pdf-text.mjs FILE.pdf');
  process.exit(2);
}
const parser = new PDFParse({ data: readFileSync(file) });
try {
  const result = await parser.getText();
  process.stdout.write(result.pages.map((p) => p.text).join('\n\f'));
} finally {
  await parser.destroy();
}
