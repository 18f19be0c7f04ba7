#!/usr/bin/env node
// Audit: for each PDF, counts the `: Upheld` / `: Overturned` statements in its raw text layer
// (read by pdf-parse, independent of our normalization) and compares them with the issues of
// the record `imr extract` gives. Usage: node scripts/count-decisions.mjs samples/real/*.pdf
import { readFileSync } from 'node:fs';
import { PDFParse } from 'pdf-parse';
import { extractFile } from '../dist/src/public/index.js';

const STATED = /:\s*(Upheld|Overturned)\b/gi;
let stated = { upheld: 0, overturned: 0 };
let found = { upheld: 0, overturned: 0 };
const mismatches = [];
for (const file of process.argv.slice(2)) {
  const parser = new PDFParse({ data: readFileSync(file) });
  const raw = (await parser.getText()).text;
  await parser.destroy();
  const want = [...raw.matchAll(STATED)].map((m) => m[1].toLowerCase());
  const record = await extractFile(file, { includeText: false });
  const got = (record.issues ?? []).map((i) => i.decision);
  want.forEach((d) => stated[d]++);
  got.forEach((d) => d && found[d]++);
  if (want.join() !== got.join()) mismatches.push(`${file}: letter ${want.join(',')} | record ${got.join(',')}`);
}
console.log(`letters: ${process.argv.length - 2}`);
console.log(`stated:  ${stated.upheld} upheld, ${stated.overturned} overturned`);
console.log(`records: ${found.upheld} upheld, ${found.overturned} overturned`);
console.log(mismatches.length ? `mismatches:\n${mismatches.join('\n')}` : 'every stated item is an issue with that decision, in order');
process.exitCode = mismatches.length ? 1 : 0;
