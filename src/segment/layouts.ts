/** The layout rules (rules/layouts.json) compiled once. */
import data from './rules/layouts.json' with { type: 'json' };
import type { Program, SectionName } from '../schema/record.js';

export interface SectionRule {
  name: SectionName;
  heading: RegExp;
}

export interface LayoutRule {
  id: string;
  program: Program;
  signals: RegExp[];
  required: number;
  sections: SectionRule[];
}

export const LAYOUTS: LayoutRule[] = data.layouts.map((l) => ({
  id: l.id,
  program: l.program as Program,
  signals: l.signals.map((s) => new RegExp(s, 'i')),
  required: l.required,
  sections: l.sections.map((s) => ({ name: s.name as SectionName, heading: new RegExp(s.heading, 'i') })),
}));

export function layoutById(id: string): LayoutRule | undefined {
  return LAYOUTS.find((l) => l.id === id);
}
