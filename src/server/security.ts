import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler, RouteOptions } from 'fastify';
import { type FieldError, invalid, invalidMany, Problem } from './problem.ts';
import { loneSurrogate } from './schemas/common.ts';

/** Requests per minute; 0 turns a limit off. Read from RIGHTSDESK_RATE_LIMIT_* (README "Configuration"). */
export interface RateLimits {
  /** POST /auth/login, per client IP and e-mail: slows password guessing. */
  loginPerMinute: number;
  /** Complaint creation and item uploads, per actor (or per IP before authentication). */
  complaintsPerMinute: number;
}

export function rateLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): RateLimits {
  const perMinute = (name: string, fallback: number) => {
    const n = Number(env[name] ?? fallback);
    return Number.isFinite(n) && n >= 0 ? Math.trunc(n) : fallback;
  };
  return {
    loginPerMinute: perMinute('RIGHTSDESK_RATE_LIMIT_LOGIN', 10),
    complaintsPerMinute: perMinute('RIGHTSDESK_RATE_LIMIT_COMPLAINTS', 60),
  };
}

/** The routes each limit guards, as `METHOD url` with the /api/v1 prefix. */
const loginRoutes = new Set(['POST /api/v1/auth/login']);
const complaintRoutes = new Set([
  'POST /api/v1/complaints',
  'POST /api/v1/complaints/:id/items',
  'POST /api/v1/complaints/:id/items/csv',
]);

/** Deeper than any body the API accepts (a complaint's items' evidence ids are 4 levels deep). */
export const MAX_JSON_DEPTH = 32;
/** A refused body names at most this many fields. */
const MAX_BODY_ERRORS = 20;

/**
 * Security headers (helmet), rate limits, and the JSON body parser that refuses what PostgreSQL
 * cannot store or the process cannot walk. Register before the routes.
 */
export async function registerSecurity(app: FastifyInstance, limits: RateLimits): Promise<void> {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        // The /api/docs page (Swagger UI) loads its scripts and styles from 'self' and sets inline
        // styles; its validator badge is an image from validator.swagger.io.
        'img-src': ["'self'", 'data:', 'validator.swagger.io'],
        // The server also runs over plain http (local use, behind a TLS proxy): upgrading its own
        // same-origin subresources to https would break the docs page there.
        'upgrade-insecure-requests': null,
      },
    },
  });

  await app.register(fastifyRateLimit, {
    global: false,
    // RFC 9457 like every other error; the plugin has set Retry-After before this is thrown.
    errorResponseBuilder: (_req, ctx) =>
      new Problem(429, 'Too many requests', `Too many requests; try again in ${ctx.after}.`, [
        { field: 'rate', message: `at most ${ctx.max} per minute` },
      ]),
  });
  const minute = 60_000;
  const loginLimiter =
    limits.loginPerMinute > 0
      ? app.rateLimit({
          max: limits.loginPerMinute,
          timeWindow: minute,
          keyGenerator: (req) => `login:${req.ip}:${loginEmail(req)}`,
        })
      : undefined;
  const complaintLimiter =
    limits.complaintsPerMinute > 0
      ? app.rateLimit({
          max: limits.complaintsPerMinute,
          timeWindow: minute,
          keyGenerator: (req) => (req.actor ? `actor:${req.actor.userId}` : `ip:${req.ip}`),
        })
      : undefined;
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      const key = `${method} ${route.url}`;
      // Login is limited once the body (the e-mail) is parsed; complaint creation before its
      // possibly large body is parsed, once authentication has named the actor.
      if (loginLimiter && loginRoutes.has(key)) appendHook(route, 'preHandler', loginLimiter);
      if (complaintLimiter && complaintRoutes.has(key)) appendHook(route, 'onRequest', complaintLimiter);
    }
  });

  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => {
    try {
      done(null, parseJsonBody(body as Buffer));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  // The same refusal for the query string: it is text that may reach the database too.
  app.addHook('preValidation', async (req) => {
    const errors = hostileStrings(req.query, 'query');
    if (errors.length) throw invalidMany(errors);
  });
}

function loginEmail(req: FastifyRequest): string {
  const body = req.body;
  if (typeof body === 'object' && body !== null && 'email' in body && typeof body.email === 'string') {
    return body.email.trim().toLowerCase();
  }
  return '';
}

function appendHook(route: RouteOptions, hook: 'onRequest' | 'preHandler', handler: onRequestAsyncHookHandler) {
  const list = <T>(existing: T | T[] | undefined): T[] =>
    existing === undefined ? [] : Array.isArray(existing) ? existing : [existing];
  if (hook === 'onRequest') route.onRequest = [...list(route.onRequest), handler];
  else route.preHandler = [...list(route.preHandler), handler];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A JSON body, refused with 400 naming the field when it is not UTF-8, not JSON, nested deeper
 * than MAX_JSON_DEPTH (checked on the text before parsing, so nothing deep is ever built or walked
 * recursively), or holds strings with NUL or lone surrogates anywhere (PostgreSQL refuses NUL in
 * text and jsonb; a lone surrogate cannot be encoded).
 */
export function parseJsonBody(body: Buffer): unknown {
  let source: string;
  try {
    source = utf8.decode(body);
  } catch {
    throw invalid('body', 'is not valid UTF-8');
  }
  if (source.trim() === '') throw invalid('body', 'is empty; send JSON, or no Content-Type');
  if (nestingDepth(source) > MAX_JSON_DEPTH) throw invalid('body', `is nested deeper than ${MAX_JSON_DEPTH} levels`);
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (err) {
    throw invalid('body', `is not valid JSON (${(err as Error).message})`);
  }
  const errors = hostileStrings(value, 'body');
  if (errors.length) throw invalidMany(errors);
  return value;
}

/** The deepest nesting of arrays and objects in JSON text, stopping early past the limit. */
function nestingDepth(json: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > MAX_JSON_DEPTH) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/** Strings (values and keys) holding NUL or lone surrogates, and `__proto__` keys, by path; iterative. */
function hostileStrings(root: unknown, rootName: string): FieldError[] {
  const errors: FieldError[] = [];
  const stack: { value: unknown; path: string }[] = [{ value: root, path: '' }];
  const check = (s: string, path: string) => {
    const field = path || rootName;
    if (s.includes('\u0000')) errors.push({ field, message: 'contains NUL (\\u0000), which cannot be stored' });
    else if (loneSurrogate.test(s)) errors.push({ field, message: 'contains invalid Unicode (a lone surrogate)' });
  };
  while (stack.length && errors.length < MAX_BODY_ERRORS) {
    const { value, path } = stack.pop() as { value: unknown; path: string };
    if (typeof value === 'string') check(value, path);
    else if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) stack.push({ value: v, path: join(path, String(i)) });
    } else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) {
        const at = join(path, k);
        // Prototype pollution guard, as Fastify's own JSON parser (secure-json-parse) refuses it.
        if (k === '__proto__') errors.push({ field: at, message: 'is not an allowed key' });
        check(k, at);
        stack.push({ value: v, path: at });
      }
    }
  }
  return errors.slice(0, MAX_BODY_ERRORS);
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
