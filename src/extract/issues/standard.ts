/**
 * Disputed items of the standard layout: each `<item>: Upheld|Overturned` line, then the claims
 * administrator's guideline line, the reviewer's (MAXIMUS) guideline line and the decision
 * rationale, up to the next item.
 *
 * The item line is found from its decision backwards, to the start of its line or the end of
 * the sentence before it (normalization may have joined it to the previous rationale). A partly
 * certified item ("X was the original request ... the remaining IMR eligible portion of the
 * original request, Z is: Upheld") is the final phrase Z.
 */
import { mention, type Doc } from '../../pipeline/document.js';
import type { Issue, Section } from '../../schema/record.js';
import phrases from '../../lexicons/guideline-phrases.json' with { type: 'json' };
import { citationsIn, REVIEWER_NOT_MTUS } from './guidelines.js';
import { necessityOf } from './conclusion.js';
import { newIssue } from './issue.js';

const DECISION = /:[ \t]*\n?[ \t]*(Upheld|Overturned)[ \t]*(?=\n|$)/gi;
const SENTENCE_BOUNDARY = /[.!?]["')]?\s+(?=[A-Z0-9"(])/g;
const REMAINING_PORTION = /\boriginal request,\s+/gi;
const CLAIMS = new RegExp(phrases.claimsLine, 'im');
const REVIEWER = new RegExp(phrases.reviewerLine, 'im');
const RATIONALE = new RegExp(phrases.rationaleLine, 'im');
const NO_CITATION = new RegExp(phrases.noCitation, 'i');

interface ItemHead {
  start: number; // of the service text
  end: number; // of the service text
  after: number; // just after the decision word
  decision: 'upheld' | 'overturned';
}

function findItemHeads(text: string, from: number, to: number): ItemHead[] {
  const body = text.slice(from, to);
  const heads: ItemHead[] = [];
  for (const m of body.matchAll(DECISION)) {
    const colon = from + m.index;
    const lineStart = text.lastIndexOf('\n', colon - 1) + 1;
    let start = Math.max(lineStart, from);
    const line = text.slice(start, colon);
    // The item begins after the last finished sentence on its line...
    let cut = 0;
    for (const b of line.matchAll(SENTENCE_BOUNDARY)) cut = b.index + b[0].length;
    // ...or, for a partly certified item, after "the original request,".
    for (const r of line.matchAll(REMAINING_PORTION)) cut = Math.max(cut, r.index + r[0].length);
    start += cut;
    let end = colon;
    // "... the original request, Z is: Upheld": the item is Z.
    const tail = /\s+is$/i.exec(text.slice(start, end));
    if (tail && /\boriginal request,/i.test(line)) end -= tail[0].length;
    heads.push({ start, end, after: from + m.index + m[0].length, decision: m[1]!.toLowerCase() as ItemHead['decision'] });
  }
  return heads;
}

/** Where a label line starts inside [from, to), or -1. */
function labelAt(text: string, from: number, to: number, re: RegExp): { start: number; end: number } | null {
  const m = re.exec(text.slice(from, to));
  return m ? { start: from + m.index, end: from + m.index + m[0].length } : null;
}

export function standardIssues(doc: Doc, issues: Section): Issue[] {
  const { text } = doc;
  const [from, to] = issues.span;
  const heads = findItemHeads(text, from, to);
  return heads.map((head, i) => {
    const blockEnd = i + 1 < heads.length ? heads[i + 1]!.start : to;
    const issue = newIssue(mention(text, head.start, head.end)!, head.decision);
    const claims = labelAt(text, head.after, blockEnd, CLAIMS);
    const reviewer = labelAt(text, head.after, blockEnd, REVIEWER);
    const rationale = labelAt(text, head.after, blockEnd, RATIONALE);
    const endOf = (label: { start: number } | null, ...next: ({ start: number } | null)[]) =>
      Math.min(...next.filter((n): n is { start: number } => !!n && !!label && n.start > label.start).map((n) => n.start), blockEnd);
    if (claims) {
      const e = endOf(claims, reviewer, rationale);
      if (!NO_CITATION.test(text.slice(claims.end, e)) || /Decision based on/i.test(text.slice(claims.end, e))) {
        issue.guidelines.push(...citationsIn(text, claims.end, e, 'claims administrator'));
      }
    }
    if (reviewer) {
      const e = endOf(reviewer, rationale);
      const line = text.slice(reviewer.end, e);
      const cited = citationsIn(text, reviewer.end, e, 'reviewer');
      issue.guidelines.push(...cited);
      issue.reviewerUsedMtus = REVIEWER_NOT_MTUS.test(line) ? false : cited.some((g) => g.source === 'MTUS') ? true : null;
    }
    if (rationale) issue.rationale = mention(text, rationale.end, blockEnd);
    issue.medicallyNecessary = necessityOf(issue.decision, issue.rationale?.text ?? null);
    return issue;
  });
}
