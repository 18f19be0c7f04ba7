/**
 * Issues: every disputed item with its decision, guidelines and rationale, read by the reader
 * of the letter's layout. Category, body parts and counts are the issue-details stage's job.
 */
import { section, type Doc } from '../../pipeline/document.js';
import type { Stage } from '../../pipeline/stage.js';
import { standardIssues } from './standard.js';
import { maximusIssues, professionalIssues } from './older-layouts.js';

const READERS = {
  'dwc-imr/standard': standardIssues,
  'dwc-imr/maximus-letter': maximusIssues,
  'dwc-imr/professional-review': professionalIssues,
} as const;

export const issuesStage: Stage = {
  name: 'issues',
  requires: ['sections'],
  provides: ['structure'],
  run(doc: Doc) {
    const where = section(doc, 'issues');
    const read = READERS[doc.layout as keyof typeof READERS];
    if (!where || !read) return;
    doc.fields.issues = read(doc, where);
    if (!doc.fields.issues.length) doc.warnings.push('no disputed item with a decision was found');
  },
};
