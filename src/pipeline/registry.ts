/**
 * Every stage a pipeline definition (pipelines/*.json) may name, by name. Adding a stage means
 * writing its module and adding one line here.
 */
import type { Stage } from './stage.js';
import { ingestStage } from '../ingest/ingest.js';
import { normalizeStage } from '../ingest/normalize.js';
import { detectStage } from '../segment/detect.js';
import { segmentStage } from '../segment/segment.js';
import { headerStage } from '../extract/header/header.js';
import { reviewerStage } from '../extract/reviewer/reviewer.js';
import { patientStage } from '../extract/patient/patient.js';
import { issuesStage } from '../extract/issues/issues.js';
import { injuryStage } from '../extract/injury/injury.js';
import { diagnosesStage } from '../extract/diagnoses/diagnoses.js';
import { painScoresStage } from '../extract/pain/pain.js';
import { medicationsStage } from '../extract/medications/medications.js';
import { treatmentsStage } from '../extract/treatments/treatments.js';
import { workStatusStage } from '../extract/work-status/work-status.js';
import { eventsStage } from '../extract/events/events.js';
import { issueDetailsStage } from '../extract/issue-details/issue-details.js';
import { validateStage } from '../validate/validate.js';

export const STAGES: Record<string, Stage> = Object.fromEntries(
  [
    ingestStage, normalizeStage, detectStage, segmentStage, headerStage, reviewerStage, patientStage,
    issuesStage, injuryStage, diagnosesStage, painScoresStage, medicationsStage, treatmentsStage,
    workStatusStage, eventsStage, issueDetailsStage, validateStage,
  ].map((s) => [s.name, s]),
);
