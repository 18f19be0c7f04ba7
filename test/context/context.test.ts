import { describe, expect, it } from 'vitest';
import { CONTEXT_RULES, assertionOf, modifiersIn, sentenceBounds } from '../../src/context/context.js';

/** The assertion of the first occurrence of `target` in `text`. */
function of(text: string, target: string, occurrence = 0): string {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = text.indexOf(target, at + 1);
  if (at < 0) throw new Error(`"${target}" not in "${text}"`);
  return assertionOf(text, at, at + target.length);
}

describe('assertionOf: negation', () => {
  it('negates after the forward triggers', () => {
    expect(of('The patient denies numbness in the hands.', 'numbness')).toBe('negated');
    expect(of('No new injury was reported.', 'new injury')).toBe('negated');
    expect(of('MRI is negative for disc herniation.', 'disc herniation')).toBe('negated');
    expect(of('Examination was without evidence of instability.', 'instability')).toBe('negated');
    expect(of('There was no evidence of radiculopathy on the study.', 'radiculopathy')).toBe('negated');
    expect(of('She has not had physical therapy.', 'physical therapy')).toBe('negated');
    expect(of('She has not yet tried acupuncture.', 'acupuncture')).toBe('negated');
    expect(of('She denies any history of diabetes.', 'diabetes')).toBe('negated');
  });

  it('negates every item of a comma list inside the clause', () => {
    const t = 'There is no evidence of radiculopathy, myelopathy or fracture.';
    expect(of(t, 'radiculopathy')).toBe('negated');
    expect(of(t, 'myelopathy')).toBe('negated');
    expect(of(t, 'fracture')).toBe('negated');
  });

  it('negates before the backward triggers', () => {
    expect(of('Fracture was ruled out.', 'Fracture')).toBe('negated');
    expect(of('A fracture has been ruled out by x-ray.', 'fracture')).toBe('negated');
  });

  it('does not read a UR denial or "not medically necessary" as negation', () => {
    expect(of('The request for MRI was denied.', 'MRI')).toBe('present');
    expect(of('Utilization review denied the request for physical therapy.', 'physical therapy')).toBe('present');
    expect(of('The MRI of the lumbar spine is not medically necessary.', 'MRI')).toBe('present');
  });

  it('does not negate what comes before a forward trigger', () => {
    expect(of('Lumbar strain without radiculopathy.', 'Lumbar strain')).toBe('present');
    expect(of('Lumbar strain without radiculopathy.', 'radiculopathy')).toBe('negated');
    expect(of('Concussion without loss of consciousness.', 'Concussion without loss of consciousness')).toBe('present');
  });
});

describe('assertionOf: possible, historical, hypothetical', () => {
  it('reads possibility', () => {
    expect(of('Possible cubital tunnel syndrome.', 'cubital tunnel syndrome')).toBe('possible');
    expect(of('Possible cubital tunnel syndrome.', 'Possible cubital tunnel syndrome')).toBe('possible');
    expect(of('Diagnoses include rule out carpal tunnel syndrome.', 'carpal tunnel syndrome')).toBe('possible');
    expect(of('r/o cervical radiculopathy', 'cervical radiculopathy')).toBe('possible');
    expect(of('Suspected meniscal tear.', 'meniscal tear')).toBe('possible');
    expect(of('Meniscal tear is suspected.', 'Meniscal tear')).toBe('possible');
    expect(of('There is probable rotator cuff tendinosis.', 'rotator cuff tendinosis')).toBe('possible');
    expect(of('Questionable labral tear on MRI.', 'labral tear')).toBe('possible');
    expect(of('A stress fracture cannot be ruled out.', 'stress fracture')).toBe('possible');
  });

  it('reads history', () => {
    expect(of('He has a history of lumbar fusion.', 'lumbar fusion')).toBe('historical');
    expect(of('She is status post right knee arthroscopy.', 'right knee arthroscopy')).toBe('historical');
    expect(of('s/p carpal tunnel release in 2012', 'carpal tunnel release')).toBe('historical');
    expect(of('He previously underwent physical therapy.', 'physical therapy')).toBe('historical');
    expect(of('He had epidural injections in the past.', 'epidural injections')).toBe('historical');
  });

  it('reads hypotheticals', () => {
    expect(of('If symptoms persist, an MRI may be considered.', 'MRI')).toBe('hypothetical');
    expect(of('Should the pain persist, surgery would be considered.', 'surgery')).toBe('hypothetical');
    expect(of('Return in case of worsening numbness.', 'worsening numbness')).toBe('hypothetical');
  });

  it('is present without a trigger', () => {
    expect(of('This 45-year-old was diagnosed with lumbar strain.', 'lumbar strain')).toBe('present');
    expect(of('He was seen by Dr. Smith for lumbar strain. No evidence of infection.', 'lumbar strain')).toBe('present');
  });
});

