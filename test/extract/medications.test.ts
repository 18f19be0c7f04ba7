import { describe, expect, it } from 'vitest';
import { findMedications, medicationFromItem, distinctMedications } from '../../src/extract/medications/medications.js';
import { findDrugNames } from '../../src/extract/medications/lexicon.js';
import { readDetails } from '../../src/extract/medications/details.js';
import drugs from '../../src/lexicons/drugs.json' with { type: 'json' };
import type { Medication } from '../../src/schema/record.js';

const meds = (text: string): Medication[] => findMedications({ text, sections: [] });
const names = (text: string) => meds(text).map((m) => m.name);
const details = (s: string) => {
  const d = readDetails(s, 0, s.length, true);
  return { text: s.slice(0, d.end), strength: d.strength, form: d.form, quantity: d.quantity, frequency: d.frequency };
};

describe('drug vocabulary (src/lexicons/drugs.json)', () => {
  it('has a source line and lower-case generics, each class present', () => {
    expect(drugs.source).toMatch(/Orange Book/);
    expect(drugs.source).toMatch(/RxNorm/);
    for (const cls of ['opioid', 'nsaid', 'muscle relaxant', 'anticonvulsant', 'antidepressant', 'topical',
      'proton pump inhibitor or H2 blocker', 'sleep aid', 'benzodiazepine', 'steroid', 'antiemetic or gastrointestinal']) {
      expect(Object.keys(drugs.classes)).toContain(cls);
    }
    for (const entries of Object.values(drugs.classes)) {
      for (const e of entries as { generic: string | null }[]) if (e.generic) expect(e.generic).toBe(e.generic.toLowerCase());
    }
  });

  it('resolves a brand to its generic and a generic to itself, case-insensitively', () => {
    const m = meds('Medications: Norco, Flexeril, Soma, Celebrex, ZOFRAN, Valium, Ambien, Pamelor; Ibuprofen and naproxen.');
    expect(m.map((x) => [x.name, x.generic])).toEqual([
      ['Norco', 'hydrocodone/acetaminophen'], ['Flexeril', 'cyclobenzaprine'], ['Soma', 'carisoprodol'],
      ['Celebrex', 'celecoxib'], ['ZOFRAN', 'ondansetron'], ['Valium', 'diazepam'], ['Ambien', 'zolpidem'],
      ['Pamelor', 'nortriptyline'], ['Ibuprofen', 'ibuprofen'], ['naproxen', 'naproxen'],
    ]);
  });

  it('reads written combinations and multi-word names', () => {
    expect(meds('He takes hydrocodone/APAP and Tylenol #3.').map((x) => [x.name, x.generic])).toEqual([
      ['hydrocodone/APAP', 'hydrocodone/acetaminophen'], ['Tylenol #3', 'acetaminophen/codeine'],
    ]);
    expect(meds('She was given Norco (hydrocodone/acetaminophen) 10/325 mg.').map((x) => [x.text, x.name])).toEqual([
      ['Norco (hydrocodone/acetaminophen) 10/325 mg', 'Norco'],
    ]);
  });

  it('takes a misspelling as the name written, with the generic it misspells', () => {
    const [m] = meds('Medications including ophenadrine and ketoprofen were prescribed.');
    expect(m).toMatchObject({ name: 'ophenadrine', generic: 'orphenadrine' });
    // an English word one edit away from a drug is no drug ("ability" / Abilify)
    expect(meds('She has the ability to walk 20 minutes.')).toEqual([]);
  });
});

