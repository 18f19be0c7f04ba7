import { describe, expect, it } from 'vitest';
import { isHeading, normalizeCharacters, normalizeText, removePageFurniture } from '../../src/ingest/normalize.js';

describe('normalizeCharacters', () => {
  it('straightens quotes, unifies line endings and spaces, drops soft hyphens', () => {
    expect(normalizeCharacters('worker’s “pain”\r\nnext\rline\u00a0x\tb\u00adc')).toBe('worker\'s "pain"\nnext\nline x bc');
  });
});

describe('page furniture', () => {
  it('drops "Page N of M" footers and the case-number header repeated after page breaks, keeping page 1 header', () => {
    const raw = 'Case Number: CM15-0164829\nDate Assigned: 08/24/2015\nHOW THE IMR FINAL DETERMINATION WAS MADE\nText of the first\nPage 1 of 2\n\fCase Number: CM15-0164829\npage continues here.\nPage 2 of 2';
    const text = normalizeText(raw);
    expect(text).toContain('Case Number: CM15-0164829');
    expect(text.match(/CM15-0164829/g)).toHaveLength(1);
    expect(text).not.toMatch(/Page \d of 2/);
    expect(text).toContain('Text of the first page continues here.');
  });

  it('drops the header printed at the bottom of a page (PDF content order)', () => {
    const pages = [['Case Number: CM1', 'body'], ['more body', 'Case Number: CM1', 'Page 2 of 3'], ['end']];
    expect(removePageFurniture(pages)[1]).toEqual(['more body']);
  });
});

describe('unwrapping', () => {
  it('joins hard-wrapped lines into one paragraph and rejoins hyphenated words', () => {
    const raw = 'CLINICAL CASE SUMMARY\nThe injured worker is a 46 year old male who has had a cortico-\nsteroid injection and eight sessions of physical therapy without lasting improve-\nment of his knee pain.';
    expect(normalizeText(raw)).toBe('CLINICAL CASE SUMMARY\nThe injured worker is a 46 year old male who has had a corticosteroid injection and eight sessions of physical therapy without lasting improvement of his knee pain.');
  });

  it('keeps a hyphen the letter writes elsewhere (sprain-strain)', () => {
    const raw = 'He has a cervical sprain-strain and the diagnosis is shoulder sprain-\nstrain according to the treating physician in the most recent progress report.';
    expect(normalizeText(raw)).toContain('shoulder sprain-strain');
  });

  it('reads double-spaced text (a blank line after every line) as wrapped paragraphs', () => {
    const raw = 'CLINICAL CASE SUMMARY \n\nThe injured worker is a 55 year old male, who sustained an industrial injury \n\non March 27, 2014. \n\n \n\nIMR ISSUES, DECISIONS AND RATIONALES \n\n';
    expect(normalizeText(raw)).toBe('CLINICAL CASE SUMMARY\nThe injured worker is a 55 year old male, who sustained an industrial injury on March 27, 2014.\nIMR ISSUES, DECISIONS AND RATIONALES');
  });

  it('starts a new line at labels, headings and disputed items, even after a wrapped item name', () => {
    const raw = [
      'The Final Determination was based on decisions for the disputed items/services set forth below:',
      'Physical therapy 2 times a week for 4',
      'weeks: Upheld',
      'Claims Administrator guideline: Decision based on MTUS.',
      'Decision rationale: The request is not medically necessary.',
      'Chiropractic joint manipulation times 12 was the original request. Chiropractic joint',
      'manipulation times 6 was authorized by the Claims Administrator. The remaining IMR',
      'eligible portion of the original request, Chiropractic joint manipulation times 6 is: Upheld',
      'MAXIMUS guideline: Decision based on MTUS.',
    ].join('\n');
    const lines = normalizeText(raw).split('\n');
    expect(lines[1]).toBe('Physical therapy 2 times a week for 4 weeks: Upheld');
    expect(lines[3]).toBe('Decision rationale: The request is not medically necessary.');
    expect(lines[4]).toMatch(/^Chiropractic joint manipulation times 12 .* is: Upheld$/);
    expect(lines[5]).toMatch(/^MAXIMUS guideline:/);
  });

  it('recognises upper-case headings, and joins one wrapped over two lines', () => {
    expect(isHeading('CLINICAL CASE SUMMARY')).toBe(true);
    expect(isHeading('Case Number: CM15-0164829')).toBe(false);
    const raw = 'RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY\nNECESSARY:\nThe criteria are not met.';
    expect(normalizeText(raw).split('\n')[0]).toBe('RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:');
  });

  // Catastrophic backtracking would hang here; the per-test timeout turns that into a failure.
  it('stays linear on long and hostile input', () => {
    const hostile = [
      'a-\n'.repeat(50_000),
      'Page 1 of 1\n\f'.repeat(20_000),
      `${'A'.repeat(200_000)}: Upheld`,
      `${'x: '.repeat(60_000)}\n`.repeat(3),
      // many hyphenated line ends, each asking about words the letter writes everywhere
      'sprain-\nstrain and sprain strain sprainstrain.\n\n'.repeat(30_000),
      // one long paragraph of hyphenated line ends: joining must not copy the paragraph each time
      'the patient continued treat-\ning treat-\n'.repeat(32_000),
    ];
    for (const raw of hostile) expect(typeof normalizeText(raw)).toBe('string');
  }, 10_000);
});

describe('hyphenation across line ends', () => {
  it('keeps the hyphen between two words the letter uses on their own, and joins word fragments', () => {
    const raw = 'The lumbar strain and the sprain were treated, with follow up planned; the diagnosis is lumbar sprain-\nstrain with improve-\nment and a follow-\nup visit in a month or so, according to the latest report.';
    const text = normalizeText(raw);
    expect(text).toContain('lumbar sprain-strain with improvement and a follow-up visit');
  });
});
