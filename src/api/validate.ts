/**
 * Validation of service responses, OAuth answers, entitlement claims and
 * webview messages against the contract's schemas, read as JSON Schema
 * (docs/architecture.md "Validation").
 *
 * The contract is written with TypeBox, whose schemas are plain JSON Schema
 * objects. The extension bundle does not carry TypeBox: its build freezes the
 * schema modules into JSON literals (scripts/frozenSchemas.mjs), and this
 * module checks the subset of JSON Schema the contract uses. The same code
 * runs on TypeBox's objects in unit tests and on the frozen JSON in the
 * bundle; a keyword it does not know fails at first use (never "valid by
 * default"), and a unit test compares it with TypeBox's own checker on every
 * contract schema.
 */
import { type Static, type TSchema } from '@sinclair/typebox';

type Schema = Readonly<Record<string, unknown>>;
/** Checks `value`; when `errors` is given, records why it failed (path: message). */
type Checker = (value: unknown, path: string, errors: string[] | undefined) => boolean;

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/i;
const FORMATS: Readonly<Record<string, (value: string) => boolean>> = {
  'date-time': (value) => ISO_DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)),
};

/** Keywords that say nothing about validity. */
const ANNOTATIONS = new Set(['$id', '$schema', 'title', 'description', 'default', 'examples']);
const KEYWORDS: Readonly<Record<string, ReadonlySet<string>>> = {
  object: new Set(['type', 'properties', 'required', 'additionalProperties', 'patternProperties']),
  array: new Set(['type', 'items', 'minItems', 'maxItems']),
  string: new Set(['type', 'const', 'minLength', 'maxLength', 'pattern', 'format']),
  integer: new Set(['type', 'const', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum']),
  number: new Set(['type', 'const', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum']),
  boolean: new Set(['type', 'const']),
  null: new Set(['type']),
};

const compiled = new WeakMap<object, Checker>();

function checkerFor(schema: Schema): Checker {
  let checker = compiled.get(schema);
  if (!checker) {
    checker = compile(schema);
    compiled.set(schema, checker);
  }
  return checker;
}

function unsupported(schema: Schema, what: string): never {
  throw new Error(`validate: unsupported schema (${what}) in ${JSON.stringify(schema).slice(0, 120)}`);
}

function compile(schema: Schema): Checker {
  const keys = Object.keys(schema).filter((key) => !ANNOTATIONS.has(key));
  if ('anyOf' in schema) {
    if (keys.length !== 1 || !Array.isArray(schema.anyOf)) unsupported(schema, 'anyOf beside other keywords');
    const alternatives = schema.anyOf as Schema[];
    const options = alternatives.map(checkerFor);
    const pick = discriminator(alternatives);
    return (value, path, errors) => {
      if (options.some((option) => option(value, path, undefined))) return true;
      // A tagged union ({type: 'a', …} | {type: 'b', …}): explain the alternative the tag names.
      const chosen = pick?.(value);
      if (chosen !== undefined && errors) return options[chosen]!(value, path, errors);
      errors?.push(`${path || '/'}: matches none of ${options.length} alternatives`);
      return false;
    };
  }
  if (keys.length === 0) return () => true;
  // The bundle's compact literal forms (scripts/frozenSchemas.mjs): {const} alone, and {enum} for a union of literals.
  if (keys.length === 1 && 'const' in schema) return withConst(schema, () => true, 'a constant');
  if (keys.length === 1 && Array.isArray(schema.enum)) {
    const allowed = schema.enum as readonly unknown[];
    return (value, path, errors) => {
      if (allowed.includes(value)) return true;
      errors?.push(`${path || '/'}: expected one of ${allowed.map((option) => JSON.stringify(option)).join(', ')}`);
      return false;
    };
  }
  const type = schema.type;
  const allowed = typeof type === 'string' ? KEYWORDS[type] : undefined;
  if (!allowed) unsupported(schema, `type ${JSON.stringify(type)}`);
  for (const key of keys) if (!allowed.has(key)) unsupported(schema, `keyword ${key} on ${String(type)}`);
  switch (type) {
    case 'object':
      return objectChecker(schema);
    case 'array':
      return arrayChecker(schema);
    case 'string':
      return stringChecker(schema);
    case 'integer':
    case 'number':
      return numberChecker(schema, type === 'integer');
    case 'boolean':
      return withConst(schema, (value) => typeof value === 'boolean', 'a boolean');
    default:
      return withConst(schema, (value) => value === null, 'null');
  }
}

/** For a union of objects that all fix one property to a constant: the index of the alternative a value's tag names. */
function discriminator(alternatives: readonly Schema[]): ((value: unknown) => number | undefined) | undefined {
  const constOf = (alternative: Schema, key: string) => ((alternative.properties as Record<string, Schema> | undefined)?.[key] ?? {}).const;
  const first = alternatives[0]?.properties as Record<string, Schema> | undefined;
  const key = Object.keys(first ?? {}).find((candidate) => alternatives.every((alternative) => constOf(alternative, candidate) !== undefined));
  if (key === undefined) return undefined;
  const tags = alternatives.map((alternative) => constOf(alternative, key));
  return (value) => {
    if (typeof value !== 'object' || value === null) return undefined;
    const index = tags.indexOf((value as Record<string, unknown>)[key]);
    return index < 0 ? undefined : index;
  };
}

/** A checker for the value's kind, then `const` when the schema has one (TypeBox's Literal). */
function withConst(schema: Schema, isKind: (value: unknown) => boolean, kind: string, more?: Checker): Checker {
  const hasConst = 'const' in schema;
  const constant = schema.const;
  return (value, path, errors) => {
    if (!isKind(value)) {
      errors?.push(`${path || '/'}: expected ${hasConst ? JSON.stringify(constant) : kind}`);
      return false;
    }
    if (hasConst && value !== constant) {
      errors?.push(`${path || '/'}: expected ${JSON.stringify(constant)}`);
      return false;
    }
    return more ? more(value, path, errors) : true;
  };
}

function integerOption(schema: Schema, key: string): number | undefined {
  const value = schema[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) unsupported(schema, `${key} is not a number`);
  return value;
}

function stringChecker(schema: Schema): Checker {
  const minLength = integerOption(schema, 'minLength');
  const maxLength = integerOption(schema, 'maxLength');
  const pattern = schema.pattern === undefined ? undefined : new RegExp(String(schema.pattern));
  const format = schema.format === undefined ? undefined : FORMATS[String(schema.format)];
  if (schema.format !== undefined && !format) unsupported(schema, `format ${String(schema.format)}`);
  return withConst(schema, (value) => typeof value === 'string', 'a string', (value, path, errors) => {
    const text = value as string;
    const problem =
      minLength !== undefined && text.length < minLength
        ? `shorter than ${minLength}`
        : maxLength !== undefined && text.length > maxLength
          ? `longer than ${maxLength}`
          : pattern && !pattern.test(text)
            ? `does not match ${String(schema.pattern)}`
            : format && !format(text)
              ? `not a ${String(schema.format)}`
              : undefined;
    if (problem) errors?.push(`${path || '/'}: ${problem}`);
    return problem === undefined;
  });
}

function numberChecker(schema: Schema, integer: boolean): Checker {
  const minimum = integerOption(schema, 'minimum');
  const maximum = integerOption(schema, 'maximum');
  const exclusiveMinimum = integerOption(schema, 'exclusiveMinimum');
  const exclusiveMaximum = integerOption(schema, 'exclusiveMaximum');
  const isKind = integer ? (value: unknown) => Number.isInteger(value) : (value: unknown) => typeof value === 'number' && Number.isFinite(value);
  return withConst(schema, isKind, integer ? 'an integer' : 'a number', (value, path, errors) => {
    const n = value as number;
    const ok =
      (minimum === undefined || n >= minimum) &&
      (maximum === undefined || n <= maximum) &&
      (exclusiveMinimum === undefined || n > exclusiveMinimum) &&
      (exclusiveMaximum === undefined || n < exclusiveMaximum);
    if (!ok) errors?.push(`${path || '/'}: ${n} is out of range`);
    return ok;
  });
}

function arrayChecker(schema: Schema): Checker {
  const items = schema.items === undefined ? undefined : checkerFor(schema.items as Schema);
  if (Array.isArray(schema.items)) unsupported(schema, 'tuple items');
  const minItems = integerOption(schema, 'minItems');
  const maxItems = integerOption(schema, 'maxItems');
  return (value, path, errors) => {
    if (!Array.isArray(value)) {
      errors?.push(`${path || '/'}: expected an array`);
      return false;
    }
    if ((minItems !== undefined && value.length < minItems) || (maxItems !== undefined && value.length > maxItems)) {
      errors?.push(`${path || '/'}: ${value.length} items is out of range`);
      return false;
    }
    if (!items) return true;
    for (let i = 0; i < value.length; i++) {
      if (!items(value[i], `${path}/${i}`, errors)) return false;
    }
    return true;
  };
}

const hasOwn = (value: object, key: string) => Object.prototype.hasOwnProperty.call(value, key);

function objectChecker(schema: Schema): Checker {
  const properties = Object.entries((schema.properties ?? {}) as Record<string, Schema>).map(([key, property]) => ({ key, check: checkerFor(property) }));
  // `required: true` is the bundle's short form of "all of them" (scripts/frozenSchemas.mjs).
  const required = new Set(schema.required === true ? Object.keys((schema.properties ?? {}) as object) : ((schema.required ?? []) as string[]));
  const known = new Set(properties.map((property) => property.key));
  const additional = schema.additionalProperties;
  if (additional !== undefined && additional !== false) unsupported(schema, 'additionalProperties other than false');
  const patterns = Object.entries((schema.patternProperties ?? {}) as Record<string, Schema>).map(([pattern, property]) => ({
    pattern: new RegExp(pattern),
    check: checkerFor(property),
  }));
  return (value, path, errors) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      errors?.push(`${path || '/'}: expected an object`);
      return false;
    }
    const record = value as Record<string, unknown>;
    for (const { key, check } of properties) {
      const present = hasOwn(record, key);
      if (required.has(key)) {
        if (!present) {
          errors?.push(`${path}/${key}: required`);
          return false;
        }
      } else if (!present || record[key] === undefined) {
        // An optional property may be absent (or undefined, as TypeBox allows).
        continue;
      }
      if (!check(record[key], `${path}/${key}`, errors)) return false;
    }
    if (additional === false || patterns.length > 0) {
      for (const key of Object.getOwnPropertyNames(record)) {
        if (known.has(key)) continue;
        const rule = patterns.find(({ pattern }) => pattern.test(key));
        if (rule) {
          if (!rule.check(record[key], `${path}/${key}`, errors)) return false;
        } else if (additional === false) {
          errors?.push(`${path}/${key}: not allowed`);
          return false;
        }
      }
    }
    return true;
  };
}

/** True when `value` matches `schema`. */
export function matches<T extends TSchema>(schema: T, value: unknown): value is Static<T> {
  return checkerFor(schema)(value, '', undefined);
}

/** Why `value` does not match `schema` ("/path: message"), for logs; empty when it matches. */
export function describeMismatch(schema: TSchema, value: unknown, max = 3): string {
  const errors: string[] = [];
  checkerFor(schema)(value, '', errors);
  return errors.slice(0, max).join('; ');
}
