/**
 * A fast yes/no check of a value against a zod schema, built from the schema's own definition
 * (so the contract stays written once, in src/schema/record.ts).
 *
 * Why: zod's parse builds an output copy and issue lists and, per object shape, compiles a
 * parser with `new Function` in every worker; for the first thousand records a worker sees,
 * that costs several times this walk. The check only ever accepts what zod accepts: a "no"
 * hands the value to zod, whose verdict and message stand. A schema part it does not model
 * (anything but the plain types below) makes checkerOf return null: then zod checks everything.
 */
import type { z } from 'zod';

type Check = (value: unknown) => boolean;

/** The parts of a zod 4 definition read here. */
interface Node {
  _zod: {
    def: {
      type: string;
      coerce?: boolean;
      checks?: Array<{ _zod: { def: CheckDef } }>;
      shape?: Record<string, Node>;
      catchall?: unknown;
      innerType?: Node;
      element?: Node;
      items?: Node[];
      rest?: unknown;
      values?: unknown[];
    };
    values?: Set<unknown>;
    optin?: string;
  };
}
interface CheckDef { check: string; format?: string; pattern?: RegExp; value?: unknown; inclusive?: boolean; when?: unknown; }

export function checkerOf(schema: z.ZodType): Check | null {
  return build(schema as unknown as Node);
}

function build(node: Node): Check | null {
  const def = node._zod.def;
  const checks = (def.checks ?? []).map((c) => c._zod.def);
  if (def.coerce || checks.some((c) => c.when)) return null;
  switch (def.type) {
    case 'object': {
      if (checks.length || def.catchall) return null;
      const keys = Object.keys(def.shape!);
      const subs = keys.map((k) => build(def.shape![k]!));
      if (!all(subs)) return null;
      // zod's isObject; keys the shape does not name are left alone, as zod strips them
      return (v) => {
        if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
        const o = v as Record<string, unknown>;
        for (let i = 0; i < keys.length; i++) if (!subs[i]!(o[keys[i]!])) return false;
        return true;
      };
    }
    case 'string': {
      const patterns: RegExp[] = [];
      for (const c of checks) {
        if (c.check !== 'string_format' || c.format !== 'regex' || !c.pattern) return null;
        patterns.push(c.pattern);
      }
      if (!patterns.length) return (v) => typeof v === 'string';
      return (v) => {
        if (typeof v !== 'string') return false;
        for (const p of patterns) {
          p.lastIndex = 0;
          if (!p.test(v)) return false;
        }
        return true;
      };
    }
    case 'number': {
      let int = false;
      let min = -Infinity;
      for (const c of checks) {
        if (c.check === 'number_format' && c.format === 'safeint') int = true;
        else if (c.check === 'greater_than' && c.inclusive && typeof c.value === 'number') min = Math.max(min, c.value);
        else return null;
      }
      return (v) => typeof v === 'number' && Number.isFinite(v) && (!int || Number.isSafeInteger(v)) && v >= min;
    }
    case 'boolean':
      return checks.length ? null : (v) => typeof v === 'boolean';
    case 'literal': {
      if (checks.length) return null;
      const values = new Set(def.values);
      return (v) => values.has(v);
    }
    case 'enum': {
      const values = node._zod.values;
      return checks.length || !values ? null : (v) => values.has(v);
    }
    case 'nullable': {
      const inner = checks.length ? null : build(def.innerType!);
      return inner && ((v) => v === null || inner(v));
    }
    case 'optional': {
      // a defaulted inner schema substitutes a value for undefined: not modelled
      if (checks.length || def.innerType!._zod.optin === 'defaulted') return null;
      const inner = build(def.innerType!);
      return inner && ((v) => v === undefined || inner(v));
    }
    case 'array': {
      const element = checks.length ? null : build(def.element!);
      return element && ((v) => {
        if (!Array.isArray(v)) return false;
        for (let i = 0; i < v.length; i++) if (!element(v[i])) return false;
        return true;
      });
    }
    case 'tuple': {
      if (checks.length || def.rest) return null;
      const items = def.items!.map(build);
      if (!all(items)) return null;
      return (v) => {
        if (!Array.isArray(v) || v.length !== items.length) return false;
        for (let i = 0; i < items.length; i++) if (!items[i]!(v[i])) return false;
        return true;
      };
    }
    default:
      return null;
  }
}

function all(checks: Array<Check | null>): checks is Check[] {
  return checks.every((c) => c !== null);
}
