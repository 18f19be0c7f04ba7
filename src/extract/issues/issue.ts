import type { Issue, Mention } from '../../schema/record.js';

/** An issue with what the layout readers know; the details (category, parts, counts) come later. */
export function newIssue(service: Mention, decision: Issue['decision']): Issue {
  return {
    service, category: 'other', bodyParts: [], quantity: null, frequency: null, duration: null, medication: null,
    decision, medicallyNecessary: null, guidelines: [], reviewerUsedMtus: null, rationale: null,
  };
}
