/**
 * Seeded broken answers for the API response fuzz suite: each starts from a
 * real answer of the service (so it looks like one) and breaks it one way —
 * truncated, not JSON, the wrong top-level type, a field of the wrong type, a
 * field missing, money that is not integer cents, a string far too long,
 * nesting far too deep, a problem document with status 200. Every mutant is
 * judged by TypeBox's own checker against the route's contract schema (not
 * by the extension's): only answers the contract forbids are kept, so an
 * extension that accepts one has a bug.
 */
import { FormatRegistry, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { seededRandom } from './seededRandom';

/** The contract's date-time format, as the unit suite registers it for TypeBox. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/i;
if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', (v) => ISO_DATE_TIME.test(v) && !Number.isNaN(Date.parse(v)));

export interface BrokenAnswer {
  readonly kind: string;
  readonly body: string;
  readonly contentType: string;
}

/** The service's replaced answers may be at most this long (the sandbox's admin body limit). */
const MAX_BODY = 50_000;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = ReadonlyArray<string | number>;

function paths(value: Json, at: Path = [], out: Path[] = []): Path[] {
  if (at.length > 0) out.push(at);
  if (Array.isArray(value)) value.forEach((item, i) => paths(item, [...at, i], out));
  else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) paths(item, [...at, key], out);
  return out;
}

function read(value: Json, path: Path): Json {
  return path.reduce<Json>((node, key) => (node as Record<string | number, Json>)[key]!, value);
}

/** A copy of `value` with the node at `path` replaced (or deleted when `next` is undefined). */
function replaced(value: Json, path: Path, next: Json | undefined): Json {
  const copy = structuredClone(value);
  const parent = read(copy, path.slice(0, -1)) as Record<string | number, Json> | Json[];
  const key = path[path.length - 1]!;
  if (next !== undefined) (parent as Record<string | number, Json>)[key] = next;
  else if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else delete (parent as Record<string, Json>)[key];
  return copy;
}

function wrongTypeFor(node: Json, pick: <T>(items: readonly T[]) => T): Json {
  if (typeof node === 'string') return pick<Json>([42, true, null, [node], { value: node }, '']);
  if (typeof node === 'number') return pick<Json>([String(node), node + 0.5, -node - 1, 1e308, null, true, [node]]);
  if (typeof node === 'boolean') return pick<Json>(['true', 1, null]);
  if (node === null) return pick<Json>([{}, 'null', 0]);
  if (Array.isArray(node)) return pick<Json>([{}, 'list', null, node.length]);
  return pick<Json>([[], 'object', null, 0]);
}

type Mutation = (base: Json, text: string) => { body: string; contentType?: string } | undefined;

function mutations(random: () => number): Record<string, Mutation> {
  const int = (below: number) => Math.floor(random() * below);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const anyPath = (base: Json, leafOnly = false) => {
    const all = paths(base).filter((p) => !leafOnly || typeof read(base, p) !== 'object' || read(base, p) === null);
    return all.length > 0 ? pick(all) : undefined;
  };
  return {
    truncated: (_base, text) => ({ body: text.slice(0, 1 + int(Math.max(1, text.length - 1))) }),
    notJson: () =>
      pick([
        { body: '<!doctype html><title>502 Bad Gateway</title><h1>Bad Gateway</h1>', contentType: 'text/html' },
        { body: '' },
        { body: 'OK' },
        { body: '\u0000\u0001\u0002\u00ff\ufffd' },
        { body: '{"a":1}{"b":2}' },
        { body: "{'single': 'quotes'}" },
        { body: '{"trailing": 1,}' },
        { body: 'NaN' },
      ]),
    topLevel: () => ({ body: pick(['null', '[]', '"text"', '42', 'true', '{}', '[{}]']) }),
    wrongType: (base) => {
      const path = anyPath(base);
      return path && { body: JSON.stringify(replaced(base, path, wrongTypeFor(read(base, path), pick))) };
    },
    missing: (base) => {
      const path = anyPath(base);
      return path && { body: JSON.stringify(replaced(base, path, undefined)) };
    },
    notCents: (base) => {
      const numbers = paths(base).filter((p) => typeof read(base, p) === 'number');
      if (numbers.length === 0) return undefined;
      const path = pick(numbers);
      return { body: JSON.stringify(replaced(base, path, pick<Json>([0.1 + 0.2, (read(base, path) as number) + 0.01, -1, Number.MAX_SAFE_INTEGER * 4]))) };
    },
    tooLong: (base) => {
      const strings = paths(base).filter((p) => typeof read(base, p) === 'string');
      if (strings.length === 0) return undefined;
      return { body: JSON.stringify(replaced(base, pick(strings), 'x'.repeat(MAX_BODY - 1_000 - JSON.stringify(base).length))) };
    },
    tooDeep: (base) => {
      const path = anyPath(base, true);
      if (!path) return undefined;
      const depth = 2_000 + int(8_000);
      const text = JSON.stringify(replaced(base, path, '__DEEP__'));
      return { body: text.replace('"__DEEP__"', '['.repeat(depth) + ']'.repeat(depth)) };
    },
    problemAs200: () => ({
      body: JSON.stringify({ type: 'about:blank', title: 'Internal Server Error', status: 500, detail: 'upstream failed' }),
      contentType: pick(['application/problem+json', 'application/json']),
    }),
  };
}

/**
 * `count` broken answers for a route whose real answer is `real` and whose
 * contract schema is `schema`, seeded (a failure names the seed to replay).
 */
export function brokenAnswers(seed: number, count: number, schema: TSchema, real: unknown): BrokenAnswer[] {
  if (!Value.Check(schema, real)) throw new Error(`the real answer does not match its schema ${String(schema.$id)}: ${JSON.stringify([...Value.Errors(schema, real)].slice(0, 3))}`);
  const random = seededRandom(seed);
  const table = mutations(random);
  const kinds = Object.keys(table);
  const base = real as Json;
  const text = JSON.stringify(real);
  const out: BrokenAnswer[] = [];
  for (let tries = 0; out.length < count && tries < count * 50; tries++) {
    const kind = kinds[tries % kinds.length]!;
    const made = table[kind]!(base, text);
    if (!made || made.body.length > MAX_BODY) continue;
    if (!forbidden(schema, made.body)) continue;
    out.push({ kind, body: made.body, contentType: made.contentType ?? 'application/json' });
  }
  if (out.length < count) throw new Error(`only ${out.length} of ${count} broken answers for ${String(schema.$id)}`);
  return out;
}

/** The contract forbids this body: it is not JSON, or TypeBox's checker rejects it. */
function forbidden(schema: TSchema, body: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return true;
  }
  return !Value.Check(schema, parsed);
}
