import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Actor, hasScope, type Role, type Scope } from '../domain/roles.ts';
import { apiKeyUser, sessionUser } from '../services/accounts.ts';
import type { AppContext } from './context.ts';
import { forbidden, Problem, unauthorized } from './problem.ts';

export const SESSION_COOKIE = 'rd_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /** the session's CSRF token, when the request came with a session cookie. */
    csrfToken: string | null;
  }
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Resolves the actor from a bearer API key or the session cookie. Cookie-authenticated
 * requests that change state must echo the session's CSRF token in `X-CSRF-Token`.
 */
export function registerAuth(app: FastifyInstance, ctx: AppContext) {
  app.decorateRequest('actor', null);
  app.decorateRequest('csrfToken', null);
  app.addHook('onRequest', async (req) => {
    const header = req.headers.authorization;
    if (header) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      const found = m?.[1] ? await apiKeyUser(ctx.database.db, m[1]) : undefined;
      if (!found) throw unauthorized('The API key is not valid.');
      req.actor = {
        userId: found.user.id,
        role: found.user.role,
        sellerId: found.user.sellerId,
        scopes: found.key.scopes as Scope[],
      };
      return;
    }
    const token = req.cookies[SESSION_COOKIE];
    if (!token) return;
    // Sessions live in real time: the sandbox test clock moves case deadlines, not logins.
    const found = await sessionUser(ctx.database.db, token, new Date());
    if (!found) return;
    req.actor = { userId: found.user.id, role: found.user.role, sellerId: found.user.sellerId, scopes: null };
    req.csrfToken = found.session.csrfToken;
    if (unsafeMethods.has(req.method) && !req.url.startsWith('/api/v1/auth/login')) {
      if (!sameToken(req.headers['x-csrf-token'], found.session.csrfToken)) {
        throw new Problem(403, 'CSRF token missing', 'Send the X-CSRF-Token header from GET /api/v1/me.');
      }
    }
  });
}

/** Compared in constant time, so the token cannot be guessed byte by byte from response times. */
function sameToken(sent: string | string[] | undefined, expected: string): boolean {
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The actor of a request that must be authenticated. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw unauthorized();
  return req.actor;
}

/** A preHandler allowing only these roles, and (for API keys) requiring a scope. */
export function allow(roles: readonly Role[], scope?: Scope) {
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    const actor = actorOf(req);
    if (!roles.includes(actor.role)) throw forbidden(`This needs one of the roles: ${roles.join(', ')}.`);
    if (scope && !hasScope(actor, scope)) throw forbidden(`This API key lacks the scope '${scope}'.`);
  };
}
