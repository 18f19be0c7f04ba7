/**
 * Scoring of predicted records against gold partial records (spec/evaluation.md). Pure: no I/O.
 *
 * The gold record drives the walk: only what it states is scored. Every scored leaf adds to the
 * counts of its field path, written with `.` between keys and `[]` for list items
 * (`patient.age`, `diagnoses[]`, `issues[].guidelines[].source`).
 */

export type Counts = { tp: number; fp: number; fn: number };
export type FieldScore = Counts & { precision: number; recall: number; f1: number };

/** One scored leaf that was not a plain TP; values are compacted (list items by their key). */
export type Failure = { file: string; path: string; gold: unknown; predicted: unknown };

export type Report = {
  documents: number;
  overall: FieldScore;
  fields: Record<string, FieldScore>;
  failures: Failure[];
};

type Obj = Record<string, unknown>;

/**
 * How the items of an entity list are paired: `similarity` of a gold and a predicted item, a pair
 * being acceptable at `similarity >= minScore`. `keyPath` is the field the pairing is made on
 * (not scored again inside a pair, and used to name the item in failures); null for pairing by
 * position.
 */
type ListKey = {
  keyPath: string[] | null;
  minScore: number;
  similarity(gold: unknown, predicted: unknown, goldIndex: number, predictedIndex: number): number;
};

/** Dice accepted from 0.5 (spec: "accepted at Dice >= 0.5"). */
const DICE_THRESHOLD = 0.5;

function diceOn(field: string): ListKey {
  const keyPath = field.split('.');
  return {
    keyPath,
    minScore: DICE_THRESHOLD,
    similarity: (g, p) => {
      const a = getPath(g, keyPath);
      const b = getPath(p, keyPath);
      return typeof a === 'string' && typeof b === 'string' ? dice(a, b) : 0;
    },
  };
}

function equalOn(field: string): ListKey {
  const keyPath = field.split('.');
  return {
    keyPath,
    minScore: 1,
    similarity: (g, p) => {
      const a = getPath(g, keyPath);
      const b = getPath(p, keyPath);
      return a != null && b != null && scalarsEqual(a, b) ? 1 : 0;
    },
  };
}

const BY_POSITION: ListKey = { keyPath: null, minScore: 1, similarity: (_g, _p, gi, pi) => (gi === pi ? 1 : 0) };

/** The pairing key of each entity list named by the spec, by list path. */
const LIST_KEYS: Record<string, ListKey> = {
  diagnoses: diceOn('text'),
  painScores: diceOn('text'),
  medications: diceOn('text'),
  'injury.bodyParts': diceOn('text'),
  'issues[].bodyParts': diceOn('text'),
  'issues[].guidelines': diceOn('text'),
  issues: diceOn('service.text'),
  treatmentsToDate: equalOn('category'),
  events: equalOn('date'),
  sections: equalOn('name'),
};

/** Lists the spec does not name: by Dice on `text` when every gold item has one, else by position. */
function listKeyFor(path: string, goldItems: unknown[]): ListKey {
  const named = LIST_KEYS[path];
  if (named) return named;
  return goldItems.every((item) => typeof getPath(item, ['text']) === 'string') ? diceOn('text') : BY_POSITION;
}

/** Case-insensitive form of a string: white space collapsed, trimmed, trailing `.,;:` dropped. */
export function normalizeString(s: string): string {
  return s.replace(/\s+/g, ' ').trim().replace(/[.,;:]+$/, '').trim().toLowerCase();
}

/** Dice coefficient over the multisets of lowercase word tokens of two strings (0 if either has none). */
export function dice(a: string, b: string): number {
  const ta = tokens(a);
  const tb = tokens(b);
  if (ta.length === 0 || tb.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const t of ta) counts.set(t, (counts.get(t) ?? 0) + 1);
  let shared = 0;
  for (const t of tb) {
    const n = counts.get(t) ?? 0;
    if (n > 0) {
      shared++;
      counts.set(t, n - 1);
    }
  }
  return (2 * shared) / (ta.length + tb.length);
}

