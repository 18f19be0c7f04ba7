#!/usr/bin/env node
/**
 * `npm run bench`: throughput and memory of `imr batch`, a benchmark (not a test).
 *
 * Builds a corpus of N letters (default 2,000) from samples/real, varied copies so that every
 * letter has its own id: the text form (the letter's text layer, a case number of its own)
 * and the PDF form (the PDF with a comment line of its own appended). Then, on the same corpus
 * and the same number of cores, in one run:
 *   - `imr batch` on the text form, on the PDF form with pdf-parse, and with poppler;
 *   - each engine's bare text extraction alone: pdf-parse in worker threads, pdftotext processes;
 * and prints letters per second, peak memory (the batch process's maximum RSS), and our full
 * extraction's throughput as a ratio of the engine's bare extraction.
 *
 * Each figure is the median of --repeat runs (default 3), the peak memory the highest of them.
 * Two throughputs per run: wall clock (letters / elapsed seconds), and CPU-based (letters per
 * CPU-second, times the cores), which a busy, shared machine disturbs much less; a ratio is
 * given for both. The CPU of child processes (imr batch, pdftotext) is read from
 * /proc/self/stat (Linux); elsewhere only wall-clock figures are given.
 *
 *   node scripts/bench.mjs [--n 2000] [--cores N] [--only text,pdf,poppler] [--repeat 3] [--dir bench-out]
 *
 * Everything stays on this machine; the corpus and outputs go to bench-out/ (git-ignored).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// ---------------------------------------------------------------------------------------------
// Bare engines: a worker thread takes files from a shared counter and extracts their text only.

async function bareWorker() {
  const { files, engine, counter } = workerData;
  const next = new Int32Array(counter);
  let chars = 0;
  if (engine === 'pdf-parse') {
    const { PDFParse } = await import('pdf-parse');
    for (let i = Atomics.add(next, 0, 1); i < files.length; i = Atomics.add(next, 0, 1)) {
      const parser = new PDFParse({ data: new Uint8Array(await readFile(files[i])), verbosity: 0 });
      const result = await parser.getText();
      chars += result.text.length;
      await parser.destroy();
    }
  } else {
    for (let i = Atomics.add(next, 0, 1); i < files.length; i = Atomics.add(next, 0, 1)) {
      chars += (await pdftotext(files[i])).length;
    }
  }
  parentPort.postMessage(chars);
}

/** The same call our poppler engine makes (`-raw`), on a file. */
function pdftotext(file) {
  return new Promise((resolve, reject) => {
    const child = spawn('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const out = [];
    child.stdout.on('data', (d) => out.push(d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(out).toString('utf8')) : reject(new Error(`pdftotext ${file}: exit ${code}`))));
  });
}

/** CPU seconds of this process (all threads) and of its waited-for children (Linux). */
function cpuSeconds() {
  const own = process.cpuUsage();
  let children = 0;
  try {
    // Fields after the command name: state is field 3; cutime and cstime are fields 16 and 17.
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    children = (Number(fields[13]) + Number(fields[14])) / 100; // clock ticks (USER_HZ, 100 on Linux)
  } catch {
    return null;
  }
  return (own.user + own.system) / 1e6 + children;
}

/** Adds wall-clock and CPU-based throughput to a measure of `n` letters. */
function rates(n, seconds, cpu, cores) {
  return { seconds, perSecond: n / seconds, cpuSeconds: cpu, cpuPerSecond: cpu ? (n / cpu) * cores : null };
}

async function bare(engine, files, cores) {
  const counter = new SharedArrayBuffer(4);
  const cpu0 = cpuSeconds();
  const started = performance.now();
  const workers = Array.from({ length: cores }, () => new Worker(new URL(import.meta.url), { workerData: { files, engine, counter } }));
  await Promise.all(workers.map((w) => new Promise((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
  })));
  const seconds = (performance.now() - started) / 1000;
  const cpu1 = cpuSeconds();
  await Promise.all(workers.map((w) => w.terminate()));
  return rates(files.length, seconds, cpu0 === null ? null : cpu1 - cpu0, cores);
}

// ---------------------------------------------------------------------------------------------

