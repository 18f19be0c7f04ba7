import { describe, expect, it } from 'vitest';
import { extractText, isErrorRecord, type DeterminationRecord } from '../../src/public/index.js';
import { categorize } from '../../src/extract/categories.js';
import { itemBodyParts, readQuantity, readSchedule } from '../../src/extract/issue-details/issue-details.js';

const quantity = (t: string) => readQuantity(t, 0, t.length);
const schedule = (t: string) => {
  const s = readSchedule(t, 0, t.length);
  return [s.frequency?.text ?? null, s.duration?.text ?? null];
};

describe('categorize', () => {
  it.each([
    ['MRI of the right shoulder without contrast', 'imaging'],
    ['One (1) x-ray of the thoracic spine', 'imaging'],
    ['CT scan of head', 'imaging'],
    ['MR Arthrogram of the right shoulder', 'imaging'],
    ['Three phase bone scan to the left foot', 'imaging'],
    ['Labs to include: Chest X-ray', 'imaging'],
    ['EMG/NCV of the lower extremities', 'electrodiagnostic'],
    ['Nerve Conduction Studies of the left upper extremity', 'electrodiagnostic'],
    ['Urine drug screen', 'laboratory'],
    ['Pre-operative CBC', 'laboratory'],
    ['Pre-operative PT/PTT', 'laboratory'],
    ['Facet joint injections L4-5, L5-S1', 'injection'],
    ['Cervical epidural steroid injection at C5-C6', 'injection'],
    ['Trigger point injections x 4', 'injection'],
    ['Right shoulder arthroscopy RCR (rotator cuff repair) and decompression', 'surgery'],
    ['Right knee arthroscopy with evaluation of ACL, medical meniscectomy', 'surgery'],
    ['Assistant surgeon', 'surgery'],
    ['Neurosurgeon evaluation for the Low back/Pelvis', 'consultation'],
    ['Orthopedic surgery consultation', 'consultation'],
    ['Follow-up visit with pain management', 'consultation'],
    ['Comprehensive psychological testing', 'psychological'],
    ['Cognitive behavioral therapy 6 sessions', 'psychological'],
    ['Associated surgical service: Cold compression therapy 30 day rental', 'durable_medical_equipment'],
    ['Associated surgical service: Shoulder sling with abduction pillow', 'durable_medical_equipment'],
    ['TENS unit purchase', 'durable_medical_equipment'],
    ['Lumbar brace', 'durable_medical_equipment'],
    ['Post-op physical therapy 2 times a week for 4 weeks', 'physical_therapy'],
    ['Associated surgical service: Physical therapy, times 12', 'physical_therapy'],
    ['Aquatic therapy x 8', 'physical_therapy'],
    ['Occupational therapy for the right hand', 'occupational_therapy'],
    ['Chiropractic physiotherapy treatment 6 visits', 'chiropractic'],
    ['Electro acupuncture to the low back two times a week times six weeks', 'acupuncture'],
    ['Home health care 4 hours per day', 'home_health'],
    ['Functional restoration program 80 hours', 'functional_restoration'],
    ['Transportation to and from appointments', 'transportation'],
    ['Diazepam 5mg #10', 'medication'],
    ['Post-op Percocet 5/325mg', 'medication'],
    ['Anecream cream 4% #30', 'medication'],
    ['Salonpas pad #60', 'medication'],
    ['Gym membership', 'other'],
  ])('%s is %s', (item, category) => {
    expect(categorize(item)).toBe(category);
  });

  it('recognises a drug item by its name in the drug vocabulary, or by the caller\'s test', () => {
    expect(categorize('Post-op Zofran')).toBe('medication');
    expect(categorize('Norco')).toBe('medication');
    expect(categorize('Post-op Zofran', { isDrug: () => false })).toBe('other');
    expect(categorize('Frobnicator', { isDrug: (t) => /frobnicator/i.test(t) })).toBe('medication');
  });

  it('reads treatment-list phrases too', () => {
    expect(['medications', 'office visits', 'a right wrist splint', 'home exercise program', 'cold-hot pack', 'rest'].map((t) => categorize(t)))
      .toEqual(['medication', 'consultation', 'durable_medical_equipment', 'other', 'other', 'other']);
  });
});

describe('quantity', () => {
  it.each([
    ['Physical therapy for the cervical spine; six sessions', { value: 6, unit: 'session' }],
    ['Post-operative physical therapy for the right knee, 12 sessions', { value: 12, unit: 'session' }],
    ['Eight (8) physical therapy sessions', { value: 8, unit: 'session' }],
    ['Chiropractic treatment for the cervical spine, 6 visits', { value: 6, unit: 'visit' }],
    ['Acupuncture therapy sessions lumbar spine #6', { value: 6, unit: 'session' }],
    ['Acupuncture 2 times a week for 4 weeks for the lumbar spine (8 sessions)', { value: 8, unit: 'session' }],
    ['1 platelet rich plasma injection to left foot', { value: 1, unit: 'injection' }],
    ['Lumbar facet injections, 2 levels', { value: 2, unit: 'level' }],
    ['Cold compression therapy 30 day rental', { value: 30, unit: 'day' }],
  ])('%s', (item, q) => {
    expect(quantity(item)).toEqual(q);
  });

  it.each([
    'Post-op physical therapy 2 times a week for 4 weeks',
    'Physical therapy additional 3 visits per week for 2 weeks',
    'Associated surgical service: Physical therapy, times 12',
    'Chiropractic spinal manipulation times 6',
    'Wound care nurse, 1-2 visits to evaluate right hip incision',
    'One (1) x-ray of the thoracic spine',
    'MRI of the lumbosacral spine without contrast, 1.5 Tesla or higher only',
    'Retrospective TENS unit, purchase',
    'Cold therapy for one week',
  ])('no count in %s', (item) => {
    expect(quantity(item)).toBeNull();
  });
});

