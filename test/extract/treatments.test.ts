import { describe, expect, it } from 'vitest';
import { findTreatments } from '../../src/extract/treatments/treatments.js';
import { extractText, isErrorRecord, type DeterminationRecord, type Treatment } from '../../src/public/index.js';

/** Treatments of a case-summary text (the whole text is read). */
const treatments = (text: string): Treatment[] => findTreatments(text, [[0, text.length]]);
const categories = (text: string) => treatments(text).map((t) => t.category);

function expectSpans(text: string, list: Treatment[]) {
  for (const t of list) expect(text.slice(t.span[0], t.span[1])).toBe(t.text);
}

describe('treatments to date: phrasing families', () => {
  it('reads a treatment-to-date list, one item per category, first mention kept', () => {
    const text = 'The injured worker is a 40 year old male. Treatment to date has included x-rays, physical therapy, a TENS unit, medications and home exercise program. Physical therapy was helpful.';
    const list = treatments(text);
    expect(list.map((t) => t.category)).toEqual(['imaging', 'physical_therapy', 'durable_medical_equipment', 'medication', 'other']);
    expect(list[1]!.text).toBe('physical therapy');
    expectSpans(text, list);
  });

  it('knows the other openings of a treatment list', () => {
    expect(categories('Prior relevant treatment has included activity modification, rest, medications, and office visits.'))
      .toEqual(['other', 'medication', 'consultation']);
    expect(categories('Treatments were noted to include: acupuncture treatments; medication management with urine drug screenings (UDS); and modified work duties.'))
      .toEqual(['acupuncture', 'medication', 'laboratory', 'other']);
    expect(categories('The patient had been treated with physical therapy and medication.')).toEqual(['physical_therapy', 'medication']);
    expect(categories('Past treatments consisted of chiropractic care.')).toEqual(['chiropractic']);
    expect(categories('The treatment and diagnostic testing to date has included:\nx-rays of the right foot, 4 sessions of physical therapy.'))
      .toEqual(['imaging', 'physical_therapy']);
  });

  it('keeps "and" inside one item unless both sides are services', () => {
    expect(categories('Treatment to date has included right hand and forearm splint.')).toEqual(['durable_medical_equipment']);
    expect(categories('Treatment has included acupuncture and chiropractic care.')).toEqual(['acupuncture', 'chiropractic']);
  });

  it('reads verbs of receiving: undergone, completed, prescribed, status post, taking, using', () => {
    expect(categories('He has undergone 8 sessions of physical therapy which were not beneficial.')).toEqual(['physical_therapy']);
    expect(categories('He has completed 5 of 6 chiropractic sessions.')).toEqual(['chiropractic']);
    expect(categories('The patient was prescribed Cyclobenzaprine and Naproxen.')).toEqual(['medication']);
    expect(categories('She is status post right carpal tunnel release.')).toEqual(['surgery']);
    expect(categories('The injured worker was using crutches for ambulation.')).toEqual(['durable_medical_equipment']);
    expect(categories('He is unable to sit upright and rests on his cane.')).toEqual(['durable_medical_equipment']);
    expect(categories('The patient underwent a lumbar epidural steroid injection on 3/4/2016.')).toEqual(['injection']);
  });

  it('reads a study with a result or a date as received (imaging, electrodiagnostic, psychological testing)', () => {
    expect(categories('X-ray of the right shoulder on 10-13-16 revealed rotator cuff tendinopathy.')).toEqual(['imaging']);
    expect(categories('Right shoulder x-rays were normal.')).toEqual(['imaging']);
    expect(categories('Electrodiagnostic studies performed on 3/5/2013 showed mild carpal tunnel syndrome.')).toEqual(['electrodiagnostic']);
    expect(categories('It is documented psychological testing revealed significant depressive symptoms.')).toEqual(['psychological']);
    expect(categories('Diagnostic studies included an MRI of the right knee dated 11/01/2016, that revealed a tear.')).toEqual(['imaging']);
  });

  it('reads prior services and outcomes in the rationale, but not a guideline statement', () => {
    expect(categories('The medical records reveal there was a prior lumbar MRI in 03/2016.')).toEqual(['imaging']);
    expect(categories('He continues to have instability despite physical therapy.')).toEqual(['physical_therapy']);
    expect(categories('He has had no improvement with acupuncture.')).toEqual(['acupuncture']);
    expect(categories('Clarification is needed as to the course of conservative care, to include the actual amount of physical therapy visits previously attended.'))
      .toEqual(['physical_therapy']);
    expect(categories('Surgery is recommended after failed conservative treatment to include NSAIDs, injection, and physical therapy.')).toEqual([]);
    expect(categories('Guidelines recommend a trial of physical therapy before an MRI is obtained.')).toEqual([]);
  });

  it('resolves unnamed "diagnostics" to the kind of study the letter describes', () => {
    expect(categories('Treatment to date has included diagnostic studies and medication. Right shoulder x-rays were normal.'))
      .toEqual(['imaging', 'medication']);
    expect(categories('Treatment to date has included diagnostics. Electrodiagnostic studies dated 1/6/2014 were normal.'))
      .toEqual(['electrodiagnostic']);
  });
});

