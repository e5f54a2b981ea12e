import { and, desc, eq, type SQL } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ipRights, powersOfAttorney } from '../../db/schema/index.ts';
import { type Actor, filerRoles, roles, staffRoles } from '../../domain/roles.ts';
import {
  canReadIpRight,
  canReadPowerOfAttorney,
  createIpRight,
  createPowerOfAttorney,
  verifyIpRight,
  verifyPowerOfAttorney,
} from '../../services/rights.ts';
import { actorOf, allow } from '../auth.ts';
import type { AppContext } from '../context.ts';
import { idempotentCreate } from '../idempotency.ts';
import { forbidden, notFound } from '../problem.ts';
import { idParams, problems } from '../schemas/common.ts';
import {
  createIpRightBody,
  createPowerOfAttorneyBody,
  ipRightPage,
  ipRightSchema,
  listIpRightsQuery,
  listPowersOfAttorneyQuery,
  powerOfAttorneyPage,
  powerOfAttorneySchema,
  toApiIpRight,
  toApiPowerOfAttorney,
  verificationBody,
} from '../schemas/rights.ts';

const isStaff = (actor: Actor) => staffRoles.includes(actor.role);

/** Parties other than staff list only their own; asking for someone else's is refused outright. */
function ownerFilter(actor: Actor, requested: string | undefined): string | undefined {
  if (isStaff(actor)) return requested;
  if (requested && requested !== actor.userId)
    throw forbidden('Only reviewers and admins list other parties’ records.');
  return actor.userId;
}

const page = <T>(rows: T[], limit: number, offset: number) => ({
  data: rows.slice(0, limit),
  nextOffset: rows.length > limit ? offset + limit : null,
});

