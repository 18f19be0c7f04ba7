/**
 * Validate: the record about to be emitted must satisfy the zod schema and the span invariant.
 * A violation is a bug in an extractor, so it fails loudly (error code `internal`, naming the
 * field) rather than emitting a record whose figures cannot be traced to the letter.
 */
import { ImrError, type Doc } from '../pipeline/document.js';
import type { Stage } from '../pipeline/stage.js';
import { toRecord } from '../pipeline/emit.js';
import { DeterminationRecordSchema } from '../schema/record.js';
import { spanViolations } from './spans.js';
import { checkerOf } from './check.js';

/** The schema as a plain walk (see ./check.ts); zod itself judges a record the walk refuses. */
const fitsSchema = checkerOf(DeterminationRecordSchema);

export const validateStage: Stage = {
  name: 'validate',
  requires: ['sections'],
  provides: ['validated'],
  run(doc: Doc) {
    const record = toRecord(doc, true);
    if (!fitsSchema?.(record)) {
      const parsed = DeterminationRecordSchema.safeParse(record);
      if (!parsed.success) {
        const first = parsed.error.issues[0]!;
        throw new ImrError('internal', `the record breaks the schema at ${first.path.join('.')}: ${first.message}`);
      }
    }
    const bad = spanViolations(record, doc.text);
    if (bad.length) {
      throw new ImrError('internal', `span invariant broken at ${bad[0]!.path}: "${bad[0]!.text}" vs "${bad[0]!.actual}"`);
    }
  },
};
