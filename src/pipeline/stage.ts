/**
 * A stage: one job, a name, what it needs on the document and what it adds (as spaCy's
 * components declare `requires` / `assigns`), so that a pipeline definition can be checked
 * before any letter runs through it.
 */
import type { Doc } from './document.js';

/** What a stage can rely on / provide, in pipeline order. */
export type Capability =
  | 'bytes' | 'rawText' | 'text' | 'layout' | 'sections' | 'structure' | 'clinical' | 'validated';

export interface StageOptions {
  /** Which engine reads PDFs: the bundled pdf-parse, or poppler's pdftotext when installed. */
  pdfEngine?: 'pdf-parse' | 'poppler';
}

export interface Stage {
  name: string;
  requires: Capability[];
  provides: Capability[];
  run(doc: Doc, options: StageOptions): void | Promise<void>;
}