function args() {
  const o = { n: 2000, cores: availableParallelism(), only: ['text', 'pdf', 'poppler'], repeat: 3, dir: path.join(ROOT, 'bench-out') };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=');
    const value = () => inline ?? argv[++i];
    if (flag === '--n') o.n = Number(value());
    else if (flag === '--cores') o.cores = Number(value());
    else if (flag === '--only') o.only = value().split(',');
    else if (flag === '--repeat') o.repeat = Number(value());
    else if (flag === '--dir') o.dir = path.resolve(value());
    else if (flag === '--help' || flag === '-h') {
      console.log('node scripts/bench.mjs [--n 2000] [--cores N] [--only text,pdf,poppler] [--repeat 3] [--dir bench-out]');
      process.exit(0);
    } else throw new Error(`unknown option ${argv[i]}`);
  }
  if (!(o.n > 0) || !(o.cores > 0) || !(o.repeat > 0)) throw new Error('--n, --cores and --repeat take positive numbers');
  return o;
}

/** Letters in folders of 1,000, as an archive would keep them. */
const letterPath = (dir, i, ext) => path.join(dir, `part-${String(Math.floor(i / 1000)).padStart(3, '0')}`, `letter-${String(i).padStart(6, '0')}.${ext}`);

async function buildCorpus(dir, n) {
  const marker = path.join(dir, 'complete.json');
  if (existsSync(marker) && JSON.parse(await readFile(marker, 'utf8')).n === n) return;
  await rm(dir, { recursive: true, force: true });
  const realDir = path.join(ROOT, 'samples', 'real');
  const sources = (await readdir(realDir)).filter((f) => f.endsWith('.pdf')).sort();
  const { PDFParse } = await import('pdf-parse');
  const pdfs = [];
  const texts = [];
  for (const name of sources) {
    const bytes = await readFile(path.join(realDir, name));
    const parser = new PDFParse({ data: new Uint8Array(bytes), verbosity: 0 });
    const result = await parser.getText();
    await parser.destroy();
    pdfs.push(bytes);
    // The text form: the text layer, pages separated by form feeds, as a text export would be.
    texts.push(result.pages.map((p) => p.text).join('\n\f'));
  }
  for (let i = 0; i < n; i++) {
    const k = i % sources.length;
    // Varied copies: every letter gets bytes (so an id) of its own.
    const caseNumber = `CM${String(16 + (i % 3)).padStart(2, '0')}-${String(1000000 + i).padStart(7, '0')}`;
    const text = texts[k].replace(/\bCM\d{2}-\d{5,8}\b/g, caseNumber);
    const pdf = Buffer.concat([pdfs[k], Buffer.from(`\n%imr-bench copy ${i}\n`)]);
    const t = letterPath(path.join(dir, 'text'), i, 'txt');
    const p = letterPath(path.join(dir, 'pdf'), i, 'pdf');
    if (i % 1000 === 0) {
      await mkdir(path.dirname(t), { recursive: true });
      await mkdir(path.dirname(p), { recursive: true });
    }
    await writeFile(t, text);
    await writeFile(p, pdf);
  }
  await writeFile(marker, JSON.stringify({ n }));
}

/** Runs `imr batch` into a fresh folder; wall time from start to exit, peak RSS from summary.json. */
async function batch(input, out, cores, engine) {
  await rm(out, { recursive: true, force: true });
  const cpu0 = cpuSeconds();
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'imr'), 'batch', input, '--out', out, '--quiet', '--concurrency', String(cores), '--pdf-engine', engine], { stdio: ['ignore', 'inherit', 'inherit'] });
  const code = await new Promise((resolve) => child.on('close', resolve));
  const seconds = (performance.now() - started) / 1000;
  const cpu1 = cpuSeconds();
  if (code !== 0) throw new Error(`imr batch ${input} exited with ${code}`);
  const summary = JSON.parse(await readFile(path.join(out, 'summary.json'), 'utf8'));
  return { ...rates(summary.records, seconds, cpu0 === null ? null : cpu1 - cpu0, cores), peakRssMB: summary.run.peakRssMB, records: summary.records, errors: summary.byStatus.error };
}

/**
 * The median of `repeat` runs by throughput (the machine may be shared: one disturbed run does
 * not decide), with the highest peak memory of them all.
 */
async function median(repeat, run) {
  const runs = [];
  for (let i = 0; i < repeat; i++) runs.push(await run());
  runs.sort((a, b) => a.perSecond - b.perSecond);
  const peak = Math.max(...runs.map((r) => r.peakRssMB ?? 0));
  return { ...runs[Math.floor((runs.length - 1) / 2)], peakRssMB: peak || undefined, runs: runs.length };
}

