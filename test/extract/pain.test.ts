import { describe, expect, it } from 'vitest';
import { painScoresIn, findPainScores } from '../../src/extract/pain/pain.js';
import type { PainScore } from '../../src/schema/record.js';

const scores = (text: string, latestYear?: number): PainScore[] => painScoresIn(text, 0, text.length, latestYear);
/** [text, value] of each score, for compact expectations. */
const tv = (text: string) => scores(text).map((p) => [p.text, p.value]);

describe('pain scores: phrasing families', () => {
  it('slash ratings, ranges (value = upper bound, text keeps the range) and two full ratings', () => {
    expect(tv('She reported pain 7/10 today.')).toEqual([['7/10', 7]]);
    expect(tv('Flare-ups of leg pain reaching 8-9/10.')).toEqual([['8-9/10', 9]]);
    expect(tv('Neck pain of 6 - 7 / 10 with tingling.')).toEqual([['6 - 7 / 10', 7]]);
    expect(tv('Low back pain that was 9/10 to 10/10.')).toEqual([['9/10 to 10/10', 10]]);
    expect(tv('Pain was 5.5/10.')).toEqual([['5.5/10', 5.5]]);
    const [s] = scores('He has pain 7/10.');
    expect(s).toMatchObject({ max: 10, qualifier: null, date: null });
  });

  it('"out of 10", "of 10", "on 10", "over 10" and the rating verb next to it', () => {
    expect(tv('Low back pain rated 6 out of 10 with radiation.')).toEqual([['rated 6 out of 10', 6]]);
    expect(tv('Neck pain described as burning and rated at 3 on 10.')).toEqual([['rated at 3 on 10', 3]]);
    expect(tv('left knee pain rated as 10 of 10.')).toEqual([['rated as 10 of 10', 10]]);
    expect(tv('back and neck pain rated as 0-3 of 10.')).toEqual([['rated as 0-3 of 10', 3]]);
    expect(tv('left foot pain 10 intensity out of 10 the worst.')).toEqual([['10 intensity out of 10', 10]]);
    expect(tv('pain ranging from 6-8 out of 10, worsened by bending')).toEqual([['6-8 out of 10', 8]]);
    expect(tv('She rated her pain seven out of ten.')).toEqual([['seven out of ten', 7]]);
  });

  it('a rating with its verb away from it is the bare expression', () => {
    expect(tv('The injured worker rated pain a 6 out of 10.')).toEqual([['6 out of 10', 6]]);
    expect(tv('She rated her pain as 6/10.')).toEqual([['6/10', 6]]);
  });

  it('scale phrases: "on a 10-point scale", "on a scale of 0 to 10", "on VAS"', () => {
    expect(tv('The pain was rated 6-8 on a 10-point scale.')).toEqual([['rated 6-8 on a 10-point scale', 8]]);
    expect(tv('Pain was 2 on a scale of 0 to 10.')).toEqual([['2 on a scale of 0 to 10', 2]]);
    expect(tv('The pain was rated 10/10 on VAS, and sleep was poor.')).toEqual([['rated 10/10 on VAS', 10]]);
    expect(tv('Pain was rated 5-9 out of 10 VAS.')).toEqual([['rated 5-9 out of 10 VAS', 9]]);
  });

  it('scale labels without a maximum: "VAS 5", "VAS of 7", "pain level of 4", "pain score: 6"', () => {
    expect(tv('medial knee pain, VAS 5, with weight bearing')).toEqual([['VAS 5', 5]]);
    expect(tv('Her VAS of 7 was unchanged.')).toEqual([['VAS of 7', 7]]);
    expect(tv('She reported a pain level of 4 today.')).toEqual([['pain level of 4', 4]]);
    expect(tv('Pain score: 6.')).toEqual([['Pain score: 6', 6]]);
    expect(tv('Pain rated 8 today.')).toEqual([['rated 8', 8]]);
  });

  it('with / without medication: two items, each with its qualifier', () => {
    const s = scores('Low back pain of 6-7/10 without and 3/10 with medication.');
    expect(s.map((p) => [p.text, p.value, p.qualifier])).toEqual([
      ['6-7/10', 7, 'without medication'], ['3/10', 3, 'with medication'],
    ]);
    expect(scores('pain rated at 8 out of 10 without medication and 5 out of 10 with medication').map((p) => p.qualifier))
      .toEqual(['without medication', 'with medication']);
    expect(scores('he rated his pain at 5/10 with Norco and 8/10 without, and reported').map((p) => p.qualifier))
      .toEqual(['with medication', 'without medication']);
    expect(scores('With medications, her pain is 4/10.').map((p) => p.qualifier)).toEqual(['with medication']);
  });

  it('a bare second rating joined to a rating', () => {
    expect(tv('The pain was rated 6 out of 10 at its worst and 3-4 at its best on the visual analogue scale.'))
      .toEqual([['rated 6 out of 10', 6], ['3-4', 4]]);
  });

  it('"from 8/10 to 4/10" is two ratings; "ranging from 6-8" one', () => {
    expect(tv('Her pain decreased from 8/10 to 4/10 with medications.')).toEqual([['8/10', 8], ['4/10', 4]]);
    expect(tv('with pain ranging from 6-8 out of 10')).toEqual([['6-8 out of 10', 8]]);
  });

  it('takes the date of its sentence and the body part it names', () => {
    const [a] = scores('On 3/27/14, she reported constant low back pain rated 6 out of 10.', 2014);
    expect(a).toMatchObject({ date: '2014-03-27', bodyPart: 'lumbar spine' });
    const [b] = scores('At the visit of July 23, 2015, he rated his pain at 5/10.');
    expect(b!.date).toBe('2015-07-23');
    const [c] = scores('On 7/10/2013, the patient reported a pain level of 6 out of 10 in the neck.');
    expect(c).toMatchObject({ text: '6 out of 10', date: '2013-07-10', bodyPart: 'cervical spine' });
    const list = scores('The patient rated her pain of the elbow at 9/10, the forearm at 9/10, the wrist at 8/10.');
    expect(list.map((p) => p.bodyPart)).toEqual(['elbow', 'forearm', 'wrist']);
    const [d] = scores('complained of neck, mid back and low back pain, rated 8 out of 10.');
    expect(d!.bodyPart).toBeNull();
    expect(scores('The pain was rated 5 out of 10.')[0]!.date).toBeNull();
  });

  it('repeats are items: every rating counts', () => {
    expect(scores('The pain in the back was rated 8/10. The pain in the pelvis was rated 8/10.').map((p) => p.bodyPart))
      .toEqual(['back', 'pelvis']);
  });
});

