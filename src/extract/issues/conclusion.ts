/**
 * The reviewer's conclusion on an item: the last "is (not) medically necessary" statement of
 * the rationale (reviewers restate the request before concluding, so the last one counts).
 */
const NECESSITY = /\b(not[\s-]+(?:be\s+|been\s+)?)?(?:medically\s+)?(?:necessary|indicated|warranted)\b/gi;
const STRICT = /\b(not[\s-]+(?:be\s+|been\s+)?)?medically[\s-]+(?:necessary|indicated|reasonable)\b/gi;

export function medicallyNecessary(rationale: string | null): boolean | null {
  if (!rationale) return null;
  let last: RegExpExecArray | null = null;
  for (const m of rationale.matchAll(STRICT)) last = m;
  if (!last) for (const m of rationale.matchAll(NECESSITY)) last = m;
  if (!last) return null;
  return !last[1];
}

/** Combines the stated decision with the rationale: the rationale wins only when it is explicit. */
export function necessityOf(decision: 'upheld' | 'overturned' | null, rationale: string | null): boolean | null {
  const stated = medicallyNecessary(rationale);
  if (stated !== null) return stated;
  return decision === null ? null : decision === 'overturned';
}