describe('frequency and duration', () => {
  it.each([
    ['Post-op physical therapy 2 times a week for 4 weeks', ['2 times a week', '4 weeks']],
    ['Electro acupuncture to the low back two times a week times six weeks', ['two times a week', 'six weeks']],
    ['Additional chiropractic three times a week for two weeks for the lumbar spine', ['three times a week', 'two weeks']],
    ['Chiropractic 2x/week x 4 weeks', ['2x/week', '4 weeks']],
    ['Aquatic therapy twice weekly for six weeks', ['twice weekly', 'six weeks']],
    ['Physical therapy additional 3 visits per week for 2 weeks', ['3 visits per week', '2 weeks']],
    ['Twelve acupuncture visits, 2 times weekly for 6 weeks', ['2 times weekly', '6 weeks']],
    ['PT 2x6 for the neck', ['2x', '6']],
    ['Physical therapy 3x4 weeks', ['3x', '4 weeks']],
    ['Cold therapy for one week', [null, 'one week']],
    ['Chiropractic spinal manipulation times 6', [null, null]],
    ['Norco 10/325mg #120', [null, null]],
    ['Lidocaine 5% x 30', [null, null]],
  ])('%s', (item, expected) => {
    expect(schedule(item)).toEqual(expected);
  });
});

describe('item body parts', () => {
  it('come from the item words, distinct, a sideless repeat of a sided part dropped', () => {
    const item = 'Right shoulder arthroscopy with subacromial decompression and shoulder debridement';
    expect(itemBodyParts(item, 0, item.length).map((p) => [p.text, p.laterality])).toEqual([['Right shoulder', 'right']]);
    const other = 'Cervical epidural steroid injection at C5-C6';
    expect(itemBodyParts(other, 0, other.length).map((p) => p.text)).toEqual(['Cervical']);
    const none = 'Post-op physical therapy 2 times a week for 4 weeks';
    expect(itemBodyParts(none, 0, none.length)).toEqual([]);
  });
});

const letter = (items: string) => `HOW THE IMR FINAL DETERMINATION WAS MADE
MAXIMUS Federal Services sent the complete case file to an expert reviewer.
The Expert Reviewer has the following credentials:
State(s) of Licensure: California
Certification(s)/Specialty: Orthopedic Surgery
CLINICAL CASE SUMMARY
The injured worker is a 40 year old female, who sustained an industrial injury on 1/2/2015. Physical therapy for the right knee 2 times a week for 6 weeks and Norco 10/325mg #90 were requested.
IMR ISSUES, DECISIONS AND RATIONALES
The Final Determination was based on decisions for the disputed items/services set forth below:
${items}`;

describe('issue-details stage', () => {
  it('fills category, parts, counts and the medication of each item from its own words', async () => {
    const r = await extractText(letter(`Physical therapy 12 sessions: Upheld
Claims Administrator guideline: Decision based on MTUS Chronic Pain 2009.
MAXIMUS guideline: Decision based on MTUS Chronic Pain 2009.
Decision rationale: Not medically necessary.
Norco 10/325mg #120: Upheld
Claims Administrator guideline: Decision based on MTUS Chronic Pain 2009.
MAXIMUS guideline: Decision based on MTUS Chronic Pain 2009.
Decision rationale: Not medically necessary.
MRI of the left knee: Overturned
Claims Administrator guideline: Decision based on MTUS Knee Complaints 2004.
MAXIMUS guideline: Decision based on MTUS Knee Complaints 2004.
Decision rationale: Medically necessary.`));
    if (isErrorRecord(r)) throw new Error(r.error.message);
    const rec = r as DeterminationRecord;
    const [pt, norco, mri] = rec.issues;
    expect(pt).toMatchObject({ category: 'physical_therapy', bodyParts: [], quantity: { value: 12, unit: 'session' }, frequency: null, duration: null, medication: null });
    expect(norco).toMatchObject({ category: 'medication', bodyParts: [], quantity: null });
    expect(norco!.medication).toMatchObject({ name: 'Norco', quantity: 120 });
    expect(mri).toMatchObject({ category: 'imaging', quantity: null });
    expect(mri!.bodyParts.map((b) => [b.text, b.part, b.laterality])).toEqual([['left knee', 'knee', 'left']]);
    for (const b of rec.issues.flatMap((i) => i.bodyParts)) expect(rec.text!.slice(b.span[0], b.span[1])).toBe(b.text);
  });
});

describe('hostile input', () => {
  it('reads 200 KB adversarial items quickly', () => {
    const inputs = [
      '2 '.repeat(100_000),
      '2 times a '.repeat(20_000),
      'six (6) physical therapy '.repeat(8_000),
      '#'.repeat(200_000),
      '2x'.repeat(100_000),
      'for for for six '.repeat(12_000),
      'injection surgery MRI '.repeat(9_000),
      'a'.repeat(200_000),
    ];
    for (const input of inputs) {
      const t0 = performance.now();
      categorize(input);
      readQuantity(input, 0, input.length);
      readSchedule(input, 0, input.length);
      itemBodyParts(input, 0, input.length);
      expect(performance.now() - t0).toBeLessThan(3000);
    }
  });
});