function tokens(s: string): string[] {
  return s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Scalar equality: strings after normalizeString, everything else (numbers, booleans) exactly. */
function scalarsEqual(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return normalizeString(a) === normalizeString(b);
  return a === b;
}

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function getPath(v: unknown, keyPath: string[]): unknown {
  let cur = v;
  for (const k of keyPath) cur = isObject(cur) ? cur[k] : undefined;
  return cur;
}

/** A copy of `obj` without the field at `keyPath` (parents kept, so other fields are still walked). */
function withoutPath(obj: Obj, keyPath: string[]): Obj {
  const [head, ...rest] = keyPath;
  const { [head]: child, ...others } = obj;
  if (rest.length === 0 || !isObject(child)) return others;
  return { ...others, [head]: withoutPath(child, rest) };
}

/** A value as shown in a failure: spans dropped, recursively. */
function compact(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(compact);
  if (!isObject(v)) return v;
  return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'span').map(([k, x]) => [k, compact(x)]));
}

/** A list item as shown in a failure: its pairing key, or the whole (compacted) item. */
function itemLabel(item: unknown, key: ListKey): unknown {
  return key.keyPath ? (getPath(item, key.keyPath) ?? null) : compact(item);
}

/** P, R and F1 from counts; each is 0 where its denominator is 0. */
export function fieldScore(c: Counts): FieldScore {
  const precision = c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { ...c, precision, recall, f1 };
}

/** Per-document walk state: the file (for failures) and whether its extraction failed. */
type DocContext = { file: string; failed: boolean };

/** Accumulates counts and failures over documents; `report()` gives the scores. */
export class Scorer {
  private readonly counts = new Map<string, Counts>();
  private readonly failures: Failure[] = [];
  private documents = 0;

  /**
   * Scores one document. `predicted` null means the document produced no record (an error
   * record or a crash): every gold leaf is then an FN, gold nulls included (nothing was
   * predicted for them), and every gold list item an FN on its list path.
   */
  scoreDocument(file: string, gold: unknown, predicted: Record<string, unknown> | null): void {
    this.documents++;
    if (!isObject(gold)) throw new Error(`${file}: gold record is not a JSON object`);
    const ctx: DocContext = { file, failed: predicted === null };
    // The record's `text` is never scored (spec); `span` is skipped everywhere in walkObject.
    const { text: _text, ...scored } = gold;
    this.walkObject(ctx, '', scored, predicted);
  }

  /** The scores so far; `documents` defaults to the number of documents scored. */
  report(documents: number = this.documents): Report {
    const paths = [...this.counts.keys()].sort(compareStrings);
    const fields: Record<string, FieldScore> = {};
    const total: Counts = { tp: 0, fp: 0, fn: 0 };
    for (const path of paths) {
      const c = this.counts.get(path)!;
      fields[path] = fieldScore(c);
      total.tp += c.tp;
      total.fp += c.fp;
      total.fn += c.fn;
    }
    return { documents, overall: fieldScore(total), fields, failures: [...this.failures] };
  }

  private walk(ctx: DocContext, path: string, gold: unknown, predicted: unknown): void {
    if (Array.isArray(gold)) this.walkList(ctx, path, gold, predicted);
    // A gold object given as null is a scalar null (handled by walkScalar).
    else if (isObject(gold)) this.walkObject(ctx, path, gold, predicted);
    else this.walkScalar(ctx, path, gold, predicted);
  }

  /** Field by field; a prediction that is not an object (null, missing) leaves every gold field unmatched. */
  private walkObject(ctx: DocContext, path: string, gold: Obj, predicted: unknown): void {
    for (const [key, value] of Object.entries(gold)) {
      if (key === 'span') continue;
      const childPath = path ? `${path}.${key}` : key;
      this.walk(ctx, childPath, value, isObject(predicted) ? predicted[key] : undefined);
    }
  }

