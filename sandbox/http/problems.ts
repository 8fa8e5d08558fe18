/**
 * RFC 9457 problem+json answers, and the translation of schema validation
 * errors into field errors a person can act on.
 */
import type { FastifyReply } from 'fastify';
import { ProblemTypes, type FieldError, type Problem } from '../../shared/contract/common';
import { requestPath } from './requestPath';

export const PROBLEM_JSON = 'application/problem+json';

const TYPE_BY_STATUS: Record<number, string> = {
  400: ProblemTypes.badRequest,
  401: ProblemTypes.unauthorized,
  402: ProblemTypes.quotaExceeded,
  403: ProblemTypes.forbidden,
  404: ProblemTypes.notFound,
  409: ProblemTypes.conflict,
  413: ProblemTypes.payloadTooLarge,
  421: ProblemTypes.misdirected,
  422: ProblemTypes.validation,
  429: ProblemTypes.rateLimited,
};

const TITLE_BY_STATUS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  421: 'Misdirected Request',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** An error a handler throws to answer with a problem. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly options: { title?: string; type?: string; errors?: FieldError[]; headers?: Record<string, string>; code?: string } = {},
  ) {
    super(detail);
  }
}

export function problemBody(status: number, detail?: string, options: { title?: string; type?: string; errors?: FieldError[]; instance?: string; code?: string } = {}): Problem {
  const body: Problem = {
    type: options.type ?? TYPE_BY_STATUS[status] ?? (status >= 500 ? ProblemTypes.server : ProblemTypes.badRequest),
    title: options.title ?? TITLE_BY_STATUS[status] ?? (status >= 500 ? 'Server Error' : 'Request Error'),
    status,
  };
  if (detail !== undefined) body.detail = detail;
  if (options.instance !== undefined) body.instance = options.instance;
  if (options.code !== undefined) body.code = options.code;
  if (options.errors !== undefined) body.errors = options.errors;
  return body;
}

export function sendProblem(reply: FastifyReply, status: number, detail?: string, options: Parameters<typeof problemBody>[2] = {}): FastifyReply {
  return reply
    .code(status)
    .type(PROBLEM_JSON)
    .send(JSON.stringify(problemBody(status, detail, { instance: requestPath(reply.request.url), ...options })));
}

/** 422 with field errors; the detail repeats their messages so it is useful on its own. */
export function validationProblem(errors: FieldError[], summary = 'Some fields need attention.'): HttpProblem {
  const detail = `${summary} ${errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join(' ')}`;
  return new HttpProblem(422, detail, { title: 'Validation failed', type: ProblemTypes.validation, errors });
}

// ---------------------------------------------------------------------------
// Ajv errors -> FieldError[]

/** The subset of Ajv's ErrorObject used here (Fastify passes these through). */
export interface SchemaError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

function dotted(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

function join(parent: string, child: string): string {
  return parent ? `${parent}.${child}` : child;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text (a JSON string)',
  integer: 'a whole number',
  number: 'a number',
  object: 'an object',
  array: 'a list',
  boolean: 'true or false',
  null: 'null',
};

function subject(field: string, part: string): string {
  if (field) return `"${field}"`;
  return part === 'body' ? 'The request body' : `The ${part}`;
}

/** Turns schema errors into one field error per problem, collapsing union (anyOf of constants) noise. */
export function fieldErrorsFromSchema(errors: readonly SchemaError[], part: string): FieldError[] {
  const unionPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const allowed = new Map<string, unknown[]>();
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = dotted(e.instancePath);
    const inUnion = [...unionPaths].some((p) => e.instancePath === p || e.instancePath.startsWith(`${p}/`)) && e.schemaPath.includes('/anyOf/');
    if (inUnion) {
      if (e.keyword === 'const') allowed.set(e.instancePath, [...(allowed.get(e.instancePath) ?? []), e.params.allowedValue]);
      continue;
    }
    const p = e.params;
    switch (e.keyword) {
      case 'required': {
        const f = join(field, String(p.missingProperty));
        out.push({ field: f, code: 'required', message: `"${f}" is required.` });
        break;
      }
      case 'additionalProperties': {
        const f = join(field, String(p.additionalProperty));
        out.push({ field: f, code: 'unknown_field', message: `"${f}" is not a known field. Remove it or check its spelling.` });
        break;
      }
      case 'type':
        out.push({ field, code: 'invalid_type', message: `${subject(field, part)} must be ${TYPE_WORDS[String(p.type)] ?? String(p.type)}.` });
        break;
      case 'maxLength':
        out.push({ field, code: 'too_long', message: `${subject(field, part)} must be at most ${String(p.limit)} characters long.` });
        break;
      case 'minLength':
        out.push({ field, code: 'too_short', message: `${subject(field, part)} must be at least ${String(p.limit)} characters long.` });
        break;
      case 'maximum':
      case 'exclusiveMaximum':
        out.push({ field, code: 'out_of_range', message: `${subject(field, part)} must be at most ${String(p.limit)}.` });
        break;
      case 'minimum':
      case 'exclusiveMinimum':
        out.push({ field, code: 'out_of_range', message: `${subject(field, part)} must be at least ${String(p.limit)}.` });
        break;
      case 'maxItems':
        out.push({ field, code: 'too_many', message: `${subject(field, part)} can have at most ${String(p.limit)} items.` });
        break;
      case 'const':
        out.push({ field, code: 'invalid_value', message: `${subject(field, part)} must be ${JSON.stringify(p.allowedValue)}.` });
        break;
      case 'enum':
        out.push({ field, code: 'invalid_value', message: `${subject(field, part)} must be one of: ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}.` });
        break;
      case 'pattern':
      case 'format':
        out.push({ field, code: 'invalid_format', message: `${subject(field, part)} has the wrong format.` });
        break;
      default:
        out.push({ field, code: 'invalid', message: `${subject(field, part)} ${e.message ?? 'is not valid'}.` });
    }
  }
  for (const path of unionPaths) {
    const field = dotted(path);
    const values = allowed.get(path);
    out.push({
      field,
      code: 'invalid_value',
      message: values?.length
        ? `${subject(field, part)} must be one of: ${values.map((v) => JSON.stringify(v)).join(', ')}.`
        : `${subject(field, part)} does not match any accepted shape.`,
    });
  }
  return out;
}
