import { describe, expect, it } from 'vitest';
import { findEvents } from '../../src/extract/events/events.js';
import { datesIn, sentencesIn } from '../../src/extract/events/text.js';
import { extractText, isErrorRecord, type DeterminationRecord } from '../../src/public/index.js';

/** Events of a case-summary text, with its injury date. */
const events = (text: string, injury: string | null = null) =>
  findEvents(text, [[0, text.length]], { injury: [injury], latestYear: 2017 });
const datesOf = (text: string, injury: string | null = null) => events(text, injury).map((e) => e.date);

describe('events: phrasing families and date forms', () => {
  it('a note, report or exam dated ..., in any date form', () => {
    expect(datesOf('Physician progress notes dated 10-25-16, reported the injured worker presented with foot pain.')).toEqual(['2016-10-25']);
    expect(datesOf('According to the clinical note dated 11/14/2016, the patient presented for evaluation.')).toEqual(['2016-11-14']);
    expect(datesOf('According to progress note of December 2, 2016, the chief complaint was low back pain.')).toEqual(['2016-12-02']);
    expect(datesOf('Objective findings (11-30-2016) included tenderness to palpation.')).toEqual(['2016-11-30']);
    expect(datesOf('As of the PR2 dated 12-27-16, the injured worker reports abdominal pain.')).toEqual(['2016-12-27']);
  });

  it('a sentence opened by its date ("On December 1, 2016, the injured worker complained of ...")', () => {
    const text = 'On December 1, 2016, the injured worker complained of right shoulder pain.';
    const [e] = events(text);
    expect(e).toMatchObject({ date: '2016-12-01', text: 'December 1, 2016' });
    expect(e!.finding).toBe('right shoulder pain');
    expect(text.slice(e!.span[0], e!.span[1])).toBe(e!.text);
    expect(datesOf('On 11-1-16 and 11-7-16, the injured worker complained of low back pain.')).toEqual(['2016-11-01', '2016-11-07']);
  });

  it('imaging, procedures and test results with their dates', () => {
    expect(datesOf('A CT of the thoracic spine, dated 10/28/2016, revealed unremarkable findings.')).toEqual(['2016-10-28']);
    expect(datesOf('Treatments were noted to include: diagnostics; lumbar CT (3-21-13); physical therapy.')).toEqual(['2013-03-21']);
    expect(datesOf('The surgical history included a pelvic ORIF on 10/31/2016, and a traction pin placement on 10/28/2016 followed by removal on 11/01/2016.', '2016-10-28'))
      .toEqual(['2016-10-31', '2016-11-01']);
  });

  it('both ends of a range of reports, a clinical head that outranks an administrative word, a note cited in the rationale', () => {
    expect(datesOf('The medical records included 7 physical therapy reports dated 11-15-2016 to 12-08-2016.')).toEqual(['2016-11-15', '2016-12-08']);
    expect(datesOf('The physical therapy report reviewed by Utilization Review (UR) was dated 12-01-2016.')).toEqual(['2016-12-01']);
    expect(datesOf('The progress report, and request for authorization, of 1-4-2017 reported numbness.')).toEqual(['2017-01-04']);
    expect(datesOf('The claimant has undergone 8 sessions of physical therapy which were not beneficial (1/5/17 note).')).toEqual(['2017-01-05']);
  });

  it('reads the PDF text layer\'s stray spaces in dates, but not a pain range over a scale', () => {
    expect(datesOf('On 11-15- 2016 (Neurology), the injured worker was seen for evaluation.')).toEqual(['2016-11-15']);
    expect(datesIn('neck pain of 6-7/10 with tingling; flare-ups reaching 8-9/10').map((d) => d.iso)).toEqual([]);
  });

  it('one event per date: the first finding stated for it', () => {
    const list = events('The documentation on 11-21-16 noted low back pain. The physical exam (11-21-16) revealed guarding.');
    expect(list).toHaveLength(1);
    expect(list[0]!.finding).toBe('low back pain');
  });
});

