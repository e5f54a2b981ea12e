import { and, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiKeys, users } from '../../db/schema/index.ts';
import { roles } from '../../domain/roles.ts';
import {
  authenticate,
  createApiKey,
  createSession,
  createUser,
  deleteSession,
  ensureSeller,
  findUserByEmail,
} from '../../services/accounts.ts';
import { actorOf, allow, SESSION_COOKIE } from '../auth.ts';
import type { AppContext } from '../context.ts';
import { idempotentCreate } from '../idempotency.ts';
import { conflict, forbidden, notFound, unauthorized } from '../problem.ts';
import {
  apiKeySchema,
  createApiKeyBody,
  createdApiKey,
  createUserBody,
  loginBody,
  meResponse,
  userSchema,
} from '../schemas/accounts.ts';
import { idParams, problems } from '../schemas/common.ts';

const publicUser = (u: typeof users.$inferSelect) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  partyKind: u.partyKind,
  sellerId: u.sellerId,
  locale: u.locale,
});

export const accountRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const db = ctx.database.db;

    app.post(
      '/auth/login',
      { schema: { tags: ['accounts'], body: loginBody, response: { 200: meResponse, ...problems } } },
      async (req, reply) => {
        const user = await authenticate(db, req.body.email, req.body.password);
        if (!user) throw unauthorized('E-mail or password is wrong.');
        const { token, csrfToken } = await createSession(db, user.id, new Date(), ctx.config.sessionHours);
        reply.setCookie(SESSION_COOKIE, token, {
          path: '/',
          httpOnly: true,
          sameSite: 'strict',
          secure: ctx.config.secureCookies,
          maxAge: ctx.config.sessionHours * 3600,
        });
        return { user: publicUser(user), csrfToken };
      },
    );

    app.post('/auth/logout', { schema: { tags: ['accounts'], response: { 204: z.null() } } }, async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await deleteSession(db, token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' }).code(204);
      return null;
    });

    app.get('/me', { schema: { tags: ['accounts'], response: { 200: meResponse, ...problems } } }, async (req) => {
      const actor = actorOf(req);
      const [user] = await db.select().from(users).where(eq(users.id, actor.userId));
      if (!user) throw unauthorized();
      return { user: publicUser(user), csrfToken: req.csrfToken };
    });

    app.get(
      '/users',
      {
        preValidation: allow(['admin'], 'admin'),
        schema: {
          tags: ['admin'],
          querystring: z.object({ role: z.enum(roles).optional() }),
          response: { 200: z.object({ data: z.array(userSchema) }), ...problems },
        },
      },
      async (req) => {
        const rows = await db
          .select()
          .from(users)
          .where(req.query.role ? eq(users.role, req.query.role) : undefined)
          .orderBy(users.createdAt);
        return { data: rows.map(publicUser) };
      },
    );

    app.post(
      '/users',
      {
        preValidation: allow(['admin'], 'admin'),
        schema: { tags: ['admin'], body: createUserBody, response: { 201: userSchema, ...problems } },
      },
      async (req, reply) =>
        idempotentCreate(ctx, req, reply, async (tx) => {
          const b = req.body;
          if (await findUserByEmail(tx, b.email)) {
            throw conflict('A user with this e-mail exists.', [{ field: 'email', message: 'is already registered' }]);
          }
          const seller = b.sellerExternalId
            ? await ensureSeller(tx, b.sellerExternalId, b.sellerName ?? b.name, b.email)
            : undefined;
          const user = await createUser(tx, { ...b, sellerId: seller?.id });
          return { status: 201, body: publicUser(user) };
        }),
    );

    app.get(
      '/api-keys',
      {
        schema: { tags: ['accounts'], response: { 200: z.object({ data: z.array(apiKeySchema) }), ...problems } },
      },
      async (req) => {
        const actor = actorOf(req);
        const rows = await db.select().from(apiKeys).where(eq(apiKeys.userId, actor.userId));
        return { data: rows.map(({ secretHash: _s, lastUsedAt: _l, ...k }) => k) };
      },
    );

    app.post(
      '/api-keys',
      { schema: { tags: ['accounts'], body: createApiKeyBody, response: { 201: createdApiKey, ...problems } } },
      async (req, reply) => {
        const actor = actorOf(req);
        // A key never widens what its creator holds: API keys cannot mint keys, except an admin key.
        if (actor.scopes !== null && !actor.scopes.includes('admin')) throw forbidden('API keys cannot create keys.');
        const userId = req.body.userId ?? actor.userId;
        if (userId !== actor.userId && actor.role !== 'admin') throw forbidden('Only admins create keys for others.');
        return idempotentCreate(ctx, req, reply, async (tx) => {
          const [owner] = await tx.select().from(users).where(eq(users.id, userId));
          if (!owner) throw notFound('User');
          const { key, record } = await createApiKey(tx, userId, req.body.name, req.body.scopes);
          const { secretHash: _s, lastUsedAt: _l, ...apiKey } = record;
          return { status: 201, body: { key, apiKey } };
        });
      },
    );

    app.delete(
      '/api-keys/:id',
      { schema: { tags: ['accounts'], params: idParams, response: { 204: z.null(), ...problems } } },
      async (req, reply) => {
        const actor = actorOf(req);
        const where =
          actor.role === 'admin'
            ? eq(apiKeys.id, req.params.id)
            : and(eq(apiKeys.id, req.params.id), eq(apiKeys.userId, actor.userId));
        const done = await db.update(apiKeys).set({ revokedAt: ctx.clock.now() }).where(where).returning();
        if (done.length === 0) throw notFound('API key');
        reply.code(204);
        return null;
      },
    );
  };
