/**
 * The determination record (output contract v1, ../../README.md#the-record) as a zod schema.
 * This file is the contract's single source of truth in code: the TypeScript types are
 * inferred from it and `imr schema` prints its JSON Schema.
 */
import { z } from 'zod';
import { SCHEMA_VERSION } from './version.js';

export { SCHEMA_VERSION };

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'ISO date YYYY-MM-DD');
export const SpanSchema = z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]);

export const MentionSchema = z.object({ text: z.string(), span: SpanSchema });

export const LateralitySchema = z.enum(['left', 'right', 'bilateral']).nullable();
export const BodyPartSchema = MentionSchema.extend({ part: z.string(), laterality: LateralitySchema });

export const AssertionSchema = z.enum(['present', 'negated', 'possible', 'historical', 'hypothetical']);

export const DiagnosisSchema = MentionSchema.extend({
  normalized: z.string(),
  icd10: z.string().nullable(),
  bodyParts: z.array(BodyPartSchema),
  assertion: AssertionSchema,
});

export const PainScoreSchema = MentionSchema.extend({
  value: z.number(),
  max: z.number(),
  bodyPart: z.string().nullable(),
  qualifier: z.enum(['with medication', 'without medication']).nullable(),
  date: isoDate.nullable(),
});

export const MedicationSchema = MentionSchema.extend({
  name: z.string(),
  generic: z.string().nullable(),
  strength: z.string().nullable(),
  form: z.string().nullable(),
  quantity: z.number().nullable(),
  frequency: z.string().nullable(),
  status: z.enum(['current', 'past', 'requested']).nullable(),
  assertion: AssertionSchema,
});

export const SERVICE_CATEGORIES = [
  'medication', 'physical_therapy', 'occupational_therapy', 'chiropractic', 'acupuncture', 'imaging',
  'electrodiagnostic', 'laboratory', 'injection', 'surgery', 'durable_medical_equipment', 'psychological',
  'consultation', 'home_health', 'functional_restoration', 'transportation', 'other',
] as const;
export const ServiceCategorySchema = z.enum(SERVICE_CATEGORIES);

export const TreatmentSchema = MentionSchema.extend({ category: ServiceCategorySchema, assertion: AssertionSchema });

export const WORK_STATUSES = [
  'temporary total disability', 'temporary partial disability', 'modified duty', 'full duty',
  'permanent and stationary', 'retired', 'not working', 'other',
] as const;
export const WorkStatusSchema = MentionSchema.extend({ status: z.enum(WORK_STATUSES) });

export const EventSchema = MentionSchema.extend({ date: isoDate, finding: z.string() });

export const SECTION_NAMES = [
  'header', 'determination-process', 'credentials', 'documents-reviewed', 'case-summary', 'issues',
  'rationale', 'qualifications', 'other',
] as const;
export const SectionNameSchema = z.enum(SECTION_NAMES);
export const SectionSchema = z.object({ name: SectionNameSchema, heading: z.string().nullable(), span: SpanSchema });

export const GuidelineSchema = MentionSchema.extend({
  citedBy: z.enum(['claims administrator', 'reviewer']),
  source: z.enum(['MTUS', 'ACOEM', 'ODG', 'other']),
  topic: z.string().nullable(),
});

export const IssueSchema = z.object({
  service: MentionSchema,
  category: ServiceCategorySchema,
  bodyParts: z.array(BodyPartSchema),
  quantity: z.object({ value: z.number(), unit: z.string() }).nullable(),
  frequency: z.string().nullable(),
  duration: z.string().nullable(),
  medication: MedicationSchema.nullable(),
  decision: z.enum(['upheld', 'overturned']).nullable(),
  medicallyNecessary: z.boolean().nullable(),
  guidelines: z.array(GuidelineSchema),
  reviewerUsedMtus: z.boolean().nullable(),
  rationale: MentionSchema.nullable(),
});

