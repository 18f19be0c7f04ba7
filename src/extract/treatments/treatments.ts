/** Placeholder until the clinical-entities issue: leaves its fields empty, never guessed. */
import type { Stage } from '../../pipeline/stage.js';

export const treatmentsStage: Stage = {
  name: 'treatments',
  requires: ['sections'],
  provides: ['clinical'],
  run() {},
};
