/**
 * The Fastify application: the host check (hostCheck.ts), validation and error
 * policy (problem+json, never a 5xx for bad input), fault injection
 * (faults.ts), the lifecycle engine's per-request check, and the route
 * modules. The benchmark's bare route sits outside the service's plugin so it
 * shares none of its hooks but the server-wide ones: the start time, the host
 * check and the request log.
 */
import formbody from '@fastify/formbody';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { type FieldError } from '../../shared/contract/common';
import { ApiPaths } from '../../shared/contract/paths';
import { oauthErrorBody } from './routes/oauthRoutes';
import { errorPageContent, sendPage, wantsHtml } from './pages';
import { fieldErrorsFromSchema, HttpProblem, PROBLEM_JSON, problemBody, sendProblem, type SchemaError } from './problems';
import { registerContractSchemas } from './schemas';
import type { ContractTypeProvider } from './sandboxApp';
import type { SandboxServices } from './services';
import { registerApiRoutes } from './routes/apiRoutes';
import { registerOAuthRoutes } from './routes/oauthRoutes';
import { registerPortalRoutes } from './routes/portal/portalRoutes';
import { registerPublicRoutes } from './routes/publicRoutes';
import { registerSandboxRoutes } from './routes/sandboxRoutes';
import { faultInjection } from './faults';
import { hostCheck } from './hostCheck';
import { loggablePath, requestPath, withoutEmails } from './requestPath';
import { limitPerClient } from './rateLimiter';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user of a /v1 request (set by the bearer check). */
    userId: string;
    /** That user's account version as the bearer check read it, for the 304 fast path (freshEtags.ts). */
    accountVersion: number;
    startedAt: number;
  }
}

const FRIENDLY: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty; send a JSON object.',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'This Content-Type is not supported here; send application/json.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The Content-Length header does not match the body.',
  FST_ERR_BAD_URL: 'The URL is not valid.',
};

/** A browser gets an error page, except from the API: /v1 answers problem+json, always. */
function wantsErrorPage(request: FastifyRequest): boolean {
  return wantsHtml(request) && !requestPath(request.url).startsWith('/v1/');
}

function handleError(services: SandboxServices, error: FastifyError | HttpProblem, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const path = requestPath(request.url);
  const isToken = path === ApiPaths.token || path === ApiPaths.revoke;
  if (error instanceof HttpProblem) {
    for (const [name, value] of Object.entries(error.options.headers ?? {})) reply.header(name, value);
    if (wantsErrorPage(request)) return sendPage(reply, error.status, errorPageContent(error.options.title ?? 'Something is wrong', error.detail));
    return sendProblem(reply, error.status, error.detail, { title: error.options.title, type: error.options.type, errors: error.options.errors, code: error.options.code });
  }
  const status = error.statusCode ?? 500;
  let detail: string;
  let errors: FieldError[] | undefined;
  if (error.validation) {
    errors = fieldErrorsFromSchema(error.validation as SchemaError[], error.validationContext ?? 'body');
    detail = `The ${error.validationContext === 'querystring' ? 'query string' : (error.validationContext ?? 'request')} does not match the API: ${errors.map((e) => e.message).join(' ')}`;
  } else if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    detail = `The request body is larger than the limit of ${services.config.bodyLimitBytes} bytes.`;
  } else if (status < 500) {
    detail = FRIENDLY[error.code] ?? error.message;
  } else {
    process.stderr.write(`[sandbox] ${request.method} ${loggablePath(request.url)} failed: ${withoutEmails(error.stack ?? error.message)}\n`);
    detail = 'Something went wrong in the sandbox. The request did not change anything.';
  }
  const finalStatus = error.validation ? 400 : status;
  if (isToken && finalStatus < 500) {
    return reply.code(400).header('cache-control', 'no-store').send(oauthErrorBody('invalid_request', detail));
  }
  if (wantsErrorPage(request)) return sendPage(reply, finalStatus, errorPageContent('This request could not be handled', detail));
  return sendProblem(reply, finalStatus, detail, { errors });
}

/** Errors Node's HTTP parser raises before there is a request (oversized headers, garbage): problem+json too. */
function clientErrorHandler(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'The request headers are too large.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'The request took too long to arrive.']
        : [400, 'The request is not valid HTTP.'];
  const body = JSON.stringify(problemBody(status, detail));
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: ${PROBLEM_JSON}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(error);
}