async function main() {
  const o = args();
  // The batch runs the compiled code: build it (a type error elsewhere still emits dist/).
  const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: ROOT, encoding: 'utf8' });
  if (tsc.status !== 0) console.error(`bench: tsc reported errors (dist/ was still emitted):\n${tsc.stdout.slice(0, 2000)}`);
  const wantsPoppler = o.only.includes('poppler');
  if (wantsPoppler && spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).error) {
    throw new Error('the poppler runs need pdftotext (apt-get install poppler-utils), or pass --only text,pdf');
  }
  const corpus = path.join(o.dir, `corpus-${o.n}`);
  console.log(`bench: ${o.n} letters, ${o.cores} core(s), node ${process.version}, median of ${o.repeat} run(s) each; corpus in ${path.relative(ROOT, corpus)}`);
  const t = performance.now();
  await buildCorpus(corpus, o.n);
  console.log(`bench: corpus ready in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const pdfFiles = [];
  for (let i = 0; i < o.n; i++) pdfFiles.push(letterPath(path.join(corpus, 'pdf'), i, 'pdf'));

  const results = { n: o.n, cores: o.cores, node: process.version, date: new Date().toISOString() };
  const runs = path.join(o.dir, `runs-${o.n}`);
  const fmt = (x) => (x === null || x === undefined ? '    n/a' : x.toFixed(1).padStart(7));
  const line = (label, r, unit, extra = '') => console.log(`${label.padEnd(24)} ${fmt(r.perSecond)} ${unit}/s wall   ${fmt(r.cpuPerSecond)} ${unit}/s by CPU${extra}`);
  const ratio = (ours, bare) => ({
    ratio: ours.perSecond / bare.perSecond,
    cpuRatio: ours.cpuPerSecond && bare.cpuPerSecond ? ours.cpuPerSecond / bare.cpuPerSecond : null,
  });
  const ratioText = (r) => `   ratio to bare ${r.ratio.toFixed(2)} wall, ${r.cpuRatio === null ? 'n/a' : r.cpuRatio.toFixed(2)} by CPU`;
  if (o.only.includes('text')) {
    results.text = await median(o.repeat, () => batch(path.join(corpus, 'text'), path.join(runs, 'text'), o.cores, 'pdf-parse'));
    line('text     imr batch', results.text, 'letters', `   peak ${results.text.peakRssMB} MB`);
  }
  if (o.only.includes('pdf')) {
    results.pdfParseBare = await median(o.repeat, () => bare('pdf-parse', pdfFiles, o.cores));
    line('pdf      pdf-parse bare', results.pdfParseBare, 'PDFs   ');
    results.pdf = await median(o.repeat, () => batch(path.join(corpus, 'pdf'), path.join(runs, 'pdf'), o.cores, 'pdf-parse'));
    Object.assign(results.pdf, ratio(results.pdf, results.pdfParseBare));
    line('pdf      imr batch', results.pdf, 'letters', `   peak ${results.pdf.peakRssMB} MB${ratioText(results.pdf)}`);
  }
  if (wantsPoppler) {
    results.popplerBare = await median(o.repeat, () => bare('poppler', pdfFiles, o.cores));
    line('poppler  pdftotext bare', results.popplerBare, 'PDFs   ');
    results.poppler = await median(o.repeat, () => batch(path.join(corpus, 'pdf'), path.join(runs, 'poppler'), o.cores, 'poppler'));
    Object.assign(results.poppler, ratio(results.poppler, results.popplerBare));
    line('poppler  imr batch', results.poppler, 'letters', `   peak ${results.poppler.peakRssMB} MB${ratioText(results.poppler)}`);
  }

  const goals = [];
  if (results.text) goals.push(['text letters >= 400/s (wall)', results.text.perSecond >= 400]);
  if (results.pdf) goals.push(['pdf-parse >= 0.8 of bare (wall)', results.pdf.ratio >= 0.8]);
  if (results.poppler) goals.push(['poppler >= 0.6 of bare (wall)', results.poppler.ratio >= 0.6]);
  const peaks = [results.text, results.pdf, results.poppler].filter(Boolean).map((r) => r.peakRssMB);
  if (peaks.length) goals.push([`peak memory < 400 MB (max ${Math.max(...peaks)} MB)`, Math.max(...peaks) < 400]);
  console.log('\ngoals:');
  for (const [goal, met] of goals) console.log(`  ${met ? 'met    ' : 'NOT MET'}  ${goal}`);
  results.goals = Object.fromEntries(goals);
  const file = path.join(o.dir, `bench-${o.n}.json`);
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nbench: results in ${path.relative(ROOT, file)}`);
}

// Last, once every declaration above is initialized: this file is also the bare engines' worker.
if (!isMainThread) await bareWorker();
else await main();
