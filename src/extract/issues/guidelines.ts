/**
 * Guideline citations: "Decision based on MTUS ..." sentences on the claims administrator's and
 * the reviewer's lines, one item per sentence and one per numbered sub-item ("(1) ... (2) ...");
 * the source (MTUS, ODG, ACOEM, other) from the vocabulary of guideline names.
 */
import { mention } from '../../pipeline/document.js';
import type { Guideline } from '../../schema/record.js';
import sources from '../../lexicons/guideline-sources.json' with { type: 'json' };
import phrases from '../../lexicons/guideline-phrases.json' with { type: 'json' };

const SOURCES = sources.sources.map((s) => ({ source: s.source as Guideline['source'], re: new RegExp(s.pattern, 'i') }));
const CITATION = new RegExp(phrases.citation, 'gi');
const SUB_ITEM = /\(\d{1,2}\)\s*/g;
export const REVIEWER_NOT_MTUS = new RegExp(phrases.reviewerNotMtus, 'i');

export function guidelineSource(text: string): Guideline['source'] {
  return SOURCES.find((s) => s.re.test(text))?.source ?? 'other';
}

/** A guideline item for text[start, end), trimmed; null when nothing is left. */
export function guideline(text: string, start: number, end: number, citedBy: Guideline['citedBy'], inherit?: Guideline['source']): Guideline | null {
  const m = mention(text, start, end);
  if (!m || !/[A-Za-z]{3}/.test(m.text)) return null;
  let source = guidelineSource(m.text);
  if (source === 'other' && inherit) source = inherit;
  return { ...m, citedBy, source, topic: null };
}

/**
 * The guidelines cited in text[start, end): each "Decision based on" sentence, and inside it
 * each numbered sub-item (the first keeps the words before its "(1)").
 */
export function citationsIn(text: string, start: number, end: number, citedBy: Guideline['citedBy']): Guideline[] {
  const line = text.slice(start, end);
  const found = [...line.matchAll(CITATION)];
  const out: Guideline[] = [];
  found.forEach((m, i) => {
    const from = start + m.index + m[0].length;
    const to = i + 1 < found.length ? start + found[i + 1]!.index : end;
    const markers = [...text.slice(from, to).matchAll(SUB_ITEM)];
    if (markers.length < 2) {
      const g = guideline(text, from, to, citedBy);
      if (g) out.push(g);
      return;
    }
    const first = guideline(text, from, from + markers[1]!.index, citedBy);
    if (first) out.push(first);
    for (let k = 1; k < markers.length; k++) {
      const s = from + markers[k]!.index + markers[k]![0].length;
      const e = k + 1 < markers.length ? from + markers[k + 1]!.index : to;
      const g = guideline(text, s, e, citedBy, first?.source);
      if (g) out.push(g);
    }
  });
  return out;
}
