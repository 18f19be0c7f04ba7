/**
 * Segment: cuts the normalized text into the layout's sections at its headings. What comes
 * before the first heading is the `header` (the labelled fields or the letterhead). A section
 * runs from its heading to the next heading.
 */
import type { Doc } from '../pipeline/document.js';
import type { Stage } from '../pipeline/stage.js';
import type { Section } from '../schema/record.js';
import { layoutById } from './layouts.js';

export function segmentText(text: string, layoutId: string): Section[] {
  const layout = layoutById(layoutId);
  if (!layout) return [];
  const starts: { name: Section['name']; heading: string; start: number }[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    const rule = line.length < 300 ? layout.sections.find((s) => s.heading.test(line)) : undefined;
    if (rule) starts.push({ name: rule.name, heading: line, start: offset });
    offset += line.length + 1;
  }
  const sections: Section[] = [];
  const firstStart = starts[0]?.start ?? text.length;
  if (text.slice(0, firstStart).trim()) sections.push({ name: 'header', heading: null, span: [0, trimEnd(text, firstStart)] });
  starts.forEach((s, i) => {
    const end = i + 1 < starts.length ? starts[i + 1]!.start : text.length;
    sections.push({ name: s.name, heading: s.heading, span: [s.start, trimEnd(text, end)] });
  });
  return sections;
}

function trimEnd(text: string, end: number): number {
  while (end > 0 && /\s/.test(text[end - 1]!)) end--;
  return end;
}

export const segmentStage: Stage = {
  name: 'segment',
  requires: ['layout'],
  provides: ['sections'],
  run(doc: Doc) {
    doc.sections = segmentText(doc.text, doc.layout);
    if (!doc.sections.some((s) => s.name === 'issues')) {
      doc.warnings.push('no section of disputed items was found');
    }
  },
};
