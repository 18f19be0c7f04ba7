/** Placeholder until the clinical-entities issue: leaves its fields empty, never guessed. */
import type { Stage } from '../../pipeline/stage.js';

export const injuryStage: Stage = {
  name: 'injury',
  requires: ['sections'],
  provides: ['clinical'],
  run() {},
};