describe('strength, form, count and frequency', () => {
  it('writes strengths as the guide does', () => {
    expect(details(' 10/325mg').strength).toBe('10/325 mg');
    expect(details(' 10-325mg').strength).toBe('10/325 mg');
    expect(details(' 7.5 mg').strength).toBe('7.5 mg');
    expect(details(' 5%').strength).toBe('5 %');
    expect(details(' 320.5/30/16mg').strength).toBe('320.5/30/16 mg');
    expect(details(' 10mg/325mg').strength).toBe('10/325 mg');
    expect(details(' 25 mcg/hr').strength).toBe('25 mcg/hr');
    expect(details(' 10/325 #90').strength).toBe('10/325 mg'); // a fixed combination without its unit
  });

  it('reads the count: #60, # 60, quantity 60, QTY: 60, sixty count, 60 count, (60), x 60, 60 tablets', () => {
    for (const [s, q] of [
      [' 10 mg #60', 60], [' 10 mg # 60', 60], [' 5 mg quantity 10', 10], [' 5 mg QTY: 60', 60], [' 5 mg qty 60', 60],
      [' 30 mg sixty count', 60], [' 30 mg 60 count', 60], [' 10/325 mg (120)', 120], [' 350mg x 30', 30],
      [' 10 mg, #30', 30], [' 10/325 mg 120 tablets', 120], [' 10mg #30.', 30],
    ] as const) {
      expect(details(s).quantity, s).toBe(q);
    }
    expect(details(' 10 mg 1 tablet twice a day').quantity).toBeNull();
    expect(details(' 10/325 mg x 2 refills').quantity).toBeNull();
  });

  it('reads the form and the frequency', () => {
    expect(details(' 5% patches #30')).toMatchObject({ strength: '5 %', form: 'patch', quantity: 30 });
    expect(details(' tab 5 mg quantity 10')).toMatchObject({ text: ' tab 5 mg quantity 10', form: 'tablet', strength: '5 mg' });
    expect(details(' 600 mg three times a day').frequency).toBe('three times a day');
    expect(details(' 550 mg bid').frequency).toBe('bid');
    expect(details(' 5/325 mg every 6 hours').frequency).toBe('every 6 hours');
    expect(details(' 10/325mg 1 tab PO q6h PRN #120')).toMatchObject({ frequency: 'q6h PRN', quantity: 120 });
    expect(details(' 15 mg once daily').frequency).toBe('once daily');
  });

  it('a package size is not a strength', () => {
    expect(details(' gel 120gm')).toMatchObject({ strength: null, form: 'gel' });
    expect(details(' 4%-27.5%-0.0325% 121gm #1')).toMatchObject({ strength: '4/27.5/0.0325 %', quantity: 1 });
  });
});

describe('medications: the list', () => {
  it('keeps the first mention, distinct by name and strength', () => {
    const m = meds('Current medications are Norco 5/325 mg every 6 hours and naproxen 550 mg twice daily. The request for Norco 5/325 mg #60 and Naproxen 550mg was denied. Norco 10/325 mg was also requested.');
    expect(m.map((x) => [x.text, x.strength, x.quantity])).toEqual([
      ['Norco 5/325 mg', '5/325 mg', null], ['naproxen 550 mg', '550 mg', null], ['Norco 10/325 mg', '10/325 mg', null],
    ]);
  });

  it('a later mention without a strength is a repeat, also misspelt; another name of the drug is an item', () => {
    expect(names('She takes Diazepam tab 5 mg quantity 10. The diazempam prescription was denied. Diazepam helps.')).toEqual(['Diazepam']);
    expect(names('Medications include Tylenol, Ketoprofen, Acetaminophen, and Orphenadrine.')).toEqual(['Tylenol', 'Ketoprofen', 'Acetaminophen', 'Orphenadrine']);
    expect(names('Recently prescribed medications included Ambien, Naproxen, and Flexeril. The request was for Naproxen 550mg #60 and Flexeril 10mg #30.'))
      .toEqual(['Ambien', 'Naproxen', 'Flexeril', 'Naproxen', 'Flexeril']);
    expect(names('Norco was continued. Norco 7.5/325mg #112 was requested.')).toEqual(['Norco', 'Norco']);
  });

  it('each ingredient of a compounded cream is an item', () => {
    const m = meds('The provider requested Flurbiprofen 10%, Cyclobenzaprine 3%, Lidocaine 5% cream.');
    expect(m.map((x) => [x.name, x.strength])).toEqual([['Flurbiprofen', '10 %'], ['Cyclobenzaprine', '3 %'], ['Lidocaine', '5 %']]);
    const c = meds('Requested: Flurbiprofen/Baclofen/Lidocaine cream (20%/5%/4%).');
    expect(c.map((x) => [x.name, x.strength, x.form])).toEqual([
      ['Flurbiprofen', '20 %', 'cream'], ['Baclofen', '5 %', 'cream'], ['Lidocaine', '4 %', 'cream'],
    ]);
  });

  it('status: current, past, requested', () => {
    const m = meds('He previously took Naprosyn 500 mg, which was discontinued. Current medications are gabapentin 300 mg three times a day. Ibuprofen 800 mg was discontinued because of upset. The physician requested Lidoderm 5% patches #30.');
    expect(m.map((x) => [x.name, x.status])).toEqual([
      ['Naprosyn', 'past'], ['gabapentin', 'current'], ['Ibuprofen', 'past'], ['Lidoderm', 'requested'],
    ]);
    expect(meds('Ultram 50mg #30: Upheld')[0]!.status).toBe('requested');
  });

  it('assertion from the ConText rules', () => {
    expect(meds('The patient denies taking Norco.')[0]!.assertion).toBe('negated');
    expect(meds('If symptoms persist, consider Celebrex 200 mg.')[0]!.assertion).toBe('hypothetical');
  });
});