export const rightsRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const db = ctx.database.db;

    const readableRight = async (actor: Actor, id: string) => {
      const [row] = await db.select().from(ipRights).where(eq(ipRights.id, id));
      if (!row || !(await canReadIpRight(db, actor, row))) throw notFound('IP right');
      return row;
    };
    const readablePowerOfAttorney = async (actor: Actor, id: string) => {
      const [row] = await db.select().from(powersOfAttorney).where(eq(powersOfAttorney.id, id));
      if (!row || !(await canReadPowerOfAttorney(db, actor, row))) throw notFound('Power of attorney');
      return row;
    };

    // seed 000 §二(一)2(2): proof of ownership, registered once and cited by complaints.
    app.post(
      '/ip-rights',
      {
        preValidation: allow(filerRoles, 'rights:write'),
        schema: {
          tags: ['rights'],
          summary: 'Register an IP right (trademark, copyright or patent) with its proof of ownership',
          body: createIpRightBody,
          response: { 201: ipRightSchema, ...problems },
        },
      },
      async (req, reply) =>
        idempotentCreate(ctx, req, reply, async (tx) => {
          const row = await createIpRight(tx, actorOf(req), req.body, ctx.clock.now());
          return { status: 201, body: toApiIpRight(row) };
        }),
    );

    app.get(
      '/ip-rights',
      {
        preValidation: allow([...filerRoles, ...staffRoles], 'rights:read'),
        schema: {
          tags: ['rights'],
          summary: 'List IP rights: your own; reviewers and admins all',
          querystring: listIpRightsQuery,
          response: { 200: ipRightPage, ...problems },
        },
      },
      async (req) => {
        const q = req.query;
        const conditions: SQL[] = [];
        const holderId = ownerFilter(actorOf(req), q.holderId);
        if (holderId) conditions.push(eq(ipRights.holderId, holderId));
        if (q.verification) conditions.push(eq(ipRights.verification, q.verification));
        if (q.type) conditions.push(eq(ipRights.type, q.type));
        const rows = await db
          .select()
          .from(ipRights)
          .where(and(...conditions))
          .orderBy(desc(ipRights.createdAt), desc(ipRights.id))
          .limit(q.limit + 1)
          .offset(q.offset);
        return page(rows.map(toApiIpRight), q.limit, q.offset);
      },
    );

    app.get(
      '/ip-rights/:id',
      {
        preValidation: allow(roles, 'rights:read'),
        schema: {
          tags: ['rights'],
          summary: 'An IP right',
          params: idParams,
          response: { 200: ipRightSchema, ...problems },
        },
      },
      async (req) => toApiIpRight(await readableRight(actorOf(req), req.params.id)),
    );

    app.post(
      '/ip-rights/:id/verification',
      {
        preValidation: allow(staffRoles, 'review'),
        schema: {
          tags: ['rights'],
          summary: 'Record the reviewer’s decision on an IP right',
          params: idParams,
          body: verificationBody,
          response: { 200: ipRightSchema, ...problems },
        },
      },
      async (req) => {
        const row = await verifyIpRight(db, req.params.id, {
          ...req.body,
          reviewerId: actorOf(req).userId,
          at: ctx.clock.now(),
        });
        if (!row) throw notFound('IP right');
        return toApiIpRight(row);
      },
    );

    // seed 000 §二(一)2(2)b: an agent also shows the owner's power of attorney and its scope.
    app.post(
      '/powers-of-attorney',
      {
        preValidation: allow(['agent'], 'rights:write'),
        schema: {
          tags: ['rights'],
          summary: 'Register a power of attorney from an IP owner',
          body: createPowerOfAttorneyBody,
          response: { 201: powerOfAttorneySchema, ...problems },
        },
      },
      async (req, reply) =>
        idempotentCreate(ctx, req, reply, async (tx) => {
          const row = await createPowerOfAttorney(tx, actorOf(req), req.body, ctx.clock.now());
          return { status: 201, body: toApiPowerOfAttorney(row) };
        }),
    );

    app.get(
      '/powers-of-attorney',
      {
        preValidation: allow(['agent', ...staffRoles], 'rights:read'),
        schema: {
          tags: ['rights'],
          summary: 'List powers of attorney: your own; reviewers and admins all',
          querystring: listPowersOfAttorneyQuery,
          response: { 200: powerOfAttorneyPage, ...problems },
        },
      },
      async (req) => {
        const q = req.query;
        const conditions: SQL[] = [];
        const agentId = ownerFilter(actorOf(req), q.agentId);
        if (agentId) conditions.push(eq(powersOfAttorney.agentId, agentId));
        if (q.verification) conditions.push(eq(powersOfAttorney.verification, q.verification));
        const rows = await db
          .select()
          .from(powersOfAttorney)
          .where(and(...conditions))
          .orderBy(desc(powersOfAttorney.createdAt), desc(powersOfAttorney.id))
          .limit(q.limit + 1)
          .offset(q.offset);
        return page(rows.map(toApiPowerOfAttorney), q.limit, q.offset);
      },
    );

    app.get(
      '/powers-of-attorney/:id',
      {
        preValidation: allow(roles, 'rights:read'),
        schema: {
          tags: ['rights'],
          summary: 'A power of attorney',
          params: idParams,
          response: { 200: powerOfAttorneySchema, ...problems },
        },
      },
      async (req) => toApiPowerOfAttorney(await readablePowerOfAttorney(actorOf(req), req.params.id)),
    );

    app.post(
      '/powers-of-attorney/:id/verification',
      {
        preValidation: allow(staffRoles, 'review'),
        schema: {
          tags: ['rights'],
          summary: 'Record the reviewer’s decision on a power of attorney',
          params: idParams,
          body: verificationBody,
          response: { 200: powerOfAttorneySchema, ...problems },
        },
      },
      async (req) => {
        const row = await verifyPowerOfAttorney(db, req.params.id, {
          ...req.body,
          reviewerId: actorOf(req).userId,
          at: ctx.clock.now(),
        });
        if (!row) throw notFound('Power of attorney');
        return toApiPowerOfAttorney(row);
      },
    );
  };
