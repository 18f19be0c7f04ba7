import { describe, expect, it } from 'vitest';
import { diagnosesStage, findDiagnoses, isRestatement } from '../../src/extract/diagnoses/diagnoses.js';
import { codeOf } from '../../src/extract/diagnoses/icd.js';
import { newDoc } from '../../src/pipeline/document.js';
import type { Diagnosis } from '../../src/schema/record.js';

const all = (text: string, requirePatient = false): Diagnosis[] =>
  findDiagnoses(text, [{ start: 0, end: text.length, requirePatient }]);
const texts = (text: string, requirePatient = false) => all(text, requirePatient).map((d) => d.text);

describe('diagnoses: cue phrasing families', () => {
  it('"diagnosed with" / "diagnosed as having" / "diagnosed as"', () => {
    expect(texts('He was diagnosed with a head contusion, cervical strain and right shoulder sprain.'))
      .toEqual(['head contusion', 'cervical strain', 'right shoulder sprain']);
    expect(texts('The injured worker was currently diagnosed as having left knee strain. Treatment included rest.'))
      .toEqual(['left knee strain']);
    expect(texts('She was diagnosed as lumbar radiculopathy by her physician on 10/2/2016.'))
      .toEqual(['lumbar radiculopathy']);
  });

  it('"diagnoses include / are / are documented as / included"', () => {
    expect(texts('Diagnoses include low back pain and low back strain. Treatments to date include rest.'))
      .toEqual(['low back pain', 'low back strain']);
    expect(texts('The current diagnoses are documented as shoulder pain, chronic pain, and rotator cuff tear.'))
      .toEqual(['shoulder pain', 'chronic pain', 'rotator cuff tear']);
    expect(texts('The diagnoses included concussion without loss of consciousness, post-concussion syndrome and post traumatic headaches.'))
      .toEqual(['concussion without loss of consciousness', 'post-concussion syndrome', 'post traumatic headaches']);
    expect(texts('The current diagnosis is lumbar spine sprain/strain. On 10/27/2016, the patient reported spasms.'))
      .toEqual(['lumbar spine sprain/strain']);
    expect(texts('Diagnoses, and-or impressions, were noted to include: low back injury; lumbosacral pain with trauma; sacroiliac joint sprain.'))
      .toEqual(['low back injury', 'lumbosacral pain with trauma', 'sacroiliac joint sprain']);
  });

  it('"being treated for (the diagnoses of)" / "undergoing treatment for"', () => {
    expect(texts('The injured worker was being treated for the diagnoses of right shoulder contusion, neck strain and scapulothoracic syndrome.'))
      .toEqual(['right shoulder contusion', 'neck strain', 'scapulothoracic syndrome']);
    expect(texts('Medical records indicate the worker is undergoing treatment for right shoulder sprain and neck muscle strain.'))
      .toEqual(['right shoulder sprain', 'neck muscle strain']);
  });

  it('"a diagnosis of" after a verb, quotes stripped', () => {
    expect(texts('On October 14, 2016, the attending provider gave the applicant a diagnosis of "lumbar pain with radiculopathy." The note was handwritten.'))
      .toEqual(['lumbar pain with radiculopathy']);
    expect(texts('The medical records provided reveal the diagnosis of low back pain and lumbar muscle strain, subsequent.'))
      .toEqual(['low back pain', 'lumbar muscle strain, subsequent']);
  });

  it('labels: "Assessment:", "Impression:", "Diagnoses:" with inline or line lists', () => {
    expect(texts('Assessment: lumbar strain; lumbar radiculopathy')).toEqual(['lumbar strain', 'lumbar radiculopathy']);
    expect(texts('Impression: 1. Cervical sprain 2. Right shoulder impingement syndrome')).toEqual(['Cervical sprain', 'Right shoulder impingement syndrome']);
    expect(texts('Diagnoses:\nLumbar disc herniation\nSciatica\n\nPlan: physical therapy')).toEqual(['Lumbar disc herniation', 'Sciatica']);
  });

  it('"with a diagnosis of" (about this patient) and "diagnosis remains"', () => {
    expect(texts('This is a 52 year old female with a diagnosis of lumbar strain and left knee sprain.'))
      .toEqual(['lumbar strain', 'left knee sprain']);
    expect(texts('Electrodiagnostic studies help establish with the diagnosis of focal nerve entrapment.')).toEqual([]);
    expect(texts('Her diagnosis remains lumbar radiculopathy.')).toEqual(['lumbar radiculopathy']);
  });

  it('an imaging report\'s "Impression:" gives findings, not diagnoses', () => {
    expect(texts('MRI of the lumbar spine dated 1/2/16. Impression: disc bulge at L4-5.')).toEqual([]);
    expect(texts('Impression: lumbar radiculopathy.')).toEqual(['lumbar radiculopathy']);
  });

  it('the rationale\'s "working diagnoses" (patient sentence required there)', () => {
    const t = 'In this case, the injured worker\'s working diagnoses are post concussion syndrome; and skull fracture.';
    expect(texts(t, true)).toEqual(['post concussion syndrome', 'skull fracture']);
    // a guideline sentence about patients in general names no diagnosis of this patient
    expect(texts('EMG is recommended for patients diagnosed with cervical radiculopathy.', true)).toEqual([]);
    // "treated for" in a rationale restates complaints
    expect(texts('The claimant is being treated for chronic pain with no new injury.', true)).toEqual([]);
  });

  it('skips negated and hypothetical cues and non-conditions', () => {
    expect(texts('There is no diagnosis of tissue insult, nerve impairment, or other red flags.')).toEqual([]);
    expect(texts('He has not been diagnosed with carpal tunnel syndrome.')).toEqual([]);
    expect(texts('The recommended number of sessions for the patient\'s diagnosis is 10 visits over 8 weeks.')).toEqual([]);
    expect(texts('Physical examination findings supporting a diagnosis of radiculopathy were absent.')).toEqual([]);
  });
});

