import { describe, expect, it } from 'vitest';
import { extractText, isErrorRecord, type DeterminationRecord } from '../../src/public/index.js';
import { citationsIn } from '../../src/extract/issues/guidelines.js';
import { medicallyNecessary } from '../../src/extract/issues/conclusion.js';

const letter = (items: string) => `HOW THE IMR FINAL DETERMINATION WAS MADE
MAXIMUS Federal Services sent the complete case file to an expert reviewer.
The Expert Reviewer has the following credentials:
State(s) of Licensure: California
Certification(s)/Specialty: Orthopedic Surgery
CLINICAL CASE SUMMARY
The injured worker is a 40 year old female, who sustained an industrial injury on 1/2/2015.
IMR ISSUES, DECISIONS AND RATIONALES
The Final Determination was based on decisions for the disputed items/services set forth below:
${items}`;

async function issuesOf(items: string) {
  const r = await extractText(letter(items));
  if (isErrorRecord(r)) throw new Error(r.error.message);
  return (r as DeterminationRecord).issues;
}

describe('standard layout issues', () => {
  it('reads an item whose name wraps over two lines, with both guideline lines and the rationale', async () => {
    const [issue] = await issuesOf(`Post-op physical therapy 2 times a week for 4
weeks: Upheld
Claims Administrator guideline: Decision based on MTUS Postsurgical Treatment 2009.
MAXIMUS guideline: Decision based on MTUS Postsurgical Treatment 2009, Section(s): Shoulder.
Decision rationale: Guidelines allow 24 visits. The request is not medically necessary.`);
    expect(issue!.service.text).toBe('Post-op physical therapy 2 times a week for 4 weeks');
    expect(issue!.decision).toBe('upheld');
    expect(issue!.medicallyNecessary).toBe(false);
    expect(issue!.reviewerUsedMtus).toBe(true);
    expect(issue!.guidelines.map((g) => [g.citedBy, g.source, g.text])).toEqual([
      ['claims administrator', 'MTUS', 'MTUS Postsurgical Treatment 2009'],
      ['reviewer', 'MTUS', 'MTUS Postsurgical Treatment 2009, Section(s): Shoulder'],
    ]);
    expect(issue!.rationale!.text).toMatch(/^Guidelines allow 24 visits\. The request is not medically necessary$/);
  });

  it('reads a partly certified item as its remaining portion, and an item after a rationale', async () => {
    const issues = await issuesOf(`MRI of the lumbar spine: Overturned
Claims Administrator guideline: The Claims Administrator did not cite any medical evidence for its decision.
MAXIMUS guideline: The Expert Reviewer did not base their decision on the MTUS. Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) (1) Low Back, MRI. (2) Preface, Imaging.
Decision rationale: Red flags are documented. The request is medically necessary.
Chiropractic manipulation times 12 was the original request. Chiropractic manipulation
times 6 was authorized by the Claims Administrator. The remaining IMR eligible portion of the
original request, Chiropractic manipulation times 6 is: Upheld
Claims Administrator guideline: Decision based on MTUS Manual Therapy.
MAXIMUS guideline: The Expert Reviewer based their decision on recommendation(s) outside of the MTUS Guidelines. Decision based on Non-MTUS Citation ODG Low Back.
Decision rationale: No functional improvement is documented. The request is not medically necessary.`);
    expect(issues.map((i) => [i.service.text, i.decision, i.medicallyNecessary, i.reviewerUsedMtus])).toEqual([
      ['MRI of the lumbar spine', 'overturned', true, false],
      ['Chiropractic manipulation times 6', 'upheld', false, false],
    ]);
    // "did not cite" gives no guideline; numbered sub-items are one guideline each.
    expect(issues[0]!.guidelines.map((g) => [g.citedBy, g.source, g.text])).toEqual([
      ['reviewer', 'ODG', 'Official Disability Guidelines (ODG) (1) Low Back, MRI'],
      ['reviewer', 'ODG', 'Preface, Imaging'],
    ]);
  });

  it('reads a decision word that fell onto its own line', async () => {
    const issues = await issuesOf(`Flurbiprofen 20%/Lidocaine 5% cream, 120 grams:
Upheld
MAXIMUS guideline: Decision based on MTUS Topical Analgesics.
Decision rationale: Not recommended. The request is not medically necessary.`);
    expect(issues.map((i) => [i.service.text, i.decision])).toEqual([['Flurbiprofen 20%/Lidocaine 5% cream, 120 grams', 'upheld']]);
  });
});

describe('guidelines and conclusions', () => {
  it('splits a line into one guideline per "Decision based on" sentence', () => {
    const line = 'Decision based on MTUS ACOEM Knee Complaints, Chapter 13. Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Knee & Leg, Meniscectomy.';
    expect(citationsIn(line, 0, line.length, 'claims administrator').map((g) => [g.text, g.source])).toEqual([
      ['MTUS ACOEM Knee Complaints, Chapter 13', 'MTUS'],
      ['Official Disability Guidelines (ODG), Knee & Leg, Meniscectomy', 'ODG'],
    ]);
  });

  it('takes the last necessity statement of the rationale', () => {
    expect(medicallyNecessary('The request for X is medically necessary per some. However, the request is not medically necessary.')).toBe(false);
    expect(medicallyNecessary('The request is determined to not be medically necessary.')).toBe(false);
    expect(medicallyNecessary('the request is not-medically necessary.')).toBe(false);
    expect(medicallyNecessary('Therefore, the request is medically necessary and appropriate.')).toBe(true);
    expect(medicallyNecessary('No conclusion here.')).toBeNull();
  });

  // Catastrophic backtracking would hang here; the per-test timeout turns that into a failure.
  it('stays linear on hostile item text', async () => {
    const hostile = `${'word. '.repeat(40_000)}x: Upheld\n${'Decision based on '.repeat(20_000)}\n${'(1) '.repeat(20_000)}`;
    const issues = await issuesOf(hostile);
    expect(issues).toHaveLength(1);
  }, 15_000);
});