describe('treatments to date: what is left out', () => {
  it('leaves out requested, planned, recommended and authorized-only services', () => {
    expect(categories('The treatment plan included X-rays, ice therapy, back brace, and physical therapy.')).toEqual([]);
    expect(categories('The provider recommended continued physical therapy and magnetic resonance imaging.')).toEqual([]);
    expect(categories('The Request for Authorization dated 11-08-2016 includes MRI of the cervical spine.')).toEqual([]);
    expect(categories('Chiropractic physiotherapy treatment 6 visits was authorized by the Claims Administrator.')).toEqual([]);
    expect(categories('A follow-up exam on 12-09-2016 noted that magnetic resonance imaging was approved.')).toEqual([]);
    expect(categories('On 12-01-2016 the request for an MRI was non-certified by utilization review.')).toEqual([]);
  });

  it('leaves out negated services', () => {
    expect(categories('Treatment to date has included no prior chiropractic therapy and medication management.')).toEqual(['medication']);
    expect(categories('X-rays or labs were not described as performed.')).toEqual([]);
    expect(categories('There is no documentation of attendance of physical therapy sessions.')).toEqual([]);
    expect(categories('It does not appear the patient has undergone physical therapy previously.')).toEqual([]);
    expect(categories('There was no documentation of a recent trial and failure of injections.')).toEqual([]);
  });

  it('does not take symptoms, findings or encounters for treatments', () => {
    expect(categories('The injured worker was evaluated on 10-19-16. Physical examination revealed tenderness. He has had no improvement.')).toEqual([]);
    expect(categories('Medications have included: list not provided.')).toEqual([]);
  });
});

describe('treatments to date in a record', () => {
  it('fills treatmentsToDate from the case summary and the rationale of a letter', async () => {
    const r = await extractText(`HOW THE IMR FINAL DETERMINATION WAS MADE
MAXIMUS Federal Services sent the complete case file to an expert reviewer.
CLINICAL CASE SUMMARY
The injured worker is a 40 year old female, who sustained an industrial injury on 1/2/2015. Treatment to date has included medication and chiropractic care. The treating physician requested physical therapy.
IMR ISSUES, DECISIONS AND RATIONALES
The Final Determination was based on decisions for the disputed items/services set forth below:
Physical therapy for the cervical spine; six sessions: Overturned
Claims Administrator guideline: Decision based on MTUS Chronic Pain Treatment Guidelines.
MAXIMUS guideline: Decision based on MTUS Chronic Pain Treatment Guidelines.
Decision rationale: Treatments have included medications, chiropractic care, and acupuncture. The request is medically necessary.`);
    if (isErrorRecord(r)) throw new Error(r.error.message);
    const rec = r as DeterminationRecord;
    expect(rec.treatmentsToDate.map((t) => t.category)).toEqual(['medication', 'chiropractic', 'acupuncture']);
    for (const t of rec.treatmentsToDate) expect(rec.text!.slice(t.span[0], t.span[1])).toBe(t.text);
  });
});

describe('treatments to date: white space', () => {
  it('reads a sentence with runs of white space as its single-spaced form (exact patterns there)', () => {
    const single = 'Treatment to date has included x-rays, physical therapy and acupuncture. He has undergone 8 sessions of chiropractic care. An MRI of the knee on 1/2/2016 revealed a tear.';
    const spaced = single.replace(/ /g, '  ');
    expect(categories(spaced)).toEqual(categories(single));
    expect(categories(spaced).length).toBe(4);
  });
});

describe('treatments to date: hostile input', () => {
  it('reads 200 KB of adversarial text in linear time', () => {
    const N = 200_000;
    const fill = (s: string) => s.repeat(Math.ceil(N / s.length)).slice(0, N);
    for (const text of [
      fill('Treatment to date has included physical therapy, '),
      fill('has had '),
      fill('MRI revealed '),
      fill('physical therapy was performed '),
      fill('(('),
      fill('\n'),
      fill('with and, '),
      fill('Treatment   to  date  has  included  physical  therapy,  '),
    ]) {
      const t = performance.now();
      treatments(text);
      expect(performance.now() - t).toBeLessThan(3000);
    }
  });
});