describe('diagnoses: list splitting', () => {
  it('keeps ICD-style titles with commas whole', () => {
    expect(texts('His diagnoses include strain of unspecified muscle, fascia and tendon at upper arm level, right arm, and strain of muscle, fascia and tendon at neck level.'))
      .toEqual(['strain of unspecified muscle, fascia and tendon at upper arm level, right arm', 'strain of muscle, fascia and tendon at neck level']);
    expect(texts('The diagnoses include strain of muscle, fascia, and tendon of lower back, subsequent encounter; other muscle spasm; dorsalgia, unspecified; radiculopathy, cervical region (right arm).'))
      .toEqual(['strain of muscle, fascia, and tendon of lower back, subsequent encounter', 'other muscle spasm', 'dorsalgia, unspecified', 'radiculopathy, cervical region (right arm)']);
    expect(texts('The current diagnosis is documented as other intervertebral disc displacement, lumbosacral region. A CT was done.'))
      .toEqual(['other intervertebral disc displacement, lumbosacral region']);
    expect(texts('The current diagnosis is documented as dislocation, shoulder.')).toEqual(['dislocation, shoulder']);
  });

  it('keeps one element naming several sites or both sides whole', () => {
    expect(texts('The worker is undergoing treatment for cervical, thoracic and lumbar myoligamentous injury.'))
      .toEqual(['cervical, thoracic and lumbar myoligamentous injury']);
    expect(texts('The current diagnoses are documented as cervical sprain, lumbar sprain, right and left shoulder joint sprain and right and left elbow joint sprain.'))
      .toEqual(['cervical sprain', 'lumbar sprain', 'right and left shoulder joint sprain', 'right and left elbow joint sprain']);
    expect(texts('The worker is being treated for sprain of the other part of the left hand and wrist.'))
      .toEqual(['sprain of the other part of the left hand and wrist']);
    expect(texts('She was diagnosed with lumbago and left and right sided sciatica.'))
      .toEqual(['lumbago', 'left and right sided sciatica']);
  });

  it('splits "A, B, and C" and "A; B" lists, trimming articles', () => {
    expect(texts('Diagnoses are left shoulder labral tear, possible rotator cuff tear and impingement syndrome; left thumb non-displaced fracture.'))
      .toEqual(['left shoulder labral tear', 'rotator cuff tear', 'impingement syndrome', 'left thumb non-displaced fracture']);
  });

  it('keeps a coordinated object of a preposition or participle in its item', () => {
    expect(texts('He has been diagnosed with insomnia related to anxiety disorder and stress related response affecting gastrointestinal disturbances and headaches.'))
      .toEqual(['insomnia related to anxiety disorder', 'stress related response affecting gastrointestinal disturbances and headaches']);
    expect(texts('The worker is being treated for left foot and heel pain and injury, plantar fasciitis.'))
      .toEqual(['left foot and heel pain and injury', 'plantar fasciitis']);
  });

  it('reads status post and procedures listed as diagnoses', () => {
    expect(all('Diagnoses include status post right knee arthroscopy and left shoulder sprain.').map((d) => [d.text, d.assertion]))
      .toEqual([['right knee arthroscopy', 'historical'], ['left shoulder sprain', 'present']]);
  });

  it('ends the list at a new clause', () => {
    expect(texts('The patient is diagnosed with a contusion and initial x-rays reveal signs of degeneration at the L5/S1 disc.'))
      .toEqual(['contusion']);
    expect(texts('The physician\'s diagnoses are cervical radiculopathy and cervical spondylosis, and a cervical epidural steroid injection at C5-C6 was requested.'))
      .toEqual(['cervical radiculopathy', 'cervical spondylosis']);
    expect(texts('He was diagnosed with lumbar strain on 11/02/2016 and was placed on modified duty.'))
      .toEqual(['lumbar strain']);
  });
});

