/**
 * The extension's validator (src/api/validate.ts) against TypeBox's own
 * checker, on every schema of the contract and the panel protocol: valid
 * samples of every union alternative and thousands of mutations of them must
 * get the same verdict from both. Also: the frozen JSON the extension bundle
 * carries (scripts/frozenSchemas.mjs) gets the same verdicts as the TypeBox
 * objects it was frozen from.
 */
import { strict as assert } from 'node:assert';
import { FormatRegistry, Kind, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import * as account from '../../../shared/contract/account';
import * as billingDetails from '../../../shared/contract/billingDetails';
import * as common from '../../../shared/contract/common';
import * as entitlements from '../../../shared/contract/entitlements';
import * as invoices from '../../../shared/contract/invoices';
import * as oauth from '../../../shared/contract/oauth';
import * as paymentMethods from '../../../shared/contract/paymentMethods';
import * as planId from '../../../shared/contract/planId';
import * as plans from '../../../shared/contract/plans';
import * as portal from '../../../shared/contract/portal';
import * as sandboxAdmin from '../../../shared/contract/sandboxAdmin';
import * as usage from '../../../shared/contract/usage';
import * as panelProtocol from '../../../shared/panelProtocol';
import { describeMismatch, matches } from '../../../src/api/validate';
import { freeze } from '../../../scripts/frozenSchemas.mjs';

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/i;
if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', (v) => ISO_DATE_TIME.test(v) && !Number.isNaN(Date.parse(v)));

const modules = { account, billingDetails, common, entitlements, invoices, oauth, paymentMethods, planId, plans, portal, sandboxAdmin, usage, panelProtocol };

function schemasOf(): Array<[string, TSchema]> {
  const out: Array<[string, TSchema]> = [];
  for (const [moduleName, exports] of Object.entries(modules)) {
    for (const [name, value] of Object.entries(exports)) {
      if (typeof value === 'object' && value !== null && Kind in value) out.push([`${moduleName}.${name}`, value as TSchema]);
    }
  }
  return out;
}

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STRING_CANDIDATES = ['USD', 'EUR', '4242', '12.00', '-1.50', '0.01', 'pro', 'a', 'ev_1', 'DE', '2026-12-01T10:00:00.000Z', 'x'.repeat(43)];

/** A value following `schema` (one union alternative chosen by `pick`), as far as simple candidates allow. */
function sample(schema: TSchema, random: () => number, depth = 0): unknown {
  const s = schema as Record<string, unknown>;
  if (Array.isArray(s.anyOf)) {
    const options = s.anyOf as TSchema[];
    return sample(options[Math.floor(random() * options.length)]!, random, depth + 1);
  }
  if ('const' in s) return s.const;
  switch (s.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const required = new Set((s.required ?? []) as string[]);
      for (const [key, property] of Object.entries((s.properties ?? {}) as Record<string, TSchema>)) {
        if (required.has(key) || random() < 0.6) out[key] = sample(property, random, depth + 1);
      }
      if (s.patternProperties && depth < 6) {
        for (const property of Object.values(s.patternProperties as Record<string, TSchema>)) out.k1 = sample(property, random, depth + 1);
      }
      return out;
    }
    case 'array': {
      const min = (s.minItems as number | undefined) ?? 0;
      const max = Math.min((s.maxItems as number | undefined) ?? 3, 3);
      const n = depth > 6 ? min : min + Math.floor(random() * (Math.max(max, min) - min + 1));
      return Array.from({ length: n }, () => sample(s.items as TSchema, random, depth + 1));
    }
    case 'string': {
      if (s.format === 'date-time') return new Date(1_790_000_000_000 + Math.floor(random() * 1e10)).toISOString();
      const fits = STRING_CANDIDATES.filter(
        (c) => (s.pattern === undefined || new RegExp(s.pattern as string).test(c)) && c.length >= ((s.minLength as number | undefined) ?? 0) && c.length <= ((s.maxLength as number | undefined) ?? Infinity),
      );
      return fits.length > 0 ? fits[Math.floor(random() * fits.length)] : 'x';
    }
    case 'integer':
    case 'number': {
      const min = (s.minimum as number | undefined) ?? 0;
      const max = (s.maximum as number | undefined) ?? min + 1000;
      return min + Math.floor(random() * (max - min + 1));
    }
    case 'boolean':
      return random() < 0.5;
    case 'null':
      return null;
    default:
      return undefined;
  }
}

const WRONG_VALUES: unknown[] = [null, undefined, 0, -1, 1.5, NaN, Infinity, '', 'x', 'x'.repeat(5000), '2026-13-45T99:00:00Z', true, false, [], {}, [1], { a: 1 }];

