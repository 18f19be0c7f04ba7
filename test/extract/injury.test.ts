import { describe, expect, it } from 'vitest';
import { extractText, isErrorRecord, type DeterminationRecord } from '../../src/public/index.js';
import { readInjury, sentences } from '../../src/extract/injury/injury.js';
import { newDoc } from '../../src/pipeline/document.js';

const letter = (summary: string, rationale = 'The request is not medically necessary.') => `HOW THE IMR FINAL DETERMINATION WAS MADE
MAXIMUS Federal Services sent the complete case file to an expert reviewer.
The Expert Reviewer has the following credentials:
State(s) of Licensure: California
Certification(s)/Specialty: Orthopedic Surgery
CLINICAL CASE SUMMARY
The expert reviewer developed the following clinical case summary based on a review of the case file, including all medical records:
${summary}
IMR ISSUES, DECISIONS AND RATIONALES
The Final Determination was based on decisions for the disputed items/services set forth below:
MRI of the lumbar spine: Upheld
Claims Administrator guideline: Decision based on MTUS Low Back Complaints 2004.
MAXIMUS guideline: Decision based on MTUS Low Back Complaints 2004.
Decision rationale: ${rationale}`;

async function injuryOf(summary: string, rationale?: string) {
  const r = await extractText(letter(summary, rationale));
  if (isErrorRecord(r)) throw new Error(r.error.message);
  const rec = r as DeterminationRecord;
  for (const b of rec.injury.bodyParts) expect(rec.text!.slice(b.span[0], b.span[1])).toBe(b.text);
  const m = rec.injury.mechanism;
  if (m) expect(rec.text!.slice(m.span[0], m.span[1])).toBe(m.text);
  return {
    parts: rec.injury.bodyParts.map((b) => [b.text, b.part, b.laterality]),
    mechanism: m?.text ?? null,
  };
}

describe('injury body parts: the injury sentence', () => {
  it('reads "sustained an industrial injury to her low back ... while lifting ..."', async () => {
    expect(await injuryOf('The injured worker is a 41 year old female, who sustained an industrial injury to her low back on 03/14/2013 while lifting a case of bottled water onto a shelf. She has since developed pain radiating into the left leg.')).toEqual({
      parts: [['low back', 'lumbar spine', null]], mechanism: 'lifting a case of bottled water onto a shelf',
    });
  });

  it('reads "injured his neck falling from a ladder", not the job context', async () => {
    expect(await injuryOf('This 52-year-old man injured his neck falling from a ladder on October 2, 2012, while working as an electrician. Since the injury, he has reported neck pain radiating into the right arm.')).toEqual({
      parts: [['neck', 'cervical spine', null]], mechanism: 'falling from a ladder',
    });
  });

  it('reads "incurring neck and shoulder injuries" and "attributed to ..."', async () => {
    expect((await injuryOf('The injured worker is a 59 year old male who sustained a work related injury on October 13, 2016, incurring neck and shoulder injuries. He was diagnosed with a head contusion.')).parts)
      .toEqual([['neck', 'cervical spine', null], ['shoulder', 'shoulder', null]]);
    expect(await injuryOf('The patient is a 44-year-old female who reported a cumulative trauma injury to her neck and right wrist on 9/15/2011, attributed to repetitive keyboarding in her work as a medical billing clerk.')).toEqual({
      parts: [['neck', 'cervical spine', null], ['right wrist', 'wrist', 'right']], mechanism: 'repetitive keyboarding',
    });
  });

  it('does not read the diagnosis clause of the injury sentence', async () => {
    expect((await injuryOf('The injured worker is a 27 year old female, who sustained an industrial injury on 10-16-16 and has been treated for lumbar strain. On 11-1-16 she complained of low back pain.')).parts).toEqual([]);
  });
});

describe('injury body parts: the report right after the injury sentence', () => {
  it('reads an undated "He reported neck, right arm and left thigh pain"', async () => {
    expect((await injuryOf('The injured worker is a 55 year old male, who sustained an industrial injury on March 27, 2014. He reported neck, right arm and left thigh pain and experiencing a pop in his neck. Currently, the injured worker complains of mid upper back pain.')).parts)
      .toEqual([['neck', 'cervical spine', null], ['right arm', 'arm', 'right'], ['left thigh', 'thigh', 'left']]);
  });

  it('keeps the side on the part it is written with ("neck, right knee and ankle")', async () => {
    expect((await injuryOf('The injured worker is a 33 year old female who sustained an industrial injury on 10-21-16. The injured worker reported discomfort of the neck, right knee and ankle.')).parts)
      .toEqual([['neck', 'cervical spine', null], ['right knee', 'knee', 'right'], ['ankle', 'ankle', null]]);
  });

  it('does not read later, dated complaints or treatment sentences', async () => {
    expect((await injuryOf('The injured worker is a 48 year old male who sustained an industrial injury on 10-13-16. The injured worker was being treated for right shoulder contusion and neck strain. The injured worker was evaluated on 10-19-16 for complaints of neck, back and right shoulder pain.')).parts).toEqual([]);
    expect((await injuryOf('The injured worker is a 44 year old male who sustained an industrial injury on 11-14-2016. The documentation on 12-07-2016 noted the injured worker has complaints of severe pain to the lower back.')).parts).toEqual([]);
  });
});

