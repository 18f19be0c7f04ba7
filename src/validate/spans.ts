/** The contract's span invariant: every entity's `text` is exactly `record.text.slice(span)`. */

export interface SpanViolation {
  path: string;
  text: string;
  span: [number, number];
  actual: string;
}

/** Walks any record-shaped value and lists every {text, span} whose span does not hold. */
export function spanViolations(value: unknown, fullText: string, path = ''): SpanViolation[] {
  const out: SpanViolation[] = [];
  const visit = (v: unknown, p: string) => {
    if (Array.isArray(v)) {
      v.forEach((item, i) => visit(item, `${p}[${i}]`));
      return;
    }
    if (!v || typeof v !== 'object') return;
    const obj = v as Record<string, unknown>;
    if (Array.isArray(obj.span) && typeof obj.text === 'string' && p !== '') {
      const [s, e] = obj.span as [number, number];
      const actual = fullText.slice(s, e);
      if (actual !== obj.text) out.push({ path: p, text: obj.text, span: [s, e], actual });
    }
    for (const [k, child] of Object.entries(obj)) {
      if (k !== 'span' && !(p === '' && k === 'text')) visit(child, p ? `${p}.${k}` : k);
    }
  };
  visit(value, path);
  return out;
}
