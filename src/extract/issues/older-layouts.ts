/**
 * Disputed items of the two older layouts.
 *
 * maximus-letter (2013): numbered items stated as "1. <item> is (not) medically necessary and
 * appropriate.", each followed by "The Claims Administrator based its decision on ...", "The
 * Expert Reviewer based his/her decision on ..." and "Rationale for the Decision:".
 *
 * professional-review: the items under ISSUE(S) AT DISPUTE, the guidelines in the section of
 * guidelines relied upon, and the decision in the rationale section.
 */
import { mention, section, type Doc } from '../../pipeline/document.js';
import type { Guideline, Issue, Section } from '../../schema/record.js';
import phrases from '../../lexicons/guideline-phrases.json' with { type: 'json' };
import { guideline, guidelineSource, REVIEWER_NOT_MTUS } from './guidelines.js';
import { medicallyNecessary, necessityOf } from './conclusion.js';
import { newIssue } from './issue.js';

const NUMBERED_ITEM = /^\d{1,2}[.)]\s+(.+?)\s+(?:is|are)\s+(not\s+)?medically\s+necessary\b.*$/gim;
const PROSE_CLAIMS = new RegExp(phrases.proseClaims, 'i');
const PROSE_REVIEWER = new RegExp(phrases.proseReviewer, 'i');
const PROSE_RATIONALE = new RegExp(phrases.proseRationale, 'im');
// A prose citation ends at ", which are part of the MTUS" or at the end of its sentence.
const CITATION_END = /,\s*which\b|\.(?:\s|$)/i;

/** The guideline named after a "... based its decision on the" phrase inside [from, to). */
function proseCitation(text: string, from: number, to: number, re: RegExp, citedBy: Guideline['citedBy']) {
  const m = re.exec(text.slice(from, to));
  if (!m) return null;
  const start = from + m.index + m[0].length;
  const sentenceEnd = text.slice(start, to).search(/\.(?:\s|$)/);
  const stop = text.slice(start, to).search(CITATION_END);
  const end = stop < 0 ? to : start + stop;
  const sentence = text.slice(from + m.index, sentenceEnd < 0 ? to : start + sentenceEnd);
  return { guideline: guideline(text, start, end, citedBy), sentence };
}

export function maximusIssues(doc: Doc, issues: Section): Issue[] {
  const { text } = doc;
  const [from, to] = issues.span;
  const items = [...text.slice(from, to).matchAll(NUMBERED_ITEM)];
  return items.map((m, i) => {
    const itemStart = from + m.index;
    const serviceStart = itemStart + m[0].indexOf(m[1]!);
    const blockEnd = i + 1 < items.length ? from + items[i + 1]!.index : to;
    const after = itemStart + m[0].length;
    const issue = newIssue(mention(text, serviceStart, serviceStart + m[1]!.length)!, m[2] ? 'upheld' : 'overturned');
    const claims = proseCitation(text, after, blockEnd, PROSE_CLAIMS, 'claims administrator');
    if (claims?.guideline) issue.guidelines.push(claims.guideline);
    const reviewer = proseCitation(text, after, blockEnd, PROSE_REVIEWER, 'reviewer');
    if (reviewer?.guideline) issue.guidelines.push(reviewer.guideline);
    if (reviewer) {
      issue.reviewerUsedMtus = REVIEWER_NOT_MTUS.test(reviewer.sentence) ? false : guidelineSource(reviewer.sentence) === 'MTUS' ? true : null;
    }
    const r = PROSE_RATIONALE.exec(text.slice(after, blockEnd));
    if (r) issue.rationale = mention(text, after + r.index + r[0].length, blockEnd);
    issue.medicallyNecessary = necessityOf(issue.decision, issue.rationale?.text ?? null);
    return issue;
  });
}

const EXPLANATION = /\b(?:because|was used|were used|consulted|addresses|was chosen|were chosen|applies|apply)\b/i;
const LIST_MARK = /^(?:\d{1,2}[.)]|[-*])\s+/;

export function professionalIssues(doc: Doc, issues: Section): Issue[] {
  const { text } = doc;
  const bodyStart = text.indexOf('\n', issues.span[0]) + 1 || issues.span[1];
  const lines: { start: number; end: number }[] = [];
  let pos = bodyStart;
  for (const line of text.slice(bodyStart, issues.span[1]).split('\n')) {
    const mark = LIST_MARK.exec(line);
    const start = pos + (mark ? mark[0].length : 0);
    if (line.trim()) lines.push({ start, end: pos + line.length });
    pos += line.length + 1;
  }
  // The rationale section decides; its heading ("... IS/WAS NOT MEDICALLY NECESSARY") does not.
  const rationaleSection = section(doc, 'rationale');
  const rationale = rationaleSection
    ? mention(text, text.indexOf('\n', rationaleSection.span[0]) + 1 || rationaleSection.span[1], rationaleSection.span[1])
    : null;
  const explicit = rationale ? /\b(?:denial|decision)\s+(?:is|was|should be)\s+(upheld|overturned)\b/i.exec(rationale.text) : null;
  const necessary = medicallyNecessary(rationale?.text ?? null);
  const decision: Issue['decision'] = explicit
    ? (explicit[1]!.toLowerCase() as Issue['decision'])
    : necessary === null ? null : necessary ? 'overturned' : 'upheld';
  const guidelines = reliedUpon(doc);
  return lines.map(({ start, end }) => {
    const issue = newIssue(mention(text, start, end)!, decision);
    issue.guidelines = guidelines.map((g) => ({ ...g }));
    issue.reviewerUsedMtus = guidelines.length ? guidelines.some((g) => g.source === 'MTUS') : null;
    issue.rationale = rationale;
    issue.medicallyNecessary = necessityOf(decision, rationale?.text ?? null);
    return issue;
  });
}

/** Each sentence of the "guidelines relied upon" section that names a guideline (not the why). */
function reliedUpon(doc: Doc): Guideline[] {
  const other = doc.sections.find((s) => s.name === 'other' && /GUIDELINE/i.test(s.heading ?? ''));
  if (!other) return [];
  const { text } = doc;
  const bodyStart = text.indexOf('\n', other.span[0]) + 1 || other.span[1];
  const out: Guideline[] = [];
  let start = bodyStart;
  const body = text.slice(bodyStart, other.span[1]);
  const ends = [...body.matchAll(/\.(?=\s+[A-Z]|\s*$)/g)].map((m) => bodyStart + m.index);
  for (const end of ends) {
    const sentence = text.slice(start, end);
    if (guidelineSource(sentence) !== 'other' && !EXPLANATION.test(sentence)) {
      const g = guideline(text, start, end, 'reviewer');
      if (g) out.push(g);
    }
    start = end + 1;
  }
  return out;
}
