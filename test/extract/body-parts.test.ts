import { describe, expect, it } from 'vitest';
import { distinctBodyParts, findBodyParts } from '../../src/extract/body-parts/body-parts.js';

/** [text, part, laterality] of every part found, for compact expectations. */
const parts = (text: string) => findBodyParts(text).map((p) => [p.text, p.part, p.laterality]);

describe('findBodyParts: vocabulary and synonyms', () => {
  it('maps spinal regions and their lay names to the guide vocabulary', () => {
    expect(parts('pain in the neck, mid back and low back')).toEqual([
      ['neck', 'cervical spine', null], ['mid back', 'thoracic spine', null], ['low back', 'lumbar spine', null],
    ]);
    expect(parts('MRI of the lumbosacral spine; C-spine x-rays; upper back strain')).toEqual([
      ['lumbosacral spine', 'lumbar spine', null], ['C-spine', 'cervical spine', null], ['upper back', 'thoracic spine', null],
    ]);
  });

  it('reads bare region adjectives in a list ("cervical, thoracic, and lumbar")', () => {
    expect(parts('for the cervical, thoracic, and lumbar')).toEqual([
      ['cervical', 'cervical spine', null], ['thoracic', 'thoracic spine', null], ['lumbar', 'lumbar spine', null],
    ]);
    expect(parts('MRI of the cervical and thoracic spine').map((p) => p[0])).toEqual(['cervical', 'thoracic spine']);
  });

  it('reads limbs, plurals and extremities', () => {
    expect(parts('EMG/NCV of the lower extremities')).toEqual([['lower extremities', 'lower extremity', null]]);
    expect(parts('Left lower extremity and right upper-extremity')).toEqual([
      ['Left lower extremity', 'lower extremity', 'left'], ['right upper-extremity', 'upper extremity', 'right'],
    ]);
    expect(parts('CT scan of abdomen and pelvis').map((p) => p[1])).toEqual(['abdomen', 'pelvis']);
    expect(parts('Neurosurgeon evaluation for the Low back/Pelvis').map((p) => p[1])).toEqual(['lumbar spine', 'pelvis']);
  });

  it('reads spinal levels as their region, with a side written before them', () => {
    expect(parts('facet injections L4-5, L5-S1')).toEqual([
      ['L4-5', 'lumbar spine', null], ['L5-S1', 'lumbar spine', null],
    ]);
    expect(parts('Right L4 transforaminal epidural steroid injection')).toEqual([['Right L4', 'lumbar spine', 'right']]);
    expect(parts('disc bulge at C5-C6')).toEqual([['C5-C6', 'cervical spine', null]]);
    expect(parts('a T4 level, thyroid T4 and L9-L2')).toEqual([['T4', 'thoracic spine', null]]);
    expect(findBodyParts('L4-5', 0, 4, { levels: false })).toEqual([]);
  });
});

describe('findBodyParts: laterality', () => {
  it('takes left / right / bilateral written before the part, with -sided and modifiers', () => {
    expect(parts('right knee, left-sided neck, bilateral shoulders, right great toe')).toEqual([
      ['right knee', 'knee', 'right'], ['left-sided neck', 'cervical spine', 'left'],
      ['bilateral shoulders', 'shoulder', 'bilateral'], ['right great toe', 'toe', 'right'],
    ]);
  });

  it('does not carry a side over a list ("right knee and ankle": the ankle has none)', () => {
    expect(parts('discomfort of the neck, right knee and ankle')).toEqual([
      ['neck', 'cervical spine', null], ['right knee', 'knee', 'right'], ['ankle', 'ankle', null],
    ]);
  });

  it('reads "bilateral" after the part ("cervical spine bilateral"), and a side in parentheses', () => {
    expect(parts('MRI of the cervical spine bilateral without contrast')).toEqual([['cervical spine', 'cervical spine', 'bilateral']]);
    expect(parts('pain in the knees bilaterally')).toEqual([['knees', 'knee', 'bilateral']]);
    expect(parts('shoulder (left) pain')).toEqual([['shoulder', 'shoulder', 'left']]);
    // "bilateral" that opens the next part belongs to it
    expect(parts('the neck bilateral shoulders')).toEqual([['neck', 'cervical spine', null], ['bilateral shoulders', 'shoulder', 'bilateral']]);
  });

  it('reads "right and left" and "both" (with a plural part) as bilateral', () => {
    expect(parts('right and left shoulder joint sprain')).toEqual([['right and left shoulder', 'shoulder', 'bilateral']]);
    expect(parts('both knees')).toEqual([['both knees', 'knee', 'bilateral']]);
    expect(parts('both neck and back pain').map((p) => p[2])).toEqual([null, null]);
  });

  it('reads "the right side of his head" as the head, right', () => {
    expect(parts('hitting the right side of his head')).toEqual([['right side of his head', 'head', 'right']]);
  });
});

describe('findBodyParts: words that are not body parts', () => {
  it('needs a body context for words such as back, head, hand, face, spine', () => {
    expect(parts('He came back to work and went back and forth')).toEqual([]);
    expect(parts('on the other hand, a face-to-face visit with the head of the department')).toEqual([]);
    expect(parts('a spine surgeon')).toEqual([]);
    expect(parts('neck and back pain; his back; CT scan of head').map((p) => p[1])).toEqual(['cervical spine', 'back', 'back', 'head']);
  });

  it('ignores foot and feet as measures', () => {
    expect(parts('fell 10 feet from a 6-foot ladder onto his feet')).toEqual([['feet', 'foot', null]]);
  });

  it('keeps spans that slice back to the text, and honours the range', () => {
    const text = 'MRI of the right shoulder. Left knee pain.';
    for (const p of findBodyParts(text)) expect(text.slice(p.span[0], p.span[1])).toBe(p.text);
    expect(findBodyParts(text, 0, 26).map((p) => p.text)).toEqual(['right shoulder']);
    expect(findBodyParts(text, 27).map((p) => p.text)).toEqual(['Left knee']);
  });
});

describe('distinctBodyParts', () => {
  it('keeps the first mention of each part and laterality', () => {
    const found = findBodyParts('right knee, neck, right knee, left knee, the neck');
    expect(distinctBodyParts(found).map((p) => p.text)).toEqual(['right knee', 'neck', 'left knee']);
  });
});

describe('hostile input', () => {
  it('scans 200 KB adversarial strings quickly', () => {
    const inputs = [
      'right '.repeat(40_000),
      'a'.repeat(200_000),
      'left and right and '.repeat(12_000),
      'back '.repeat(40_000),
      'L4-5-6-7 '.repeat(25_000),
      `${'-'.repeat(100_000)}${' '.repeat(100_000)}knee`,
      'bilateral-sided right great index '.repeat(6_000),
      'knee L4-5 '.repeat(20_000),
      'straight leg raise knee '.repeat(9_000),
    ];
    for (const input of inputs) {
      const t0 = performance.now();
      findBodyParts(input);
      expect(performance.now() - t0).toBeLessThan(2000);
    }
  });
});