export async function buildApp(services: SandboxServices): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: services.config.bodyLimitBytes,
    forceCloseConnections: true,
    clientErrorHandler,
    // Behind a reverse proxy on loopback (SANDBOX_TRUST_PROXY=1): the client's address and scheme come from X-Forwarded-For/-Proto.
    trustProxy: services.config.trustProxy ? 'loopback' : false,
    // A URL that cannot be decoded (e.g. "%ZZ") never reaches a route: answer it like every other bad request.
    frameworkErrors: (error, request, reply) => {
      const detail = FRIENDLY[error.code] ?? error.message;
      if (wantsErrorPage(request)) return sendPage(reply, error.statusCode ?? 400, errorPageContent('This address is not valid', detail));
      return sendProblem(reply, error.statusCode ?? 400, detail);
    },
    // Unknown fields must fail (not be stripped) and types must not be coerced: bad input gets a 400.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: true, useDefaults: true } },
  }).withTypeProvider<ContractTypeProvider>();
  // Responses are plain JSON of contract shapes; the schemas document them in OpenAPI.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.decorateRequest('userId', '');
  // -1 matches no version: outside /v1 nothing may take the fast path.
  app.decorateRequest('accountVersion', -1);
  app.decorateRequest('startedAt', 0);
  app.setErrorHandler((error: FastifyError, request, reply) => handleError(services, error, request, reply));
  app.setNotFoundHandler((request, reply) => {
    const detail = `There is no ${request.method} ${loggablePath(request.url)} here.`;
    if (wantsHtml(request)) return sendPage(reply, 404, errorPageContent('Page not found', detail));
    return sendProblem(reply, 404, detail);
  });

  // On every request, the bench route's and unknown paths' too: the start time (injected latency counts),
  // then only our own host names (DNS rebinding gets 421), and one log line per answer.
  app.addHook('onRequest', async (request) => {
    request.startedAt = performance.now();
  });
  app.addHook('onRequest', hostCheck(services.config));
  if (services.config.logRequests) {
    app.addHook('onResponse', async (request, reply) => {
      const ms = (performance.now() - request.startedAt).toFixed(1);
      // Only the method, the redacted path, the status and the time: never a query, user info, secret or email.
      process.stderr.write(`[sandbox] ${request.method} ${loggablePath(request.url)} ${reply.statusCode} ${ms}ms\n`);
    });
  }

  registerContractSchemas(app);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Billing API',
        version: '1.0.0',
        description: `Billing API v1 as implemented by the Plan & Billing sandbox (mode: ${services.mode}).`,
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await app.register(formbody, { bodyLimit: services.config.bodyLimitBytes });
  // JSON and forms only: a text/plain body gets 415 instead of failing later as "not an object".
  app.removeContentTypeParser('text/plain');

  if (services.config.benchRoute) app.get('/bench/bare', { schema: { hide: true } }, async () => ({ ok: true }));

  await app.register(async (scope) => {
    // In this order: the faults, then the engine (a request a fault answers runs nothing more).
    await scope.register(faultInjection, { faults: services.faults });
    // Callback-style, like the fault hooks: no promise per request for a check that is almost always nothing.
    scope.addHook('onRequest', (_request, _reply, done) => {
      services.engine.runIfDue();
      done();
    });
    registerPublicRoutes(scope, services);
    // The browser-facing endpoints are limited per client address (they have no user until signed in).
    await scope.register(async (oauth) => {
      oauth.addHook('onRequest', limitPerClient(services.clientRateLimiter));
      registerOAuthRoutes(oauth, services);
    });
    await scope.register(async (portal) => {
      portal.addHook('onRequest', limitPerClient(services.clientRateLimiter));
      registerPortalRoutes(portal, services);
    });
    await scope.register(async (v1) => {
      // The API speaks JSON only; forms are for the pages and the OAuth endpoints.
      v1.removeContentTypeParser('application/x-www-form-urlencoded');
      registerApiRoutes(v1, services);
    });
    if (services.mode === 'sandbox') registerSandboxRoutes(scope, services);
  });
  return app;
}
