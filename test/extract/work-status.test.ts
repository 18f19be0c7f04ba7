import { describe, expect, it } from 'vitest';
import { findWorkStatus } from '../../src/extract/work-status/work-status.js';
import { extractText, isErrorRecord, type DeterminationRecord } from '../../src/public/index.js';

/** The work status of a case-summary text. */
const status = (text: string) => findWorkStatus(text, [0, text.length], [[0, text.length]], 2017);
const statusOf = (text: string) => status(text)?.status ?? null;

describe('work status: phrasing families', () => {
  it('temporary total disability: spelled out, TTD, off work', () => {
    expect(statusOf('His work status is temporary total disability.')).toBe('temporary total disability');
    expect(statusOf('The injured worker is temporarily totally disabled.')).toBe('temporary total disability');
    expect(statusOf('The applicant was placed off of work, on total temporary disability.')).toBe('temporary total disability');
    expect(statusOf('The patient remains TTD.')).toBe('temporary total disability');
    expect(statusOf('The injured worker was placed off work through 12-12-2016.')).toBe('temporary total disability');
  });

  it('modified duty: modified or light duty, work or activity restrictions, restricted work status', () => {
    expect(statusOf('The injured worker is working modified duties.')).toBe('modified duty');
    expect(statusOf('Provider documentation dated 11-8-16 noted the work status as return to modified work.')).toBe('modified duty');
    expect(statusOf('Work status was modified.')).toBe('modified duty');
    expect(statusOf('Current work status: restricted.')).toBe('modified duty');
    expect(statusOf('She is on light duty.')).toBe('modified duty');
    expect(statusOf('The IW can return to work with restrictions.')).toBe('modified duty');
    expect(statusOf('He has activity restrictions including no heavy lifting and a desk job is recommended.')).toBe('modified duty');
  });

  it('full duty: full or regular duty, and a return to work with no duty level', () => {
    expect(statusOf('He was released to full duty.')).toBe('full duty');
    expect(statusOf('Work status was regular work on 01-05-2017.')).toBe('full duty');
    expect(statusOf('She can return to work as of 12-05-2016.')).toBe('full duty');
    expect(statusOf('He returned to work without restrictions.')).toBe('full duty');
  });

  it('permanent and stationary, temporary partial disability, not working, retired', () => {
    expect(statusOf('He has been declared permanent and stationary with provision for future medical care.')).toBe('permanent and stationary');
    expect(statusOf('He has reached maximum medical improvement.')).toBe('permanent and stationary');
    expect(statusOf('Her work status is temporary partial disability, with no keyboarding.')).toBe('temporary partial disability');
    expect(statusOf('The injured worker is currently not working.')).toBe('not working');
    expect(statusOf('The claimant is unemployed.')).toBe('not working');
    expect(statusOf('He is retired.')).toBe('retired');
  });

  it('gives the phrase as a mention of the text', () => {
    const text = 'The injured worker is a 48 year old male. Current work status is working with modified duties.';
    const ws = status(text)!;
    expect(ws).toMatchObject({ text: 'modified duties', status: 'modified duty' });
    expect(text.slice(ws.span[0], ws.span[1])).toBe(ws.text);
  });
});

describe('work status: the most recent date wins', () => {
  it('a return to regular work on a later date beats the modified duties before it', () => {
    const text = 'Treatments were noted to include: physical therapy; and modified work duties until the return to regular work duties on 1-17-2017. The progress report of 1-4-2017 reported that she had been working modified work duties.';
    expect(statusOf(text)).toBe('full duty');
  });

  it('a status dated later in the letter wins, whatever its place in the text', () => {
    expect(statusOf('On 12/1/2016 he was returned to modified duty. On 11/1/2016 he was placed on temporary total disability.')).toBe('modified duty');
  });

  it('on the same date, the later statement wins ("has since returned to modified duty")', () => {
    expect(statusOf('A note dated May 6, 2014 was reviewed. She was kept off work on temporary total disability for six weeks after the injury and has since returned to modified duty.'))
      .toBe('modified duty');
    expect(statusOf('He was initially returned to modified duty; however, his employer could not accommodate the restrictions, and he has remained on temporary total disability since May 2015.'))
      .toBe('temporary total disability');
  });

  it('a status that ends on a date gives way to one that starts that day', () => {
    expect(statusOf('He was temporarily totally disabled until 12/1/2016 and then returned to modified duty.')).toBe('modified duty');
  });
});

describe('work status: what is not a status', () => {
  it('is null when the letter states none', () => {
    expect(status('Work status is not documented. The patient complains of neck pain.')).toBeNull();
    expect(status('The mechanism of injury is detailed as repetitive trauma from regular job duties.')).toBeNull();
    expect(status('The mechanism of injury was detailed as the patient was working on his knees.')).toBeNull();
    expect(status('He reports the medication is not working.')).toBeNull();
  });

  it('does not read a guideline in the rationale as the patient\'s status', async () => {
    const r = await extractText(`HOW THE IMR FINAL DETERMINATION WAS MADE
MAXIMUS Federal Services sent the complete case file to an expert reviewer.
CLINICAL CASE SUMMARY
The injured worker is a 40 year old female, who sustained an industrial injury on 1/2/2015. She complains of neck pain.
IMR ISSUES, DECISIONS AND RATIONALES
The Final Determination was based on decisions for the disputed items/services set forth below:
Physical therapy for the cervical spine; six sessions: Upheld
Claims Administrator guideline: Decision based on MTUS Chronic Pain Treatment Guidelines.
MAXIMUS guideline: Decision based on MTUS Chronic Pain Treatment Guidelines.
Decision rationale: Functional improvement means a reduction in work restrictions. The guidelines recommend therapy that allows a return to work. The request is not medically necessary.`);
    if (isErrorRecord(r)) throw new Error(r.error.message);
    expect((r as DeterminationRecord).workStatus).toBeNull();
  });
});

describe('work status: hostile input', () => {
  it('reads 200 KB of adversarial text in linear time', () => {
    const N = 200_000;
    const fill = (s: string) => s.repeat(Math.ceil(N / s.length)).slice(0, N);
    for (const text of [fill('off work 1/1/16 '), fill('TTD modified duty full duty 1/1/2016; '), fill('1-1-16 '), fill('\n'), fill('restrictions '), fill('He remains off work. ')]) {
      const t = performance.now();
      status(text);
      expect(performance.now() - t).toBeLessThan(3000);
    }
  });
});
