/** Placeholder until the clinical-entities issue: leaves its fields empty, never guessed. */
import type { Stage } from '../../pipeline/stage.js';

export const workStatusStage: Stage = {
  name: 'work-status',
  requires: ['sections'],
  provides: ['clinical'],
  run() {},
};