export const SourceSchema = z.object({
  path: z.string(),
  kind: z.enum(['text', 'pdf']),
  bytes: z.number().int().nonnegative(),
  pages: z.number().int().nonnegative().nullable(),
});

export const ProgramSchema = z.enum(['dwc-imr', 'dmhc-imr', 'unknown']);

export const DeterminationRecordSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  id: z.string().regex(/^[0-9a-f]{64}$/),
  source: SourceSchema,
  program: ProgramSchema,
  layout: z.string(),
  caseNumber: z.string().nullable(),
  dates: z.object({
    assigned: isoDate.nullable(),
    decision: isoDate.nullable(),
    urDenial: isoDate.nullable(),
    applicationReceived: isoDate.nullable(),
    injury: isoDate.nullable(),
  }),
  priority: z.enum(['standard', 'expedited']).nullable(),
  reviewer: z.object({ licensure: z.array(z.string()), specialties: z.array(z.string()) }),
  patient: z.object({ age: z.number().nullable(), sex: z.enum(['male', 'female']).nullable() }),
  injury: z.object({ date: isoDate.nullable(), bodyParts: z.array(BodyPartSchema), mechanism: MentionSchema.nullable() }),
  diagnoses: z.array(DiagnosisSchema),
  painScores: z.array(PainScoreSchema),
  medications: z.array(MedicationSchema),
  treatmentsToDate: z.array(TreatmentSchema),
  workStatus: WorkStatusSchema.nullable(),
  events: z.array(EventSchema),
  issues: z.array(IssueSchema),
  sections: z.array(SectionSchema),
  /** The normalized full text every span points into; dropped by `--no-text`. */
  text: z.string().optional(),
  warnings: z.array(z.string()),
});

export const ERROR_CODES = [
  'unreadable', 'encrypted', 'no-text-layer', 'not-a-determination', 'too-large', 'timeout', 'internal',
] as const;
export const ErrorCodeSchema = z.enum(ERROR_CODES);

export const ErrorRecordSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  id: z.string(),
  source: SourceSchema,
  error: z.object({ code: ErrorCodeSchema, message: z.string() }),
});

export const OutputRecordSchema = z.union([DeterminationRecordSchema, ErrorRecordSchema]);

export type Span = z.infer<typeof SpanSchema>;
export type Mention = z.infer<typeof MentionSchema>;
export type BodyPart = z.infer<typeof BodyPartSchema>;
export type Laterality = z.infer<typeof LateralitySchema>;
export type Assertion = z.infer<typeof AssertionSchema>;
export type Diagnosis = z.infer<typeof DiagnosisSchema>;
export type PainScore = z.infer<typeof PainScoreSchema>;
export type Medication = z.infer<typeof MedicationSchema>;
export type ServiceCategory = z.infer<typeof ServiceCategorySchema>;
export type Treatment = z.infer<typeof TreatmentSchema>;
export type WorkStatus = z.infer<typeof WorkStatusSchema>;
export type ClinicalEvent = z.infer<typeof EventSchema>;
export type SectionName = z.infer<typeof SectionNameSchema>;
export type Section = z.infer<typeof SectionSchema>;
export type Guideline = z.infer<typeof GuidelineSchema>;
export type Issue = z.infer<typeof IssueSchema>;
export type Source = z.infer<typeof SourceSchema>;
export type Program = z.infer<typeof ProgramSchema>;
export type DeterminationRecord = z.infer<typeof DeterminationRecordSchema>;
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;
export type ErrorRecord = z.infer<typeof ErrorRecordSchema>;
export type OutputRecord = z.infer<typeof OutputRecordSchema>;

export function isErrorRecord(r: OutputRecord): r is ErrorRecord {
  return 'error' in r;
}

/** The JSON Schema of one output line (a determination record or an error record). */
export function outputJsonSchema(): unknown {
  return z.toJSONSchema(OutputRecordSchema, { target: 'draft-2020-12' });
}