describe('diagnoses: distinct conditions', () => {
  it('keeps one item for the initial and subsequent encounter of a condition', () => {
    const t = 'The injured worker was undergoing treatment for contusion to the lower back and pelvis initial encounter, contusion of the left knee initial encounter, contusion of the lower back and pelvis subsequent encounter and contusion of the left knee subsequent encounter.';
    expect(texts(t)).toEqual(['contusion to the lower back and pelvis initial encounter', 'contusion of the left knee initial encounter']);
  });

  it('keeps the first mention and drops a less specific restatement', () => {
    const t = 'He was treated for postconcussion syndrome, skull vault fracture-initial, and migraine. His working diagnoses are post concussion syndrome; and skull fracture.';
    expect(texts(t)).toEqual(['postconcussion syndrome', 'skull vault fracture-initial', 'migraine']);
    expect(isRestatement('lumbar radiculopathy', 'lumbar pain with radiculopathy')).toBe(true);
    expect(isRestatement('generalized anxiety disorder', 'general anxiety disorder')).toBe(true);
    expect(isRestatement('chronic pain', 'knee pain')).toBe(false);
    expect(isRestatement('left knee strain', 'right knee strain')).toBe(false);
  });

  it('treats two phrasings with one normalized term as one diagnosis', () => {
    expect(texts('Diagnoses include neck strain and low back pain. He was later diagnosed with cervical strain.'))
      .toEqual(['neck strain', 'low back pain']);
  });
});

