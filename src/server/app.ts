import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { TransitionRefused } from '../domain/workflow/state-machine.ts';
import { registerAuth } from './auth.ts';
import type { AppContext } from './context.ts';
import { databaseProblem, type FieldError, Problem } from './problem.ts';
import { apiRoutes } from './routes/index.ts';
import { type RateLimits, rateLimitsFromEnv, registerSecurity } from './security.ts';

export type App = FastifyInstance;

export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** Builds the HTTP application: /api/v1 (JSON, problem+json errors), /api/openapi.json and /api/docs. */
export async function buildApp(
  ctx: AppContext,
  options: { logger?: boolean; rateLimits?: RateLimits } = {},
): Promise<App> {
  const app = Fastify({
    logger: options.logger ? { level: ctx.config.logLevel } : false,
    // 10,000 items with long descriptions fit; anything larger is refused with 413 before parsing.
    bodyLimit: MAX_BODY_BYTES,
    trustProxy: false,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.setErrorHandler((err, req, reply) => {
    const problem = toProblem(err);
    if (problem.status >= 500) req.log.error(err);
    if (problem.status === 503) reply.header('Retry-After', '5');
    reply
      .code(problem.status)
      .type('application/problem+json')
      .send(problem.toJSON(req.url.split('?')[0]));
  });
  app.setNotFoundHandler((req, reply) => {
    reply
      .code(404)
      .type('application/problem+json')
      .send(new Problem(404, 'Not found', `No route ${req.method} ${req.url.split('?')[0]}.`).toJSON());
  });

  await registerSecurity(app, options.rateLimits ?? rateLimitsFromEnv());
  await app.register(fastifyCookie);
  await app.register(fastifyMultipart, {
    limits: { fileSize: ctx.config.maxUploadBytes, files: 1, fields: 20, fieldSize: 64 * 1024, parts: 25 },
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Rightsdesk API',
        version: '1',
        description:
          'Intellectual-property complaint desk. Authenticate with `Authorization: Bearer rd_…` (API key) or the session cookie from POST /api/v1/auth/login. Creates accept `Idempotency-Key`. Errors are application/problem+json (RFC 9457).',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'rd_<prefix>_<secret> from `rightsdesk keys create`' },
          session: { type: 'apiKey', in: 'cookie', name: 'rd_session' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  registerAuth(app, ctx);
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/health', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await ctx.database.db.execute('SELECT 1');
      return { status: 'ok', database: 'up' };
    } catch {
      reply.code(503).type('application/problem+json').header('Retry-After', '5');
      return new Problem(503, 'Service unavailable', 'The database is not reachable.', [
        { field: 'database', message: 'is not reachable' },
      ]).toJSON('/health');
    }
  });
  await app.register(apiRoutes(ctx), { prefix: '/api/v1' });
  await app.ready();
  return app;
}

function toProblem(err: unknown): Problem {
  if (err instanceof Problem) return err;
  if (err instanceof TransitionRefused) return new Problem(409, 'Not allowed in this state', err.message);
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = err.validationContext ?? 'body';
    const errors: FieldError[] = err.validation.map((v) => {
      const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
      return { field: path || where, message: v.message ?? 'is invalid' };
    });
    return new Problem(
      400,
      'Invalid request',
      errors
        .slice(0, 3)
        .map((e) => `${e.field}: ${e.message}`)
        .join('; '),
      errors,
    );
  }
  const e = err as { statusCode?: number; code?: string; message?: string };
  if (e.code === 'FST_REQ_FILE_TOO_LARGE') {
    return new Problem(413, 'File too large', e.message, [{ field: 'file', message: 'is larger than allowed' }]);
  }
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new Problem(413, 'Request too large', `The body is larger than ${MAX_BODY_BYTES} bytes.`, [
      { field: 'body', message: 'is larger than allowed' },
    ]);
  }
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new Problem(415, 'Unsupported media type', e.message);
  }
  if (
    e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    (e.statusCode === 400 && e.message)
  ) {
    return new Problem(400, 'Invalid request', e.message, [{ field: 'body', message: e.message ?? 'is malformed' }]);
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return new Problem(e.statusCode, 'Request refused', e.message);
  }
  const fromDatabase = databaseProblem(err);
  if (fromDatabase) return fromDatabase;
  return new Problem(500, 'Internal error', 'Something went wrong on our side; nothing was changed.');
}
