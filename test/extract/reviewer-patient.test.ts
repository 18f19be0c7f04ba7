import { describe, expect, it } from 'vitest';
import { credentialsFromProse, readReviewer } from '../../src/extract/reviewer/reviewer.js';
import { readPatient } from '../../src/extract/patient/patient.js';

describe('reviewer', () => {
  it('reads the credential lines, in full state names and specialties as written', () => {
    expect(readReviewer('State(s) of Licensure: California, TX\nCertification(s)/Specialty: Physical Medicine & Rehabilitation, Pain Management; Occupational Medicine'))
      .toEqual({ licensure: ['California', 'Texas'], specialties: ['Physical Medicine & Rehabilitation', 'Pain Management', 'Occupational Medicine'] });
  });

  it('does not read "West Virginia" as Virginia', () => {
    expect(readReviewer('State(s) of Licensure: West Virginia').licensure).toEqual(['West Virginia']);
  });

  it('reads credentials stated in prose (older layouts)', () => {
    expect(credentialsFromProse('The review was performed by a physician who is board certified in Physical Medicine and Rehabilitation, has a subspecialty in Pain Medicine, and is licensed to practice in California and Nevada.'))
      .toEqual({ licensure: ['California', 'Nevada'], specialties: ['Physical Medicine and Rehabilitation', 'Pain Medicine'] });
    expect(credentialsFromProse('The physician reviewer is board certified in Anesthesiology with subspecialty certification in Pain Medicine and holds active medical licenses in Texas and California.'))
      .toEqual({ licensure: ['Texas', 'California'], specialties: ['Anesthesiology', 'Pain Medicine'] });
  });
});

describe('patient', () => {
  it.each([
    ['The injured worker is a 55 year old male, who sustained', 55, 'male'],
    ['This 52-year-old man injured his neck', 52, 'male'],
    ['The patient is a 44-year-old right-handed female who', 44, 'female'],
    ['The injured worker is a 60 year old who fell. She reports pain; her knee hurts.', 60, 'female'],
  ])('%s', (text, age, sex) => {
    expect(readPatient(text)).toEqual({ age, sex });
  });

  it('leaves unknown age and sex null', () => {
    expect(readPatient('The claimant reports pain.')).toEqual({ age: null, sex: null });
  });
});