describe('diagnoses: icd10 and normalized', () => {
  const code = (text: string) => all(`Diagnoses include ${text}.`).map((d) => [d.normalized, d.icd10]);

  it('codes the annotation guide\'s table', () => {
    expect(code('cervical sprain')).toEqual([['cervical sprain', 'S13.4']]);
    expect(code('neck strain')).toEqual([['cervical strain', 'S16.1']]);
    expect(code('lumbar sprain')).toEqual([['lumbar sprain', 'S33.5']]);
    expect(code('low back strain')).toEqual([['lumbar strain', 'S39.0']]);
    expect(code('right shoulder sprain')).toEqual([['shoulder sprain', 'S43.4']]);
    expect(code('cervicalgia')).toEqual([['cervicalgia', 'M54.2']]);
    expect(code('lumbago')).toEqual([['low back pain', 'M54.5']]);
    expect(code('left lumbar radiculopathy')).toEqual([['lumbar radiculopathy', 'M54.1']]);
    expect(code('sciatica')).toEqual([['sciatica', 'M54.3']]);
    expect(code('L4-5 disc herniation')).toEqual([['lumbar disc displacement', 'M51.2']]);
    expect(code('right carpal tunnel syndrome')).toEqual([['carpal tunnel syndrome', 'G56.0']]);
    expect(code('impingement syndrome of right shoulder')).toEqual([['shoulder impingement', 'M75.4']]);
    expect(code('lateral epicondylitis')).toEqual([['lateral epicondylitis', 'M77.1']]);
    expect(code('plantar fasciitis')).toEqual([['plantar fasciitis', 'M72.2']]);
    expect(code('knee osteoarthritis')).toEqual([['knee osteoarthritis', 'M17.9']]);
    expect(code('chronic pain syndrome')).toEqual([['chronic pain syndrome', 'G89.4']]);
    expect(code('chronic pain')).toEqual([['chronic pain', 'G89.2']]);
    expect(code('depression')).toEqual([['depression', 'F32.9']]);
    expect(code('anxiety')).toEqual([['anxiety', 'F41.9']]);
    expect(code('insomnia')).toEqual([['insomnia', 'G47.0']]);
    expect(code('post-traumatic stress disorder')).toEqual([['post-traumatic stress disorder', 'F43.1']]);
  });

  it('gives sprain/strain and sprain-strain the sprain code', () => {
    expect(code('lumbar spine sprain/strain')).toEqual([['lumbar sprain', 'S33.5']]);
    expect(code('cervical sprain-strain')).toEqual([['cervical sprain', 'S13.4']]);
  });

  it('codes ICD-style titles of a table condition', () => {
    expect(code('strain of muscle, fascia and tendon at neck level')).toEqual([['cervical strain', 'S16.1']]);
    expect(code('strain of lumbar paraspinal muscle')).toEqual([['lumbar strain', 'S39.0']]);
    expect(code('radiculopathy, cervical region (right arm)')).toEqual([['cervical radiculopathy', 'M54.1']]);
  });

  it('leaves ambiguous or out-of-table wording uncoded, with its own words as the term', () => {
    expect(code('rotator cuff tear')).toEqual([['rotator cuff tear', null]]);
    expect(code('strain of right knee')).toEqual([['strain of right knee', null]]);
    expect(code('sprain of other specified parts of right shoulder girdle')).toEqual([['sprain of other specified parts of right shoulder girdle', null]]);
    expect(code('lumbar pain with radiculopathy')).toEqual([['lumbar pain with radiculopathy', null]]);
    expect(code('cervical, thoracic and lumbar myoligamentous injury')).toEqual([['cervical, thoracic and lumbar myoligamentous injury', null]]);
    expect(code('major depressive disorder')).toEqual([['major depressive disorder', null]]);
    expect(code('right knee osteoarthritis')).toEqual([['right knee osteoarthritis', null]]);
    expect(codeOf('shoulder pain', []).icd10).toBeNull();
  });

  it('strips the encounter from the normalized term, not from the text', () => {
    const [d] = all('Diagnoses include contusion of the left knee, initial encounter.');
    expect(d).toMatchObject({ text: 'contusion of the left knee, initial encounter', normalized: 'contusion of the left knee' });
  });
});

