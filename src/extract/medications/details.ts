/**
 * What a letter writes after a drug name: its strength ("10/325 mg", "7.5mg", "5%"), dose form
 * ("tab", "patches", "cream"), count ("#60", "quantity 10", "QTY: 60", "sixty count", "(60)",
 * "120 tablets") and frequency ("bid", "three times a day", "every 6 hours").
 *
 * Read with our own anchored patterns, one small step at a time from the end of the name, so
 * that "7/10" or "10/325" never reach a general number or date parser. Every pattern is anchored,
 * bounded and free of nested unbounded quantifiers: reading costs O(window) per drug.
 */
import rules from './rules.json' with { type: 'json' };

export interface DrugDetails {
  /** End of the mention: the last strength, form, count or abbreviated frequency read. */
  end: number;
  strength: string | null;
  /** The numbers of the strength ("10/325 mg" is ["10", "325"]), for compounds. */
  strengthParts: string[];
  strengthUnit: string | null;
  form: string | null;
  quantity: number | null;
  frequency: string | null;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** A word list as one alternation, longest first, spaces matching any run of blanks. */
const alternation = (words: string[]) =>
  [...new Set(words.map((w) => w.toLowerCase()))].sort((a, b) => b.length - a.length)
    .map((w) => escape(w).replace(/(?:\\ |\s)+/g, '[ \\t]{1,3}').replace(/\\?-/g, '[ \\t-]?')).join('|');

const UNIT_OF = new Map<string, string>();
for (const [unit, words] of Object.entries(rules.units)) for (const w of words) UNIT_OF.set(w.toLowerCase(), unit);
const FORM_OF = new Map<string, string>();
for (const [form, words] of Object.entries(rules.forms)) for (const w of words) FORM_OF.set(w.toLowerCase().replace(/[\s-]+/g, ' '), form);
const NUMBER_WORDS = rules.numberWords as Record<string, number>;

const NUM = '\\d{1,5}(?:\\.\\d{1,4})?';
const UNIT = `(?:${alternation([...UNIT_OF.keys()])})(?![A-Za-z])`;
/** "10/325 mg", "10mg/325mg", "10-325mg", "5%", "320.5/30/16mg", "20%/5%/4%". */
const STRENGTH = new RegExp(`^(${NUM})[ \\t]?(${UNIT})?((?:[ \\t]?[/-][ \\t]?${NUM}[ \\t]?(?:${UNIT})?){0,4})`, 'i');
const STRENGTH_PART = new RegExp(`[/-][ \\t]?(${NUM})[ \\t]?(${UNIT})?`, 'gi');
const PACKAGE_UNITS = new Set(rules.packageUnits);
const PACKAGE = new RegExp(`^${NUM}[ \\t]?(?:${alternation([...rules.units.g, ...rules.units.ml])})(?![A-Za-z])`, 'i');
const FORM = new RegExp(`^(?:${alternation([...FORM_OF.keys()])})(?![A-Za-z])`, 'i');
const MODIFIER = new RegExp(`^(?:${alternation([...rules.saltWords, ...rules.releaseWords])})(?![A-Za-z0-9])`, 'i');
const WORD_NUMBER = alternation(Object.keys(NUMBER_WORDS));
const COUNT_NOUN = alternation(rules.countNouns);
const QUANTITY: RegExp[] = [
  /^#[ \t]?(\d{1,4})(?!\d|\.\d)/,
  new RegExp(`^(?:quantity|qty|quant)\\.?[ \\t]?(?:of[ \\t])?[:#]?[ \\t]?#?[ \\t]?(\\d{1,4}|${WORD_NUMBER})(?!\\d|\\.\\d|[A-Za-z])`, 'i'),
  new RegExp(`^(\\d{1,4}|${WORD_NUMBER})[ \\t]?(?:count|ct)(?![A-Za-z])`, 'i'),
  /^\([ \t]?#?[ \t]?(\d{1,4})[ \t]?\)/,
  // "x 30" / "x30", unless a duration or refills follow ("x 30 days", "x2 refills")
  /^[xX][ \t]?(\d{1,4})(?!\d|\.\d|[ \t]?(?:days?|weeks?|months?|years?|refills?|hours?|hrs?|times|visits?|sessions?)(?![A-Za-z]))/,
];
/** "120 tablets": a count unless a dose frequency follows ("1 tablet twice a day"). */
const COUNTED = new RegExp(`^(\\d{1,4}|${WORD_NUMBER})[ \\t](?:${COUNT_NOUN})(?![A-Za-z])`, 'i');
const ROUTE = new RegExp(`^(?:${alternation(rules.routeWords)})(?![A-Za-z])`, 'i');
const DOSE = /^(?:take[ \t])?(?:\d{1,2}(?:\.\d)?(?:[ \t]?(?:-|to)[ \t]?\d{1,2})?|one|two|three|half|1\/2|one-half|one or two|one to two)[ \t](?:tablets?|tabs?|capsules?|caps?|pills?|patch(?:es)?|puffs?|sprays?|applications?)(?![A-Za-z])/i;
const ABBREVIATION = new RegExp(`^(?:${alternation(rules.frequencyAbbreviations)})(?![A-Za-z])`, 'i');
const FREQUENCY: RegExp[] = [
  /^(?:(?:one|two|three|four|five|six|\d)[ \t]?(?:times?|x)|once|twice|thrice)[ \t](?:a|per|each|every)[ \t](?:day|night|week)(?![A-Za-z])/i,
  /^(?:(?:one|two|three|four|five|six|\d)[ \t]?(?:times?|x)|once|twice|thrice)[ \t]?(?:daily|nightly|weekly)(?![A-Za-z])/i,
  /^every[ \t]\d{1,2}(?:[ \t]?(?:-|to)[ \t]?\d{1,2})?[ \t](?:hours?|hrs?)(?![A-Za-z])/i,
  /^q[ \t]?\d{1,2}(?:[ \t]?-[ \t]?\d{1,2})?[ \t]?(?:h|hrs?|hours?)(?![A-Za-z])/i,
  new RegExp(`^(?:${alternation(rules.frequencyWords)})(?![A-Za-z])`, 'i'),
];
const AS_NEEDED = /^[ \t](?:as needed|prn|p\.r\.n\.?|as directed)(?![A-Za-z])/i;

/** The match of the first of the (anchored, non-global) patterns that matches s, or null. */
function firstMatch(patterns: readonly RegExp[], s: string): RegExpExecArray | null {
  for (const re of patterns) {
    const m = re.exec(s);
    if (m) return m;
  }
  return null;
}

function toNumber(s: string): number {
  const n = Number(s);
  return Number.isFinite(n) ? n : NUMBER_WORDS[s.toLowerCase().replace(/\s+/g, ' ')] ?? NaN;
}

/** The unit as the guide writes it ("mg", "%", "mcg"). */
function unitOf(s: string | undefined): string | null {
  return s ? UNIT_OF.get(s.toLowerCase()) ?? null : null;
}

/** Strength as the guide writes it: numbers joined by "/", one space, the unit. */
export function formatStrength(parts: string[], unit: string): string {
  return `${parts.map((p) => String(Number(p))).join('/')} ${unit}`;
}

interface Strength { parts: string[]; unit: string | null; length: number }

function readStrength(s: string, combination: boolean): Strength | null {
  const m = STRENGTH.exec(s);
  if (!m) return null;
  const parts = [m[1]!];
  let unit = unitOf(m[2]);
  for (const p of (m[3] ?? '').matchAll(STRENGTH_PART)) {
    parts.push(p[1]!);
    unit = unit ?? unitOf(p[2]);
  }
  // Without a unit only a fixed combination's "10/325" is a strength (its last part a real dose
  // in mg): a lone number ("Norco 10 tablets") or "5/10" (a pain rating) is not.
  if (!unit && !(combination && parts.length >= 2 && Number(parts[parts.length - 1]) >= 100)) return null;
  return { parts, unit, length: m[0].replace(/[ \t/-]+$/, '').length };
}

/** A frequency at the start of s (after a route or dose: "1 tablet by mouth twice a day"). */
function readFrequency(s: string): { text: string; offset: number; length: number; abbreviated: boolean } | null {
  let offset = 0;
  for (let i = 0; i < 3; i++) {
    const rest = s.slice(offset);
    const lead = /^[ \t,]{0,3}/.exec(rest)![0].length;
    const r = ROUTE.exec(rest.slice(lead)) ?? DOSE.exec(rest.slice(lead));
    if (!r) break;
    offset += lead + r[0].length;
  }
  const rest = s.slice(offset);
  const lead = /^[ \t,]{0,3}/.exec(rest)![0].length;
  const body = rest.slice(lead);
  const abbr = ABBREVIATION.exec(body);
  const full = abbr ?? firstMatch(FREQUENCY, body);
  if (!full) return null;
  let length = full[0].length;
  const tail = AS_NEEDED.exec(body.slice(length));
  if (tail) length += tail[0].length;
  return { text: body.slice(0, length), offset: offset + lead, length, abbreviated: !!abbr && offset === 0 };
}

/**
 * The details written after a drug name ending at `from`, read up to `limit` (the end of the
 * clause). `combination` allows a unitless "10/325" (a fixed combination's strength in mg).
 */
export function readDetails(text: string, from: number, limit: number, combination = false): DrugDetails {
  const out: DrugDetails = { end: from, strength: null, strengthParts: [], strengthUnit: null, form: null, quantity: null, frequency: null };
  const window = text.slice(from, Math.min(limit, from + 160));
  let pos = 0;
  let paren = 0;
  for (let step = 0; step < 12; step++) {
    const lead = /^[ \t]{0,3}(,[ \t]{0,3})?/.exec(window.slice(pos))!;
    const afterComma = !!lead[1];
    const at = pos + lead[0].length;
    const rest = window.slice(at);
    if (!rest) break;
    let m: RegExpExecArray | null;
    if (!afterComma && out.strength === null && out.quantity === null && (rest[0] === '(' || paren === 0)) {
      const open = rest[0] === '(' ? /^\([ \t]{0,2}/.exec(rest)![0].length : 0;
      const st = readStrength(rest.slice(open), combination);
      // "120 gm", "60 ml": a package size, not a strength ("1 g" is a strength)
      const isPackage = st !== null && st.parts.length === 1 && PACKAGE_UNITS.has(st.unit ?? '') && Number(st.parts[0]) >= rules.packageMinimum;
      if (st && isPackage) {
        pos = at + open + st.length;
        paren += open ? 1 : 0;
        out.end = from + pos;
        continue;
      }
      if (st) {
        out.strengthParts = st.parts;
        out.strengthUnit = st.unit ?? 'mg';
        out.strength = formatStrength(st.parts, out.strengthUnit);
        pos = at + open + st.length;
        paren += open ? 1 : 0;
        out.end = from + pos;
        continue;
      }
    }
    if (!afterComma && out.strength !== null && out.quantity === null && (m = PACKAGE.exec(rest))) {
      // a package size after the strength ("121gm", "240 grams", "30 ml"): part of the mention
      pos = at + m[0].length;
      out.end = from + pos;
      continue;
    }
    if (paren > 0 && (m = /^[ \t]{0,2}\)/.exec(rest))) {
      paren--;
      pos = at + m[0].length;
      out.end = from + pos;
      continue;
    }
    if (!afterComma && (m = MODIFIER.exec(rest))) {
      pos = at + m[0].length;
      out.end = from + pos;
      continue;
    }
    if (!afterComma && out.form === null && (m = FORM.exec(rest))) {
      out.form = FORM_OF.get(m[0].toLowerCase().replace(/[\s-]+/g, ' ')) ?? null;
      pos = at + m[0].length;
      out.end = from + pos;
      continue;
    }
    if (out.quantity === null) {
      const q = firstMatch(QUANTITY, rest);
      if (q) {
        out.quantity = toNumber(q[1]!);
        pos = at + q[0].length;
        out.end = from + pos;
        continue;
      }
      const c = COUNTED.exec(rest);
      if (c && !readFrequency(rest.slice(c[0].length))) {
        const n = toNumber(c[1]!);
        if (n > 1) {
          out.quantity = n;
          pos = at + c[0].length;
          out.end = from + pos;
          continue;
        }
      }
    }
    if (out.frequency === null) {
      const f = readFrequency(rest);
      if (f) {
        out.frequency = f.text;
        pos = at + f.offset + f.length;
        if (f.abbreviated) out.end = from + pos;
        continue;
      }
    }
    if (rest[0] === '(' && out.strength !== null && (m = /^\([ \t]{0,2}/.exec(rest))) {
      // "(#60)", "(60 tablets)" after a strength
      const inner = rest.slice(m[0].length);
      const q = firstMatch(QUANTITY, inner) ?? COUNTED.exec(inner);
      if (q && out.quantity === null && /^[ \t]{0,2}\)/.test(inner.slice(q[0].length))) {
        out.quantity = toNumber(q[1]!);
        pos = at + m[0].length + q[0].length + /^[ \t]{0,2}\)/.exec(inner.slice(q[0].length))![0].length;
        out.end = from + pos;
        continue;
      }
    }
    if (rest[0] === '(' && out.frequency === null) {
      // "(1 tablet twice a day as needed)"
      const f = readFrequency(rest.slice(1));
      if (f) {
        out.frequency = f.text;
        const close = /^[^()]{0,20}\)/.exec(rest.slice(1 + f.offset + f.length));
        pos = at + 1 + f.offset + f.length + (close ? close[0].length : 0);
        continue;
      }
    }
    break;
  }
  if (out.quantity !== null && !Number.isFinite(out.quantity)) out.quantity = null;
  return out;
}

/** The first count written anywhere in text[from, to) ("... cream 120 g, #1"): for a disputed item. */
export function findQuantity(text: string, from: number, to: number): number | null {
  const hay = text.slice(from, Math.min(to, from + 400));
  for (let i = 0; i < hay.length; i++) {
    const c = hay[i]!;
    if (c !== '#' && c !== 'q' && c !== 'Q' && !/\d/.test(c)) continue;
    if (i > 0 && /[A-Za-z0-9]/.test(hay[i - 1]!)) continue;
    const rest = hay.slice(i, i + 40);
    const q = firstMatch(QUANTITY, rest);
    if (q) {
      const n = toNumber(q[1]!);
      if (Number.isFinite(n)) return n;
    }
  }
  return null;
}
