import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../src/ingest/normalize.js';
import { detectLayout } from '../../src/segment/detect.js';
import { segmentText } from '../../src/segment/segment.js';
import { sample } from '../helpers.js';

const textOf = (name: string) => normalizeText(readFileSync(sample(name), 'utf8'));

describe('detectLayout', () => {
  it.each([
    ['seed-dwc-standard.txt', 'dwc-imr/standard'],
    ['dwc-standard-header-3-items.txt', 'dwc-imr/standard'],
    ['dwc-standard-wrapped-pdf-noise.txt', 'dwc-imr/standard'],
    ['dwc-maximus-letter.txt', 'dwc-imr/maximus-letter'],
    ['dwc-professional-review.txt', 'dwc-imr/professional-review'],
  ])('%s is %s', (file, layout) => {
    expect(detectLayout(textOf(file))?.id).toBe(layout);
  });

  it('recognises nothing in an invoice or in prose that merely mentions a heading', () => {
    expect(detectLayout(textOf('not-a-letter.txt'))).toBeNull();
    expect(detectLayout('We discussed how the IMR final determination was made in the meeting.')).toBeNull();
  });
});

describe('segmentText', () => {
  it('cuts the standard layout at its headings, with the header block first', () => {
    const text = textOf('dwc-standard-header-3-items.txt');
    const sections = segmentText(text, 'dwc-imr/standard');
    expect(sections.map((s) => s.name)).toEqual(['header', 'determination-process', 'credentials', 'case-summary', 'issues']);
    const summary = sections.find((s) => s.name === 'case-summary')!;
    expect(text.slice(summary.span[0], summary.span[1])).toMatch(/^CLINICAL CASE SUMMARY\n[\s\S]*disability|duty/);
    for (const s of sections) expect(s.span[0]).toBeLessThanOrEqual(s.span[1]);
  });

  it('reads the professional review, whose rationale heading wraps onto two lines', () => {
    const sections = segmentText(textOf('dwc-professional-review.txt'), 'dwc-imr/professional-review');
    expect(sections.map((s) => s.name)).toEqual(['header', 'issues', 'case-summary', 'documents-reviewed', 'other', 'rationale', 'qualifications']);
  });

  it('has no header section when the letter starts with its first heading (the seed)', () => {
    expect(segmentText(textOf('seed-dwc-standard.txt'), 'dwc-imr/standard').map((s) => s.name))
      .toEqual(['determination-process', 'credentials', 'case-summary', 'issues']);
  });
});