describe('events: what is not an event', () => {
  it('not the injury date, even for a visit or imaging on that day', () => {
    expect(datesOf('The injured worker sustained an industrial injury on 10-13-16. X-ray of the right shoulder on 10-13-16 revealed tendinopathy.', '2016-10-13')).toEqual([]);
    expect(datesOf('The applicant has a claim for low back pain associated with an industrial injury of October 10, 2015.')).toEqual([]);
  });

  it('not utilization review, IMR, requests, approvals or prescription dates', () => {
    expect(datesOf('The original utilization review (11-22-16) denied a request for MRI.')).toEqual([]);
    expect(datesOf('On 11-3-16, utilization review determined the MRI was not medically necessary.')).toEqual([]);
    expect(datesOf('A Request for Authorization dated 11/10/2016 was provided.')).toEqual([]);
    expect(datesOf('On 11-17-2016, the Request for Authorization requested chiropractic treatment.')).toEqual([]);
    expect(datesOf('The approval was on 11/23/2016 and the treatment was modified on 12/13/2016.')).toEqual([]);
    expect(datesOf('The request for Diazepam tab 5 mg quantity 10 Rx date 11-17-2016 was non-certified.')).toEqual([]);
    expect(datesOf('In a utilization review report dated November 15, 2016, the claims administrator failed to approve the injections.')).toEqual([]);
  });

  it('not return-to-work or end dates, guideline editions or legal correspondence', () => {
    expect(datesOf('She can return to work as of 12-05-2016.')).toEqual([]);
    expect(datesOf('The injured worker was placed off work through 12-12-2016.')).toEqual([]);
    expect(datesOf('As noted on page 82 of the MTUS Chronic Pain Medical Treatment Guidelines (July 28, 2016), facet blocks are not recommended.')).toEqual([]);
    expect(datesOf('On 11-03-2016 a note by the Esquire indicates that a consultation be performed.')).toEqual([]);
  });

  it('not a month without a day', () => {
    expect(datesOf('There was a prior lumbar MRI in 03/2016. A 12/2016 progress note was reviewed.')).toEqual([]);
  });
});

describe('events in a record', () => {
  it('fills events from the case summary and the rationale, not from the header', async () => {
    const r = await extractText(`Case Number: CM15-0000001
Date Assigned: 08/24/2015 Date of Injury: 02/09/2015
Decision Date: 09/29/2015 UR Denial Date: 08/11/2015
HOW THE IMR FINAL DETERMINATION WAS MADE
MAXIMUS Federal Services sent the complete case file to an expert reviewer.
CLINICAL CASE SUMMARY
The injured worker is a 46 year old male, who sustained an industrial injury on February 9, 2015. An MRI of the right knee dated 04/02/2015 revealed a meniscal tear. At the visit of July 23, 2015, he rated his pain at 5/10. On 08/11/2015, utilization review non-certified the request.
IMR ISSUES, DECISIONS AND RATIONALES
The Final Determination was based on decisions for the disputed items/services set forth below:
Right knee arthroscopy: Overturned
Claims Administrator guideline: Decision based on MTUS ACOEM Knee Complaints.
MAXIMUS guideline: Decision based on MTUS ACOEM Knee Complaints.
Decision rationale: A progress report dated 08/04/2015 documents joint line tenderness. The request is medically necessary.`);
    if (isErrorRecord(r)) throw new Error(r.error.message);
    const rec = r as DeterminationRecord;
    expect(rec.events.map((e) => e.date)).toEqual(['2015-04-02', '2015-07-23', '2015-08-04']);
    for (const e of rec.events) expect(rec.text!.slice(e.span[0], e.span[1])).toBe(e.text);
  });
});

describe('events: hostile input', () => {
  it('reads 200 KB of adversarial text in linear time', () => {
    const N = 200_000;
    const fill = (s: string) => s.repeat(Math.ceil(N / s.length)).slice(0, N);
    for (const text of [fill('1-1-16 '), fill('On 1/2/2016 the patient reported '), fill('\n'), fill('1-'), fill('progress note dated ')]) {
      const t = performance.now();
      events(text);
      sentencesIn(text);
      expect(performance.now() - t).toBeLessThan(3000);
    }
  });
});
