/**
 * Dates as the letters write them: `03/27/2014`, `3-27-14`, `March 27, 2014`, `Sept. 3 2015`.
 * Regex-only (bounded, linear) because these are the only forms that matter and a general
 * parser would mistake pain scores (`7/10`) and strengths (`10/325`) for dates.
 */
const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};
const MONTH_NAME = '(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)';
// One separator throughout ("6-7/10" is a pain range, not a date); PDFs may leave a space after it.
const NUMERIC = /\b(\d{1,2})([/-]) ?(\d{1,2})\2 ?(\d{4}|\d{2})\b(?![/-]\d)/g;
const LONG = new RegExp(`\\b${MONTH_NAME}\\.?\\s{1,3}(\\d{1,2})(?:st|nd|rd|th)?,?\\s{1,3}(\\d{4})\\b`, 'gi');

export interface FoundDate {
  start: number;
  end: number;
  iso: string;
}

/** Two-digit years are 20yy unless that lies after `latestYear`, then 19yy (annotation guide). */
export function fullYear(y: number, latestYear = new Date().getFullYear()): number {
  if (y >= 100) return y;
  return 2000 + y <= latestYear ? 2000 + y : 1900 + y;
}

export function toIso(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1900 || year > 2100) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Every date in `text`, in order, with offsets relative to `base`. */
export function findDates(text: string, base = 0, latestYear?: number): FoundDate[] {
  const found: FoundDate[] = [];
  for (const m of text.matchAll(NUMERIC)) {
    const iso = toIso(fullYear(Number(m[4]), latestYear), Number(m[1]), Number(m[3]));
    if (iso) found.push({ start: base + m.index, end: base + m.index + m[0].length, iso });
  }
  for (const m of text.matchAll(LONG)) {
    const month = MONTHS[m[1]!.toLowerCase().slice(0, m[1]!.toLowerCase().startsWith('sept') ? 4 : 3)]!;
    const iso = toIso(Number(m[3]), month, Number(m[2]));
    if (iso) found.push({ start: base + m.index, end: base + m.index + m[0].length, iso });
  }
  return found.sort((a, b) => a.start - b.start);
}

/** The date at the very start of `text` (after white space), if any. */
export function parseDateAtStart(text: string, latestYear?: number): FoundDate | null {
  const lead = text.length - text.trimStart().length;
  const first = findDates(text.slice(0, lead + 40), 0, latestYear)[0];
  return first && first.start === lead ? first : null;
}