/** Paths to every node of `value`. */
function pathsOf(value: unknown, prefix: string[] = [], out: string[][] = []): string[][] {
  out.push(prefix);
  if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value)) pathsOf((value as Record<string, unknown>)[key], [...prefix, key], out);
  }
  return out;
}

/** `value` with one change at a random path: a wrong value, a deleted key, an extra key. */
function mutate(value: unknown, random: () => number): unknown {
  const copy = structuredClone(value);
  const paths = pathsOf(copy);
  const path = paths[Math.floor(random() * paths.length)]!;
  const wrong = WRONG_VALUES[Math.floor(random() * WRONG_VALUES.length)];
  if (path.length === 0) {
    const kind = random();
    if (kind < 0.5 || typeof copy !== 'object' || copy === null) return wrong;
    (copy as Record<string, unknown>)[random() < 0.5 ? 'extra' : '__proto__'] = wrong;
    return copy;
  }
  let parent = copy as Record<string, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
  const last = path.at(-1)!;
  const kind = random();
  if (kind < 0.2) delete parent[last];
  else if (kind < 0.3 && typeof parent[last] === 'object' && parent[last] !== null) Object.defineProperty(parent[last], '__proto__', { value: { polluted: true }, enumerable: true });
  else parent[last] = wrong;
  return copy;
}

describe('validate (the bundle\'s JSON Schema checker) agrees with TypeBox', () => {
  const schemas = schemasOf();

  it('finds the contract\'s schemas', () => {
    assert.ok(schemas.length > 60, `only ${schemas.length} schemas`);
  });

  it('gives TypeBox\'s verdict on valid samples and mutations of every schema', () => {
    let compared = 0;
    let invalid = 0;
    for (const [name, schema] of schemas) {
      const random = prng(name.length * 7919 + name.charCodeAt(0));
      for (let i = 0; i < 60; i++) {
        const base = sample(schema, random);
        const candidates = [base, mutate(base, random), mutate(mutate(base, random), random)];
        for (const candidate of candidates) {
          const expected = Value.Check(schema, candidate);
          const actual = matches(schema, candidate);
          assert.equal(actual, expected, `${name}: ${JSON.stringify(candidate)?.slice(0, 400)}`);
          assert.equal(describeMismatch(schema, candidate) === '', expected, `${name}: explanation for ${JSON.stringify(candidate)?.slice(0, 200)}`);
          compared += 1;
          if (!expected) invalid += 1;
        }
      }
    }
    assert.ok(compared > 10_000, `compared ${compared}`);
    assert.ok(invalid > compared / 4 && invalid < compared * 0.9, `invalid ${invalid} of ${compared}: the samples test too little`);
  });

  it('checks the JSON a schema freezes to (as the bundle carries it) exactly as the TypeBox object', () => {
    let compared = 0;
    for (const [name, schema] of schemas) {
      const frozen = JSON.parse(JSON.stringify(freeze(schema))) as TSchema;
      const random = prng(name.length);
      for (let i = 0; i < 40; i++) {
        const base = sample(schema, random);
        for (const candidate of [base, mutate(base, random)]) {
          assert.equal(matches(frozen, candidate), Value.Check(schema, candidate), `${name}: ${JSON.stringify(candidate)?.slice(0, 300)}`);
          assert.equal(describeMismatch(frozen, candidate) === '', Value.Check(schema, candidate), name);
          compared += 1;
        }
      }
    }
    assert.ok(compared > 5_000, `compared ${compared}`);
  });

  it('freezes literals to {const}, unions of literals to {enum} and all-required objects to required: true, dropping annotations', () => {
    const frozen = freeze(account.SubscriptionStatus) as Record<string, unknown>;
    assert.deepEqual(Object.keys(frozen), ['enum']);
    assert.ok((frozen.enum as unknown[]).includes('past_due'));
    assert.deepEqual(freeze(common.Timestamp), { type: 'string', format: 'date-time' });
    assert.equal((freeze(common.Money) as Record<string, unknown>).required, true, 'every property of Money is required');
    assert.ok(Array.isArray((freeze(invoices.PageQuery) as Record<string, unknown>).required ?? []), 'a query of optional fields keeps its list');
  });

  it('explains a webview message by the alternative its type names', () => {
    const reason = describeMismatch(panelProtocol.WebviewToHostMessage, { type: 'openPortal', flow: 42 });
    assert.match(reason, /^\/flow: /);
  });

  it('refuses a schema keyword it does not know instead of passing everything', () => {
    assert.throws(() => matches({ type: 'string', contentEncoding: 'base64' } as unknown as TSchema, 'x'), /unsupported schema/);
    assert.throws(() => matches({ type: 'object', additionalProperties: { type: 'string' } } as unknown as TSchema, {}), /unsupported schema/);
    assert.throws(() => matches({ type: 'string', format: 'email' } as unknown as TSchema, 'a@b'), /unsupported schema/);
  });
});
