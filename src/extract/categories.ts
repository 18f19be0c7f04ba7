/**
 * Service categories: which kind of service a phrase names ("MRI of the lumbar spine" imaging,
 * "Norco 10/325mg #120" medication, "Chiropractic care ... 6 visits" chiropractic), from the
 * ordered rules of src/lexicons/service-categories.json. Used for disputed items (issues) and
 * for treatments to date.
 *
 * Every pattern is a flat alternation of literal phrases bounded by look-arounds, so matching is
 * linear in the text.
 */
import type { ServiceCategory } from '../schema/record.js';
import lexicon from '../lexicons/service-categories.json' with { type: 'json' };
import { findDrugNames } from './medications/lexicon.js';

export interface CategorizeOptions {
  /**
   * Recognises a drug name in the text; tried before `other`. Defaults to an exact (not fuzzy)
   * name of the medications vocabulary (src/lexicons/drugs.json).
   */
  isDrug?: (text: string) => boolean;
}

/** Whether the text names a drug of the vocabulary exactly ("Post-op Zofran", "Norco"). */
export function namesDrug(text: string): boolean {
  try {
    return findDrugNames(text).some((m) => !m.fuzzy);
  } catch {
    return false;
  }
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A term as a pattern: spaces/hyphens match any run of them; `*` at either end a word's rest. */
function termPattern(term: string): string {
  let t = term.trim();
  const head = t.startsWith('*');
  const tail = t.endsWith('*');
  t = t.replace(/^\*|\*$/g, '');
  const body = t.split(/[\s-]+/).map(escape).join('[\\s-]*');
  return `${head ? '[A-Za-z]*' : ''}${body}${tail ? '[A-Za-z]*' : ''}`;
}

/** One regex for a list of terms: longest first, on word boundaries. */
function termsRegex(terms: string[], flags: string): RegExp | null {
  if (!terms.length) return null;
  const sorted = [...terms].sort((a, b) => b.length - a.length).map(termPattern);
  return new RegExp(`(?<![A-Za-z0-9])(?:${sorted.join('|')})(?![A-Za-z0-9])`, flags);
}

interface CompiledRule {
  category: ServiceCategory;
  insensitive: RegExp | null;
  sensitive: RegExp | null;
}

const RULES: CompiledRule[] = lexicon.rules.map((r) => ({
  category: r.category as ServiceCategory,
  insensitive: termsRegex(r.terms ?? [], 'i'),
  sensitive: termsRegex((r as { caseSensitive?: string[] }).caseSensitive ?? [], ''),
}));

const MED = lexicon.medication;
const STRENGTH = new RegExp(MED.strength);
const COUNT = new RegExp(MED.count, 'i');
const MED_TERMS = termsRegex(MED.terms, 'i');
const MED_TERMS_CS = termsRegex(MED.caseSensitive, '');

/** Whether the phrase reads as a drug item: a strength, a count, a dosage form or a drug class. */
export function looksLikeDrug(text: string): boolean {
  return STRENGTH.test(text) || COUNT.test(text) || !!MED_TERMS?.test(text) || !!MED_TERMS_CS?.test(text);
}

/** The service category a phrase names, by the first rule with a term in it; else medication or other. */
export function categorize(text: string, options: CategorizeOptions = {}): ServiceCategory {
  for (const rule of RULES) {
    if (rule.insensitive?.test(text) || rule.sensitive?.test(text)) return rule.category;
  }
  if ((options.isDrug ?? namesDrug)(text) || looksLikeDrug(text)) return 'medication';
  return 'other';
}
