/**
 * The library API: extract a record from a file, a buffer or a string, with the default
 * pipeline or one of your own. The CLI is built on these functions alone.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { ImrError, newDoc, type Doc } from '../pipeline/document.js';
import { buildPipeline, loadDefinition, type Pipeline, type PipelineDefinition } from '../pipeline/pipeline.js';
import type { StageOptions } from '../pipeline/stage.js';
import { toRecord, errorRecord } from '../pipeline/emit.js';
import { sniffKind } from '../ingest/ingest.js';
import type { OutputRecord, Source } from '../schema/record.js';

export * from '../schema/record.js';
export type { Doc } from '../pipeline/document.js';
export type { Pipeline, PipelineDefinition } from '../pipeline/pipeline.js';
export type { Stage, StageOptions } from '../pipeline/stage.js';
export { buildPipeline, loadDefinition } from '../pipeline/pipeline.js';

export interface ExtractOptions extends StageOptions {
  /** A pipeline built with buildPipeline, or a definition name/path; default: `default`. */
  pipeline?: Pipeline | string;
  /** Keep the normalized text in the record (default true). Spans are kept either way. */
  includeText?: boolean;
}

const pipelines = new Map<string, Pipeline>();
function resolvePipeline(p: Pipeline | string | undefined): Pipeline {
  if (p && typeof p !== 'string') return p;
  const key = p ?? 'default';
  let pipeline = pipelines.get(key);
  if (!pipeline) {
    pipeline = buildPipeline(loadDefinition(key));
    pipelines.set(key, pipeline);
  }
  return pipeline;
}

/** sha256 (hex) of the source bytes: the record's stable id. */
export function recordId(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Runs a document's bytes through the pipeline; never throws: failures are error records. */
export async function extractBuffer(bytes: Uint8Array, sourcePath = '<buffer>', options: ExtractOptions = {}): Promise<OutputRecord> {
  const source: Source = { path: sourcePath, kind: sniffKind(bytes, sourcePath), bytes: bytes.byteLength, pages: null };
  const doc: Doc = newDoc(recordId(bytes), source, bytes);
  try {
    await resolvePipeline(options.pipeline).run(doc, options);
    return toRecord(doc, options.includeText ?? true);
  } catch (e) {
    const err = e instanceof ImrError ? e : new ImrError('internal', (e as Error)?.message ?? String(e));
    return errorRecord(doc, err);
  }
}

/** Extracts the record of a letter given as a string (treated as a text file's content). */
export function extractText(text: string, sourcePath = '<string>', options: ExtractOptions = {}): Promise<OutputRecord> {
  return extractBuffer(Buffer.from(text, 'utf8'), sourcePath, options);
}

/** Reads a file (text or PDF, told apart by its bytes) and extracts its record. */
export async function extractFile(filePath: string, options: ExtractOptions = {}): Promise<OutputRecord> {
  let bytes: Uint8Array;
  try {
    const info = await stat(filePath);
    if (!info.isFile()) throw new Error('not a regular file');
    bytes = await readFile(filePath);
  } catch (e) {
    const doc = newDoc(recordId(Buffer.alloc(0)), { path: filePath, kind: 'text', bytes: 0, pages: null }, null);
    return errorRecord(doc, new ImrError('unreadable', `cannot read ${filePath}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`));
  }
  return extractBuffer(bytes, filePath, options);
}
