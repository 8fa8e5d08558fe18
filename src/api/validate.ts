/**
 * Response validation with the contract's TypeBox schemas. TypeBox fails
 * unknown string formats, so the formats the contract uses are registered here
 * once, before any schema is compiled.
 */
import { FormatRegistry, type Static, type TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/i;

if (!FormatRegistry.Has('date-time')) {
  FormatRegistry.Set('date-time', (value) => ISO_DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)));
}

const compiled = new WeakMap<TSchema, TypeCheck<TSchema>>();

function checkerFor<T extends TSchema>(schema: T): TypeCheck<T> {
  let check = compiled.get(schema);
  if (!check) {
    check = TypeCompiler.Compile(schema);
    compiled.set(schema, check);
  }
  return check as TypeCheck<T>;
}

/** True when `value` matches `schema`. */
export function matches<T extends TSchema>(schema: T, value: unknown): value is Static<T> {
  return checkerFor(schema).Check(value);
}

/** The first few validation failures as one line ("/path: message; …"), for logs. */
export function describeMismatch(schema: TSchema, value: unknown, max = 3): string {
  const parts: string[] = [];
  for (const error of checkerFor(schema).Errors(value)) {
    parts.push(`${error.path || '/'}: ${error.message}`);
    if (parts.length >= max) break;
  }
  return parts.join('; ');
}
