import type { Stage } from '../../pipeline/stage.js';
export const issuesStage: Stage = { name: 'issues', requires: ['sections'], provides: ['structure'], run() {} };