describe('medications: what is not a medication', () => {
  it('drug classes and the word medication', () => {
    expect(meds('He takes NSAIDs, opioids, a muscle relaxant and benzodiazepines; medications help; medication management.')).toEqual([]);
  });

  it('a drug inside a planned procedure, a contrast agent, a dose equivalent', () => {
    expect(meds('A subacromial cortisone injection is contemplated.')).toEqual([]);
    expect(meds('Trigger point injections with lidocaine and Kenalog were given.')).toEqual([]);
    expect(meds('MRI with gadolinium, a type of contrast or dye, was obtained.')).toEqual([]);
    expect(meds('The morphine equivalent dose should not exceed 120 mg.')).toEqual([]);
  });

  it('drugs named only inside a guideline: quoted, restated, or a citation line', () => {
    expect(meds('The MTUS states: "Cyclobenzaprine is recommended for a short course of therapy."')).toEqual([]);
    expect(meds('The California MTUS 2016 Chronic Pain Guidelines recommend cyclobenzaprine using a short course of therapy.')).toEqual([]);
    expect(meds('Regarding flurbiprofen, the only recommended topical medication is diclofenac.')).toEqual([]);
    expect(meds('MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Cyclobenzaprine (Flexeril).')).toEqual([]);
    // a quotation from the medical records is the letter's
    expect(names('"Valium and Zofran not able to fill per insurance."')).toEqual(['Valium', 'Zofran']);
  });
});

describe('medicationFromItem (issues[].medication)', () => {
  const item = (s: string) => medicationFromItem({ text: s }, 0, s.length);

  it('reads name, generic, strength, count of a drug item', () => {
    expect(item('Norco 10/325mg #120')).toMatchObject({
      text: 'Norco 10/325mg #120', span: [0, 19], name: 'Norco', generic: 'hydrocodone/acetaminophen', strength: '10/325 mg', quantity: 120, status: 'requested',
    });
    expect(item('Diazepam 5mg #10')).toMatchObject({ name: 'Diazepam', generic: 'diazepam', strength: '5 mg', quantity: 10 });
    expect(item('Nortriptyline HCL 25mg, #30')).toMatchObject({ name: 'Nortriptyline', strength: '25 mg', quantity: 30 });
    expect(item('Salonpas pad #60')).toMatchObject({ name: 'Salonpas', generic: null, form: 'pad', quantity: 60 });
    expect(item('Flurbiprofen 10%/Dextromethorphan 5%/Lidocaine 5%, 120grams #1')).toMatchObject({ name: 'Flurbiprofen', quantity: 1 });
  });

  it('is null for an item that names no drug', () => {
    expect(item('Physical therapy 2 times a week for 6 weeks')).toBeNull();
  });

  it('spans point into the text it was given', () => {
    const text = 'IMR ISSUES\nCyclobenzaprine 7.5mg #60: Upheld';
    const start = text.indexOf('Cyclo');
    const m = medicationFromItem({ text }, start, text.indexOf(':', start))!;
    expect(text.slice(m.span[0], m.span[1])).toBe(m.text);
    expect(m).toMatchObject({ name: 'Cyclobenzaprine', strength: '7.5 mg', quantity: 60 });
  });
});

describe('medications: hostile input', () => {
  it('200 KB of "#########", of repeated drugs and of long words finish fast', () => {
    for (const text of ['#'.repeat(200_000), 'Norco 10/325 mg #120 '.repeat(10_000), 'Flexeril/Norco/Motrin/'.repeat(9_000),
      'diazempam '.repeat(20_000), '1234567890/'.repeat(20_000), `Norco${' '.repeat(200_000)}10 mg`]) {
      const t0 = performance.now();
      meds(text);
      findDrugNames(text);
      medicationFromItem({ text }, 0, Math.min(text.length, 10_000));
      expect(performance.now() - t0).toBeLessThan(4000);
    }
  });

  it('distinct filter is stable on an empty list', () => {
    expect(distinctMedications([])).toEqual([]);
  });
});