describe('diagnoses: assertion, body parts, spans', () => {
  it('reads possible and historical items, leaving the trigger out of the text', () => {
    const ds = all('The injured worker is diagnosed with lumbar sprain/strain, lumbar radiculopathy, and possible lumbar disc herniation.');
    expect(ds.map((d) => [d.text, d.assertion])).toEqual([
      ['lumbar sprain/strain', 'present'], ['lumbar radiculopathy', 'present'], ['lumbar disc herniation', 'possible'],
    ]);
    const hx = all('Diagnoses include cervical sprain/strain, right carpal tunnel syndrome, and history of depression.');
    expect(hx.map((d) => [d.text, d.assertion])).toEqual([
      ['cervical sprain/strain', 'present'], ['right carpal tunnel syndrome', 'present'], ['depression', 'historical'],
    ]);
    const ro = all('The worker is being treated for left foot pain and rule out complex regional pain syndrome.');
    expect(ro.map((d) => [d.text, d.assertion])).toEqual([['left foot pain', 'present'], ['complex regional pain syndrome', 'possible']]);
  });

  it('does not let one item\'s trigger spill onto the next', () => {
    const ds = all('Diagnoses are possible rotator cuff tear and impingement syndrome.');
    expect(ds.map((d) => d.assertion)).toEqual(['possible', 'present']);
  });

  it('attaches body parts with laterality', () => {
    const [d] = all('He was diagnosed with right shoulder impingement.');
    expect(d!.bodyParts.map((b) => [b.part, b.laterality])).toEqual([['shoulder', 'right']]);
  });

  it('gives spans into the text', () => {
    const text = 'CLINICAL CASE SUMMARY\nThe injured worker was diagnosed as having lumbar strain, left hip strain and left knee strain.\n';
    for (const d of all(text)) expect(text.slice(d.span[0], d.span[1])).toBe(d.text);
  });

  it('runs as a stage over the case summary and rationale sections', () => {
    const doc = newDoc('x', { path: 'x.txt', kind: 'text', bytes: 0, pages: null }, null);
    doc.text = 'Header: Diagnoses: none given\nSUMMARY\nHe was diagnosed with neck strain.\nRATIONALE\nThe patient\'s working diagnoses are neck strain and lumbago.\n';
    const summary = doc.text.indexOf('SUMMARY');
    const rationale = doc.text.indexOf('RATIONALE');
    doc.sections = [
      { name: 'header', heading: null, span: [0, summary - 1] },
      { name: 'case-summary', heading: 'SUMMARY', span: [summary, rationale - 1] },
      { name: 'issues', heading: 'RATIONALE', span: [rationale, doc.text.length] },
    ];
    diagnosesStage.run(doc, {});
    expect(doc.fields.diagnoses.map((d) => [d.text, d.icd10])).toEqual([['neck strain', 'S16.1'], ['lumbago', 'M54.5']]);
  });
});

describe('diagnoses: hostile input', () => {
  it('finishes fast on 200 KB of repeated cues, triggers and commas', () => {
    const chunks = [
      'diagnosed with strain, sprain, and possible tear, ',
      'diagnoses include , , , ; ; and and rule out ',
      'strain of muscle, fascia, tendon, region, level, ',
    ];
    for (const chunk of chunks) {
      const text = chunk.repeat(Math.ceil(200_000 / chunk.length));
      const t0 = performance.now();
      const ds = all(text);
      expect(performance.now() - t0).toBeLessThan(3000);
      expect(ds.length).toBeLessThanOrEqual(60);
    }
  });

  it('finishes fast on one 200 KB list without a sentence end', () => {
    const text = `Diagnoses include ${'lumbar '.repeat(30_000)}strain.`;
    const t0 = performance.now();
    all(text);
    expect(performance.now() - t0).toBeLessThan(3000);
  });
});

describe('diagnoses: shortcuts give what the full scans give', () => {
  it('labels are found by their last word before the colon, in any case and spacing', () => {
    expect(texts('ASSESSMENT / PLAN :  Lumbar strain\nNext visit: two weeks.')).toEqual(['Lumbar strain']);
    expect(texts('Working dx: cervical radiculopathy\n')).toEqual(['cervical radiculopathy']);
    expect(texts('Pre-diagnoses: lumbar strain. Xdx: knee sprain.')).toEqual([]);
  });

  it('a list split once is split the same at another offset', async () => {
    const { splitList } = await import('../../src/extract/diagnoses/lists.js');
    const list = ' lumbar strain, right shoulder sprain and possible carpal tunnel syndrome.';
    const text = `A${list} B${list}`;
    const first = splitList(text, 1, 1 + list.length);
    const second = splitList(text, 3 + list.length, 3 + 2 * list.length);
    expect(first.length).toBe(3);
    expect(second.map((i) => text.slice(i.start, i.end))).toEqual(first.map((i) => text.slice(i.start, i.end)));
    expect(second.map((i) => i.contextStart - first[0]!.contextStart)).toEqual(first.map((i) => i.contextStart - first[0]!.contextStart + list.length + 2));
  });
});