describe('assertionOf: scope', () => {
  it('ends at "but", "however", ";" and the sentence end', () => {
    expect(of('No radiculopathy but lumbar strain is present.', 'lumbar strain')).toBe('present');
    expect(of('No radiculopathy; lumbar strain.', 'lumbar strain')).toBe('present');
    expect(of('She denies numbness, however she reports weakness.', 'weakness')).toBe('present');
    expect(of('There is no fracture. Lumbar strain is diagnosed.', 'Lumbar strain')).toBe('present');
    expect(of('He was seen by Dr. Smith. No evidence of infection.', 'infection')).toBe('negated');
  });

  it('ends at a trigger of another category (the nearer one decides)', () => {
    expect(of('History of possible carpal tunnel syndrome.', 'carpal tunnel syndrome')).toBe('possible');
    expect(of('No history of lumbar surgery.', 'lumbar surgery')).toBe('negated');
  });

  it('ignores pseudo-triggers', () => {
    expect(of('The MRI should be done as soon as possible for the lumbar strain.', 'lumbar strain')).toBe('present');
    expect(of('There has been no change in the neck pain.', 'neck pain')).toBe('present');
    expect(of('Prior to the injury he worked as a driver.', 'driver')).toBe('present');
    expect(of('History of present illness: low back pain.', 'low back pain')).toBe('present');
  });

  it('does not reach across lines (one paragraph a line)', () => {
    expect(of('No numbness\nLumbar strain', 'Lumbar strain')).toBe('present');
  });

  it('returns present for an empty or out-of-range target', () => {
    expect(assertionOf('no pain', 3, 3)).toBe('present');
    expect(assertionOf('no pain', 5, 100)).toBe('present');
  });
});

describe('context rules and helpers', () => {
  it('loads rules of every category from data', () => {
    const categories = new Set(CONTEXT_RULES.map((r) => r.category));
    for (const c of ['NEGATED_EXISTENCE', 'POSSIBLE_EXISTENCE', 'HISTORICAL', 'HYPOTHETICAL', 'PSEUDO', 'TERMINATE']) {
      expect(categories.has(c as never)).toBe(true);
    }
  });

  it('finds the sentence around a target', () => {
    const t = 'He fell. Dr. Smith saw him for neck pain. Then he left.';
    const at = t.indexOf('neck pain');
    const [s, e] = sentenceBounds(t, at, at + 9);
    expect(t.slice(s, e)).toBe(' Dr. Smith saw him for neck pain');
  });

  it('gives each modifier a clause-limited scope', () => {
    const t = 'No numbness but tingling.';
    const mods = modifiersIn(t, 0, t.length);
    expect(mods).toHaveLength(1);
    expect(mods[0]).toMatchObject({ category: 'NEGATED_EXISTENCE', scopeEnd: t.indexOf('but') });
  });
});

describe('assertionOf: hostile input', () => {
  it('stays fast on 200 KB of repeated triggers and commas', () => {
    const text = 'no evidence of, possible, history of, if, should it persist, ruled out; '.repeat(2800) + 'lumbar strain';
    expect(text.length).toBeGreaterThan(200_000);
    const t0 = performance.now();
    for (let i = 0; i < 50; i++) assertionOf(text, text.length - 13, text.length);
    const a = assertionOf(text, text.length - 13, text.length);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(['negated', 'possible', 'historical', 'hypothetical', 'present']).toContain(a);
  });

  it('stays fast on one 200 KB sentence without punctuation', () => {
    const text = 'possible '.repeat(25_000);
    const t0 = performance.now();
    assertionOf(text, 100_000, 100_008);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
