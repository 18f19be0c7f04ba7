/**
 * Builds a runnable pipeline from a definition (pipelines/*.json): checks that every stage
 * exists and that each one's requirements are provided by an earlier stage, then runs a
 * document through the stages in order. A failure inside a stage becomes an error record that
 * names the stage; an ImrError keeps its own code.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { ImrError, type Doc } from './document.js';
import type { Capability, Stage, StageOptions } from './stage.js';
import { STAGES } from './registry.js';

export interface PipelineDefinition {
  name: string;
  description?: string;
  stages: string[];
}

export interface Pipeline {
  readonly definition: PipelineDefinition;
  readonly stages: readonly Stage[];
  run(doc: Doc, options?: StageOptions): Promise<Doc>;
}

/** Folder of the bundled definitions (pipelines/ at the package root, from src/ or dist/src/). */
export function pipelinesDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'pipelines');
    try {
      readFileSync(path.join(candidate, 'default.json'));
      return candidate;
    } catch {
      dir = path.dirname(dir);
    }
  }
  throw new Error('cannot find the pipelines/ folder of the imr package');
}

/** Reads a definition by bundled name (`default`) or by path to a JSON file. */
export function loadDefinition(nameOrPath = 'default'): PipelineDefinition {
  const file = nameOrPath.endsWith('.json') ? nameOrPath : path.join(pipelinesDir(), `${nameOrPath}.json`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read pipeline definition ${file}: ${(e as Error).message}`);
  }
  const def = parsed as PipelineDefinition;
  if (!def || typeof def.name !== 'string' || !Array.isArray(def.stages)) {
    throw new Error(`pipeline definition ${file} needs a "name" and a "stages" list`);
  }
  return def;
}

/** Builds a pipeline; `extraStages` lets a library user add stages of their own by name. */
export function buildPipeline(definition: PipelineDefinition, extraStages: Record<string, Stage> = {}): Pipeline {
  const provided = new Set<Capability>(['bytes']);
  const stages = definition.stages.map((name) => {
    const stage = extraStages[name] ?? STAGES[name];
    if (!stage) {
      throw new Error(`pipeline "${definition.name}": unknown stage "${name}" (known: ${[...Object.keys(STAGES), ...Object.keys(extraStages)].join(', ')})`);
    }
    const missing = stage.requires.filter((c) => !provided.has(c));
    if (missing.length) {
      throw new Error(`pipeline "${definition.name}": stage "${name}" requires ${missing.join(', ')}, which no earlier stage provides`);
    }
    stage.provides.forEach((c) => provided.add(c));
    return stage;
  });
  return Object.freeze({
    definition,
    stages,
    async run(doc: Doc, options: StageOptions = {}) {
      for (const stage of stages) {
        try {
          await stage.run(doc, options);
        } catch (e) {
          if (e instanceof ImrError) throw e;
          throw new ImrError('internal', `stage "${stage.name}" failed: ${(e as Error)?.message ?? String(e)}`);
        }
      }
      return doc;
    },
  });
}