  private walkScalar(ctx: DocContext, path: string, gold: unknown, predicted: unknown): void {
    const pred = predicted === undefined ? null : predicted;
    if (ctx.failed) {
      this.miss(ctx, path, 'fn', gold, null);
    } else if (gold === null) {
      if (pred !== null) this.miss(ctx, path, 'fp', null, compact(pred));
    } else if (pred === null) {
      this.miss(ctx, path, 'fn', gold, null);
    } else if (scalarsEqual(gold, pred)) {
      this.add(path, 'tp');
    } else {
      // One wrong value: FP and FN, reported as a single failure.
      this.add(path, 'fp');
      this.miss(ctx, path, 'fn', gold, compact(pred));
    }
  }

  private walkList(ctx: DocContext, path: string, gold: unknown[], predicted: unknown): void {
    const listPath = `${path}[]`;
    const pred = Array.isArray(predicted) ? predicted : [];
    // A string list (any list of scalars); a gold [] takes the kind of the predicted items.
    if ((gold.length > 0 ? gold : pred).every((item) => !isObject(item) && !Array.isArray(item))) {
      this.matchMultiset(ctx, listPath, gold, pred);
      return;
    }
    const key = listKeyFor(path, gold);
    // gold index -> predicted index
    const pairs = new Map(pairGreedily(gold, pred, key));
    const pairedPred = new Set(pairs.values());
    // TPs and FNs in gold order, extra predictions after.
    gold.forEach((item, gi) => {
      const pi = pairs.get(gi);
      if (pi === undefined) {
        this.miss(ctx, listPath, 'fn', itemLabel(item, key), null);
        return;
      }
      this.add(listPath, 'tp');
      // The pairing key was matched by the pairing itself: the pair scores the other fields.
      if (isObject(item)) this.walkObject(ctx, listPath, key.keyPath ? withoutPath(item, key.keyPath) : item, pred[pi]);
    });
    pred.forEach((item, pi) => {
      if (!pairedPred.has(pi)) this.miss(ctx, listPath, 'fp', null, itemLabel(item, key));
    });
  }

  /** Lists of scalars (string lists): multiset match, leftovers FN / FP. */
  private matchMultiset(ctx: DocContext, listPath: string, gold: unknown[], pred: unknown[]): void {
    const unused = [...pred];
    for (const g of gold) {
      const i = unused.findIndex((p) => scalarsEqual(g, p));
      if (i >= 0) {
        unused.splice(i, 1);
        this.add(listPath, 'tp');
      } else {
        this.miss(ctx, listPath, 'fn', g, null);
      }
    }
    for (const p of unused) this.miss(ctx, listPath, 'fp', null, compact(p));
  }

  /** Adds one count to `path`. */
  private add(path: string, kind: keyof Counts): void {
    let c = this.counts.get(path);
    if (!c) this.counts.set(path, (c = { tp: 0, fp: 0, fn: 0 }));
    c[kind]++;
  }

  /** Adds one FP or FN to `path` and records the failure. */
  private miss(ctx: DocContext, path: string, kind: 'fp' | 'fn', gold: unknown, predicted: unknown): void {
    this.add(path, kind);
    this.failures.push({ file: ctx.file, path, gold, predicted });
  }
}

/**
 * Pairs gold with predicted items one to one, best pairs first: every acceptable candidate pair
 * sorted by similarity (descending), ties by gold index then predicted index, taken while both
 * items are still free. Returns [goldIndex, predictedIndex] pairs.
 */
function pairGreedily(gold: unknown[], pred: unknown[], key: ListKey): [number, number][] {
  const candidates: { gi: number; pi: number; score: number }[] = [];
  gold.forEach((g, gi) =>
    pred.forEach((p, pi) => {
      const score = key.similarity(g, p, gi, pi);
      if (score > 0 && score >= key.minScore) candidates.push({ gi, pi, score });
    }),
  );
  candidates.sort((a, b) => b.score - a.score || a.gi - b.gi || a.pi - b.pi);
  const usedGold = new Set<number>();
  const usedPred = new Set<number>();
  const pairs: [number, number][] = [];
  for (const { gi, pi } of candidates) {
    if (usedGold.has(gi) || usedPred.has(pi)) continue;
    usedGold.add(gi);
    usedPred.add(pi);
    pairs.push([gi, pi]);
  }
  return pairs;
}

/** Code-unit order, independent of locale. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
