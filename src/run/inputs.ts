/**
 * Input expansion for `imr batch`: each argument is a file (taken as is), a folder (walked
 * recursively, letters picked by extension), a glob (files picked by extension too), or `-` (a
 * list of paths on stdin, one a line, taken as is). Paths are produced one at a time, folders in name order, so that a run over a huge
 * archive never lists it in memory and two runs over the same tree see the same order.
 */
import { lstat, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { expandBraces, hasMagic, matchSegments, splitPattern } from './glob.js';

export interface InputOptions {
  /** Extensions (lower case, no dot) of the files taken from folders: `pdf`, `txt`. */
  extensions: string[];
  /** Folders never walked into (the run's own output folder). */
  exclude: string[];
  /** Where `-` reads its list of paths. */
  stdin: NodeJS.ReadableStream;
  /** Told about a glob that matched nothing, or a folder that could not be listed. */
  warn: (message: string) => void;
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** The arguments that name nothing (neither an existing path nor a pattern): the run cannot start. */
export async function missingInputs(inputs: string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const input of inputs) {
    if (input === '-' || hasMagic(input)) continue;
    try {
      await stat(input);
    } catch {
      missing.push(input);
    }
  }
  return missing;
}

/** Every input letter's path, in argument order. */
export async function* expandInputs(inputs: string[], options: InputOptions): AsyncGenerator<string> {
  const exclude = new Set(options.exclude.map((p) => path.resolve(p)));
  const extensions = new Set(options.extensions.map((e) => e.toLowerCase().replace(/^\./, '')));
  const isLetter = (name: string) => extensions.has(path.extname(name).slice(1).toLowerCase());
  for (const input of inputs) {
    if (input === '-') {
      for await (const line of createInterface({ input: options.stdin, crlfDelay: Infinity })) {
        const p = line.trim();
        if (p) yield* expandPath(p, isLetter, exclude, options.warn, true);
      }
    } else if (hasMagic(input)) {
      let matched = false;
      for (const alternative of expandBraces(input)) {
        for await (const p of expandGlob(alternative, isLetter, exclude, options.warn)) {
          matched = true;
          yield p;
        }
      }
      if (!matched) options.warn(`${input} matches no file`);
    } else {
      yield* expandPath(input, isLetter, exclude, options.warn, true);
    }
  }
}

/**
 * A path: a folder is walked; a file is a letter when named explicitly, or when its extension
 * says so inside a folder. A path that cannot be read at all is still yielded (explicit), so
 * that it gets its error record instead of vanishing from the run.
 */
async function* expandPath(
  p: string, isLetter: (name: string) => boolean, exclude: Set<string>, warn: (m: string) => void, explicit: boolean,
): AsyncGenerator<string> {
  let info;
  try {
    info = await stat(p);
  } catch {
    if (explicit) yield p;
    return;
  }
  if (info.isDirectory()) yield* walk(p, isLetter, exclude, warn);
  else if (explicit || isLetter(p)) yield p;
}

/** Walks a folder depth first in name order; symbolic links to folders are not followed (no cycles). */
async function* walk(dir: string, isLetter: (name: string) => boolean, exclude: Set<string>, warn: (m: string) => void): AsyncGenerator<string> {
  if (exclude.has(path.resolve(dir))) return;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    warn(`cannot list ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return;
  }
  for (const entry of entries.sort(byName)) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(p, isLetter, exclude, warn);
    else if (entry.isFile() || entry.isSymbolicLink()) {
      if (!isLetter(entry.name)) continue;
      if (entry.isSymbolicLink()) {
        const target = await stat(p).catch(() => null);
        if (!target?.isFile()) continue;
      }
      yield p;
    }
  }
}

/** The files (and the letters of the folders) a glob matches, walking from its plain leading folder. */
async function* expandGlob(pattern: string, isLetter: (name: string) => boolean, exclude: Set<string>, warn: (m: string) => void): AsyncGenerator<string> {
  const { base, segments } = splitPattern(pattern);
  if (!hasMagic(pattern)) {
    // A brace alternative without wildcards is a plain path that may or may not exist.
    if (await lstat(pattern).catch(() => null)) yield* expandPath(pattern, isLetter, exclude, warn, true);
    return;
  }
  const deep = segments.includes('**');
  async function* visit(dir: string, rel: string[]): AsyncGenerator<string> {
    if (exclude.has(path.resolve(dir))) return;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort(byName)) {
      const parts = [...rel, entry.name];
      const p = path.join(dir, entry.name);
      const isDir = entry.isDirectory() || (entry.isSymbolicLink() && (await stat(p).catch(() => null))?.isDirectory() === true);
      if (matchSegments(segments, parts)) {
        // A matched folder contributes its letters; matched files are picked by extension as
        // in a folder, so that `archive/*` skips the READMEs and gold files beside the letters.
        if (isDir) yield* walk(p, isLetter, exclude, warn);
        else if (isLetter(entry.name)) yield p;
      } else if (isDir && !entry.isSymbolicLink() && (deep || parts.length < segments.length)) {
        yield* visit(p, parts);
      }
    }
  }
  yield* visit(base, []);
}
