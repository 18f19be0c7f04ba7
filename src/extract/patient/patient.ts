/**
 * Patient: age and sex from the case summary ("a 55 year old male", "This 52-year-old man");
 * without a sex word, from the pronouns the summary uses most.
 */
import type { Doc } from '../../pipeline/document.js';
import { section } from '../../pipeline/document.js';
import type { Stage } from '../../pipeline/stage.js';

const AGE = /\b(\d{1,3})[- ](?:year|yr)s?[- ]old\b(?:[ ,]+(?:(?:[a-z]+-)?[a-z]+[ ,]+){0,3}?(male|female|man|woman|gentleman|lady|boy|girl)\b)?/i;
const SEX_WORD = /\b(male|female|man|woman|gentleman|lady)\b/i;
const SEX_OF: Record<string, 'male' | 'female'> = {
  male: 'male', man: 'male', gentleman: 'male', boy: 'male', female: 'female', woman: 'female', lady: 'female', girl: 'female',
};

export function readPatient(summary: string): { age: number | null; sex: 'male' | 'female' | null } {
  const m = AGE.exec(summary);
  const age = m ? Number(m[1]) : null;
  let sex = m?.[2] ? SEX_OF[m[2].toLowerCase()]! : null;
  if (!sex) {
    const w = SEX_WORD.exec(summary.slice(0, 2000));
    if (w) sex = SEX_OF[w[1]!.toLowerCase()]!;
  }
  if (!sex) {
    const he = (summary.match(/\b(he|his|him|himself)\b/gi) ?? []).length;
    const she = (summary.match(/\b(she|her|hers|herself)\b/gi) ?? []).length;
    if (he !== she) sex = he > she ? 'male' : 'female';
  }
  return { age: age !== null && age > 0 && age < 120 ? age : null, sex };
}

export const patientStage: Stage = {
  name: 'patient',
  requires: ['sections'],
  provides: ['structure'],
  run(doc: Doc) {
    const summary = section(doc, 'case-summary');
    const text = summary ? doc.text.slice(summary.span[0], summary.span[1]) : doc.text;
    doc.fields.patient = readPatient(text);
  },
};
