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
  // The keys and indices down to the current node; its path string is built only for a violation.
  const trail: Array<string | number> = [];
  const pathOf = () => {
    let p = path;
    for (const k of trail) p = typeof k === 'number' ? `${p}[${k}]` : p ? `${p}.${k}` : k;
    return p;
  };
  // `atRoot`: the node's path is '' (the record itself, where `text` is the full text).
  const visit = (v: unknown, atRoot: boolean): void => {
    if (typeof v !== 'object' || v === null) return;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const item: unknown = v[i];
        if (typeof item !== 'object' || item === null) continue;
        trail.push(i);
        visit(item, false);
        trail.pop();
      }
      return;
    }
    const obj = v as Record<string, unknown>;
    if (!atRoot && Array.isArray(obj.span) && typeof obj.text === 'string') {
      const [s, e] = obj.span as [number, number];
      const actual = fullText.slice(s, e);
      if (actual !== obj.text) out.push({ path: pathOf(), text: obj.text, span: [s, e], actual });
    }
    const keys = Object.keys(obj);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      if (k === 'span' || (atRoot && k === 'text')) continue;
      const child = obj[k];
      if (typeof child !== 'object' || child === null) continue; // strings and numbers hold no spans
      trail.push(k);
      visit(child, atRoot && k === '');
      trail.pop();
    }
  };
  visit(value, path === '');
  return out;
}