describe('injury body parts: sentences describing the event', () => {
  it('reads the mechanism sentence, without a posture ("working on his knees")', async () => {
    expect(await injuryOf('This case involves a now 55-year-old male, with a history of an occupational claim from 10/15/2016. The mechanism of injury was detailed as the patient was working on his knees on a metal plate and twisted the right knee. The current diagnoses are documented as knee pain.')).toEqual({
      parts: [['right knee', 'knee', 'right']], mechanism: 'working on his knees on a metal plate and twisted the right knee',
    });
  });

  it('reads "felt a pop in his right knee" and "pain ... that started while pushing boxes"', async () => {
    expect(await injuryOf('The injured worker is a 46 year old male, who sustained an industrial injury on February 9, 2015, while stepping down from a forklift. He felt a pop in his right knee and developed immediate pain and swelling. He denies any prior injury to the left knee.')).toEqual({
      parts: [['right knee', 'knee', 'right']], mechanism: 'stepping down from a forklift',
    });
    expect((await injuryOf('The injured worker is a 42 year old male with an industrial injury date of 12-03-2016. The injured worker presented on 12-03-2016 with complaints of sharp pain in right shoulder that started while pushing boxes the day prior.')).parts)
      .toEqual([['right shoulder', 'shoulder', 'right']]);
  });

  it('reads an event told in the rationale ("acutely injured the shoulder"), not what follows it', async () => {
    expect((await injuryOf('The injured worker is a 62 year old male, who sustained an industrial injury on November 10, 2016.', 'This patient acutely injured the shoulder in November 2016 and continues with reduced range of motion of the neck. The request is not medically necessary.')).parts)
      .toEqual([['shoulder', 'shoulder', null]]);
  });

  it('does not read a later incident (another date, "again", "at home") as the injury', async () => {
    expect((await injuryOf('The injured worker is a 50 year old male, who sustained an industrial injury on 11-01-2016. On 12-20-2016 he twisted his left ankle stepping off a curb. He hurt his back again while lifting his child at home.')).parts).toEqual([]);
  });

  it('gives no parts and no mechanism when neither is stated', async () => {
    expect(await injuryOf('This case involves a now 43-year-old male with a history of an occupational claim from 10/10/2016. The mechanism of injury was not detailed in the information provided for review. The current diagnoses are documented as shoulder pain.')).toEqual({ parts: [], mechanism: null });
  });

  it('reads the mechanism phrase of "The mechanism of injury is detailed as ..."', async () => {
    expect((await injuryOf('This case involves a now 36-year-old female with a history of an occupational claim from 10/13/2016. The mechanism of injury is detailed as a slip and fall. The current diagnosis is lumbar strain.')).mechanism).toBe('a slip and fall');
    expect((await injuryOf('The injured worker is a 48 year old male, who sustained an industrial injury on 10-15-16. Mechanism of injury occurred when the injured worker flipped off the bottom step of a ladder.')).mechanism).toBe('flipped off the bottom step of a ladder');
  });
});

describe('sentences', () => {
  it('splits at sentence ends, also without the space ("2016.The"), not after "Dr."', () => {
    const text = 'Injury on 11-08-2016.The notes of Dr. Smith say so. Next one.';
    expect(sentences(text, 0, text.length).map(([s, e]) => text.slice(s, e))).toEqual([
      'Injury on 11-08-2016.', 'The notes of Dr. Smith say so.', 'Next one.',
    ]);
  });
});

describe('hostile input', () => {
  it('reads a 200 KB adversarial case summary quickly', () => {
    const inputs = [
      'sustained an industrial injury while '.repeat(5_000),
      'The mechanism of injury is detailed as '.repeat(5_000),
      'He injured his right knee. '.repeat(7_000),
      'a'.repeat(200_000),
      '.'.repeat(200_000),
      'while lifting '.repeat(15_000),
      'He sustained an industrial injury to his knee while lifting boxes '.repeat(3_000),
      'The mechanism of injury was he twisted his knee lifting boxes '.repeat(3_000),
      'He injured his knee falling on his knees '.repeat(5_000),
    ];
    for (const input of inputs) {
      const doc = newDoc('x', { path: 'x', kind: 'text', bytes: input.length, pages: null }, null);
      doc.text = input;
      const t0 = performance.now();
      readInjury(doc);
      expect(performance.now() - t0).toBeLessThan(3000);
    }
  });
});