describe('pain scores: what is not a pain rating', () => {
  it('strength, reflexes, range of motion, blood pressure, BMI, percentages', () => {
    expect(scores('Strength was 4/5 in the left hallucis longus, graded 4/5; motor 5-/5; grip 5/5.')).toEqual([]);
    expect(scores('Motor strength was 4+ over 5 and 5 out of 5 in both legs with pain.')).toEqual([]);
    expect(scores('Reflexes were 2/2 and rated as 2 of 4; reflexes +2 with pain.')).toEqual([]);
    expect(scores('Painful shoulder flexion 40/90 degrees and abduction 80/90 degrees.')).toEqual([]);
    expect(scores('Blood pressure 120/80; BMI 27; pain present 50-74% of the time; 30% pain relief.')).toEqual([]);
  });

  it('dates, session counts and study statistics', () => {
    expect(scores('Pain began on 7/10/2015 and again 7/10/15 after lifting.')).toEqual([]);
    expect(scores('He was seen on 5/10 for low back pain.')).toEqual([]);
    expect(scores('Pain improved after 4/6 acupuncture treatment and 3/10 sessions.')).toEqual([]);
    expect(scores('Current studies indicate 6 or 7 out of 10 patients have effective pain control with topical agents vs. 4 out of 10 with placebo.'))
      .toEqual([]);
  });

  it('ratings of something else than pain', () => {
    expect(scores('Anxiety 7/10 and sleep quality 5/10 were reported along with pain.')).toEqual([]);
  });

  it('ratings inside a guideline statement are the guideline\'s', () => {
    expect(scores('The MTUS states that a reduction of pain by 3/10 on the VAS indicates efficacy.')).toEqual([]);
  });
});

describe('pain scores: the stage', () => {
  it('reads only the clinical sections, not the header or the guideline lines', () => {
    const text = 'Case Number: CM15-0000001 Date of Injury: 7/10/2015\nCLINICAL CASE SUMMARY\nPain 7/10.\nIMR ISSUES\nMAXIMUS guideline: Decision based on MTUS, 5/10 pain.\nPain 3/10 with medication.';
    const h = text.indexOf('CLINICAL');
    const doc = {
      text,
      sections: [
        { name: 'header' as const, heading: null, span: [0, h - 1] as [number, number] },
        { name: 'case-summary' as const, heading: 'CLINICAL CASE SUMMARY', span: [h, text.length] as [number, number] },
      ],
      fields: { dates: { decision: '2016-01-01', assigned: null } } as never,
    };
    const found = findPainScores(doc);
    expect(found.map((p) => p.text)).toEqual(['7/10', '3/10']);
    for (const p of found) expect(text.slice(p.span[0], p.span[1])).toBe(p.text);
  });
});

describe('pain scores: hostile input', () => {
  it('200 KB of "7/10 7/10 ..." and of "#" finish fast', () => {
    for (const text of ['7/10 '.repeat(40_000), '#'.repeat(200_000), 'pain 6-8 out of 10 without and 3 with '.repeat(5_000), `VAS${' '.repeat(200_000)}5`]) {
      const t0 = performance.now();
      painScoresIn(text, 0, text.length);
      expect(performance.now() - t0).toBeLessThan(3000);
    }
  });
});
