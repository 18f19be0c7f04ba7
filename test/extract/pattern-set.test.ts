import { describe, expect, it } from 'vitest';
import { PatternSet, isCalm, loosened, widened } from '../../src/extract/pattern-set.js';
import treatments from '../../src/extract/treatments/treatments.json' with { type: 'json' };
import workStatus from '../../src/extract/work-status/work-status.json' with { type: 'json' };

/** Every lexicon source with a white-space quantifier, as the extractors wrap them. */
const SOURCES: string[] = [
  ...treatments.triggers.map((t) => `(?<![A-Za-z])(?:${t.pattern})(?![A-Za-z])`),
  ...Object.values(treatments).filter((v): v is string => typeof v === 'string' && /\\s\{/.test(v)),
  ...workStatus.statuses.flatMap((s) => s.patterns.map((p) => `(?<![A-Za-z])(?:${p})(?![A-Za-z])`)),
];

const TEXTS = [
  'Treatment to date has included physical therapy, chiropractic care and acupuncture.',
  'Prior treatment has been noted to include: medications, an MRI of the lumbar spine on 1/2/2016 which revealed a bulge.',
  'The patient has had 12 sessions of physical therapy without improvement; she was prescribed Norco.',
  'He remains off work; modified duty with restrictions of no lifting over 10 pounds was not available.',
  'The injured worker is temporarily totally disabled and has not returned to work. Permanent and stationary on 3/4/17.',
  'She was not working, is retired from her job, and returned to full duty without restrictions on 5/6/2016.',
  'Current medications include Motrin. Diagnostic studies included x-rays. Status post knee arthroscopy.',
];

/** All matches of a global scan, as [index, text] pairs. */
const all = (re: RegExp, s: string) => [...s.matchAll(re)].map((m) => [m.index, m[0]]);

describe('widened sources', () => {
  it('widens only \\s{m,n} with n >= 1, not classes or escapes', () => {
    expect(widened('a\\s{1,3}b\\s{0,2}c')).toBe('a\\s{1,}b\\s{0,}c');
    expect(widened('[\\s{1,3}]\\s{1,3}')).toBe('[\\s{1,3}]\\s{1,}');
    expect(widened('\\\\s{1,3}')).toBe('\\\\s{1,3}');
    expect(widened('\\s{0,0}x')).toBe('\\s{0,0}x');
  });

  it('match exactly as the originals in a calm text (no two white-space characters in a row)', () => {
    for (const source of SOURCES) {
      const exact = new RegExp(source, 'gi');
      const wide = new RegExp(widened(source), 'gi');
      for (const text of TEXTS) {
        expect(isCalm(text)).toBe(true);
        expect(all(wide, text)).toEqual(all(exact, text));
      }
    }
  });

  it('are not calm texts with two white-space characters in a row', () => {
    expect(isCalm('a b\nc')).toBe(true);
    expect(isCalm('a  b')).toBe(false);
    expect(isCalm('a \nb')).toBe(false);
  });
});

describe('PatternSet', () => {
  const patterns = workStatus.statuses.flatMap((s) => s.patterns.map((p) => new RegExp(`(?<![A-Za-z])(?:${p})(?![A-Za-z])`, 'gi')));
  patterns.push(/(?<![A-Za-z])(?:TTD|P\s{0,2}&\s{0,2}S)(?![A-Za-z])/g);
  const set = new PatternSet(patterns);
  // stretches that touch, one that starts just after a letter, and white-space runs
  const text = `${TEXTS.join(' ')} Xoff work;then TTD  and P & S, off   work\n\nwith  restrictions`;
  const stretches: { start: number; end: number }[] = [];
  for (let i = 0; i < text.length; i += 37) stretches.push({ start: i, end: Math.min(text.length, i + 37) });

  it('finds in each stretch what each pattern\'s own scan of the stretch finds', () => {
    const expected: [number, number, number, string][] = [];
    stretches.forEach(({ start, end }, j) => {
      const s = text.slice(start, end);
      patterns.forEach((re, i) => {
        for (const m of s.matchAll(re)) expected.push([j, i, m.index, m[0]]);
      });
    });
    const got = set.matchesByStretch(text, stretches).flatMap(({ stretch, matches }) =>
      matches.map(({ pattern, match }) => [stretch, pattern, match.index, match[0]]));
    expect(got).toEqual(expected);
    expect(got.length).toBeGreaterThan(10);
  });

  it('hits the stretches its alternation hits', () => {
    const any = new RegExp(patterns.map((p) => `(?:${p.source})`).join('|'), 'gi');
    const expected: number[] = [];
    for (const m of text.matchAll(any)) {
      const a = m.index;
      const b = a + Math.max(1, m[0].length);
      stretches.forEach(({ start, end }, j) => {
        if (start < b && end > a && !expected.includes(j)) expected.push(j);
      });
    }
    expect(set.stretchesHit(text, stretches)).toEqual(expected.sort((x, y) => x - y));
  });

  it('scans 200 KB of adversarial text in linear time', () => {
    const N = 200_000;
    const fill = (s: string) => s.repeat(Math.ceil(N / s.length)).slice(0, N);
    for (const t of [fill('off work '), fill('temporarily totally '), fill(' '), fill('restrictions    ')]) {
      const start = performance.now();
      set.matchesByStretch(t, [{ start: 0, end: t.length }]);
      expect(performance.now() - start).toBeLessThan(3000);
    }
  });
});

describe('loosened sources', () => {
  it('drop assertions and widen white space', () => {
    expect(loosened('(?<![A-Za-z])a\\s{1,3}b(?![A-Za-z])')).toBe('a\\s{1,}b');
  });
});
