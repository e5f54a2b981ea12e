import { and, desc, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import { complaints, counterNotices } from '../../db/schema/index.ts';
import { type Actor, staffRoles } from '../../domain/roles.ts';
import {
  type CounterNoticeRow,
  fileCounterNotice,
  forwardCounterNotice,
  loadCounterNotice,
  rejectCounterNotice,
  requestCounterCorrection,
  supplementCounterNotice,
} from '../../services/counter-notices.ts';
import { assertOwnDocuments } from '../../services/document-access.ts';
import { recordLegalAction } from '../../services/legal-actions.ts';
import { actorOf, allow } from '../auth.ts';
import type { AppContext } from '../context.ts';
import { idempotentCreate } from '../idempotency.ts';
import { notFound } from '../problem.ts';
import {
  counterCorrectionBody,
  counterNoticeSchema,
  createCounterNoticeBody,
  legalActionBody,
  reasonBody,
  supplementCounterNoticeBody,
} from '../schemas/cases.ts';
import { idParams, problems } from '../schemas/common.ts';

/**
 * What each party sees of a counter-notice: the respondent and the staff all of it; the complainant
 * only once forwarded, and without the seller's phone (data minimisation, as for the complainant's).
 */
async function visibleCounterNotice(db: Queryable, actor: Actor, id: string) {
  const cn = await loadCounterNotice(db, id).catch(() => undefined);
  if (!cn) throw notFound('Counter-notice');
  if (staffRoles.includes(actor.role)) return toApi(cn, true);
  if (actor.role === 'respondent' && actor.sellerId === cn.sellerId) return toApi(cn, true);
  if ((actor.role === 'complainant' || actor.role === 'agent') && cn.status === 'forwarded') {
    const [c] = await db
      .select({ filerId: complaints.filerId })
      .from(complaints)
      .where(eq(complaints.id, cn.complaintId));
    if (c?.filerId === actor.userId) return toApi(cn, false);
  }
  throw notFound('Counter-notice');
}

function toApi(cn: CounterNoticeRow, withPhone: boolean): z.infer<typeof counterNoticeSchema> {
  return {
    id: cn.id,
    caseNumber: cn.caseNumber,
    complaintId: cn.complaintId,
    sellerId: cn.sellerId,
    status: cn.status,
    contactName: cn.contactName,
    contactEmail: cn.contactEmail,
    ...(withPhone ? { contactPhone: cn.contactPhone } : {}),
    itemIds: cn.itemIds,
    statement: cn.statement,
    evidenceDocumentIds: cn.evidenceDocumentIds,
    submittedAt: cn.submittedAt,
    forwardedAt: cn.forwardedAt,
    decisionReason: cn.decisionReason,
  };
}

const own = async (db: Queryable, actor: Actor, id: string) => {
  const cn = await loadCounterNotice(db, id).catch(() => undefined);
  if (!cn || cn.sellerId !== actor.sellerId) throw notFound('Counter-notice');
  return cn;
};

export const counterNoticeRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const db = ctx.database.db;
    const tags = ['counter-notices'];

    app.post(
      '/counter-notices',
      {
        preValidation: allow(['respondent'], 'complaints:write'),
        schema: { tags, body: createCounterNoticeBody, response: { 201: counterNoticeSchema, ...problems } },
      },
      async (req, reply) =>
        idempotentCreate(ctx, req, reply, async (tx) => {
          const actor = actorOf(req);
          await assertOwnDocuments(tx, actor, req.body.evidenceDocumentIds, 'evidenceDocumentIds');
          const cn = await fileCounterNotice(tx, actor, req.body, ctx.clock.now());
          return { status: 201, body: toApi(cn, true) };
        }),
    );

    app.get(
      '/counter-notices',
      {
        preValidation: allow(['respondent', 'reviewer', 'admin'], 'complaints:read'),
        schema: {
          tags,
          querystring: z.object({
            status: z.enum(['submitted', 'needs_correction', 'forwarded', 'rejected', 'withdrawn']).optional(),
            complaintId: z.uuid().optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
            offset: z.coerce.number().int().min(0).default(0),
          }),
          response: { 200: z.object({ data: z.array(counterNoticeSchema) }), ...problems },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        const conds = [];
        if (actor.role === 'respondent')
          conds.push(eq(counterNotices.sellerId, actor.sellerId ?? '00000000-0000-0000-0000-000000000000'));
        if (req.query.status) conds.push(eq(counterNotices.status, req.query.status));
        if (req.query.complaintId) conds.push(eq(counterNotices.complaintId, req.query.complaintId));
        const rows = await db
          .select()
          .from(counterNotices)
          .where(and(...conds))
          .orderBy(desc(counterNotices.submittedAt))
          .limit(req.query.limit)
          .offset(req.query.offset);
        return { data: rows.map((r) => toApi(r, true)) };
      },
    );

    app.get(
      '/counter-notices/:id',
      { schema: { tags, params: idParams, response: { 200: counterNoticeSchema, ...problems } } },
      async (req) => visibleCounterNotice(db, actorOf(req), req.params.id),
    );

    app.post(
      '/counter-notices/:id/correction-requests',
      {
        preValidation: allow(['reviewer', 'admin'], 'review'),
        schema: {
          tags,
          params: idParams,
          body: counterCorrectionBody,
          response: { 201: counterNoticeSchema, ...problems },
        },
      },
      async (req, reply) =>
        idempotentCreate(ctx, req, reply, async (tx) => {
          const cn = await loadCounterNotice(tx, req.params.id);
          const r = await requestCounterCorrection(
            tx,
            cn,
            actorOf(req),
            ctx.clock.now(),
            req.body.missing,
            req.body.message,
          );
          return { status: 201, body: toApi(r.counterNotice, true) };
        }),
    );

    app.post(
      '/counter-notices/:id/resubmit',
      {
        preValidation: allow(['respondent'], 'complaints:write'),
        schema: {
          tags,
          params: idParams,
          body: supplementCounterNoticeBody,
          response: { 200: counterNoticeSchema, ...problems },
        },
      },
      async (req) =>
        db.transaction(async (tx) => {
          const actor = actorOf(req);
          const cn = await own(tx, actor, req.params.id);
          if (req.body.evidenceDocumentIds)
            await assertOwnDocuments(tx, actor, req.body.evidenceDocumentIds, 'evidenceDocumentIds');
          return toApi(await supplementCounterNotice(tx, cn, actor, ctx.clock.now(), req.body), true);
        }),
    );

    app.post(
      '/counter-notices/:id/forward',
      {
        preValidation: allow(['reviewer', 'admin'], 'review'),
        schema: {
          tags,
          params: idParams,
          response: {
            200: z.object({
              counterNotice: counterNoticeSchema,
              legalActionDueAt: z.date(),
              legalActionDueDate: z.string(),
            }),
            ...problems,
          },
        },
      },
      async (req) =>
        db.transaction(async (tx) => {
          const cn = await loadCounterNotice(tx, req.params.id);
          const r = await forwardCounterNotice(tx, cn, actorOf(req), ctx.clock.now());
          return {
            counterNotice: toApi(r.counterNotice, true),
            legalActionDueAt: r.due.dueAt,
            legalActionDueDate: r.due.dueDate,
          };
        }),
    );

    app.post(
      '/counter-notices/:id/reject',
      {
        preValidation: allow(['reviewer', 'admin'], 'review'),
        schema: { tags, params: idParams, body: reasonBody, response: { 200: counterNoticeSchema, ...problems } },
      },
      async (req) =>
        db.transaction(async (tx) => {
          const cn = await loadCounterNotice(tx, req.params.id);
          return toApi(await rejectCounterNotice(tx, cn, actorOf(req), ctx.clock.now(), req.body.reason), true);
        }),
    );

    app.post(
      '/counter-notices/:id/withdraw',
      {
        preValidation: allow(['respondent'], 'complaints:write'),
        schema: {
          tags,
          params: idParams,
          body: z.object({ reason: z.string().max(5000).optional() }).optional(),
          response: { 200: counterNoticeSchema, ...problems },
        },
      },
      async (req) =>
        db.transaction(async (tx) => {
          const actor = actorOf(req);
          const cn = await own(tx, actor, req.params.id);
          const reason = req.body?.reason ?? 'Withdrawn by the respondent.';
          return toApi(
            await rejectCounterNotice(tx, cn, actor, ctx.clock.now(), reason, 'respondent', 'withdraw'),
            true,
          );
        }),
    );

    app.post(
      '/counter-notices/:id/legal-actions',
      {
        preValidation: allow(['complainant', 'agent'], 'complaints:write'),
        schema: {
          tags,
          params: idParams,
          body: legalActionBody,
          response: {
            201: z.object({
              id: z.uuid(),
              counterNoticeId: z.uuid(),
              kind: z.string(),
              authority: z.string(),
              caseNumber: z.string(),
            }),
            ...problems,
          },
        },
      },
      async (req, reply) =>
        idempotentCreate(ctx, req, reply, async (tx) => {
          const actor = actorOf(req);
          const cn = await loadCounterNotice(tx, req.params.id).catch(() => undefined);
          const [c] = cn ? await tx.select().from(complaints).where(eq(complaints.id, cn.complaintId)) : [];
          if (!cn || c?.filerId !== actor.userId) throw notFound('Counter-notice');
          await assertOwnDocuments(tx, actor, [req.body.documentId], 'documentId');
          const action = await recordLegalAction(tx, cn, actor, req.body, ctx.clock.now());
          return {
            status: 201,
            body: {
              id: action.id,
              counterNoticeId: cn.id,
              kind: action.kind,
              authority: action.authority,
              caseNumber: action.caseNumber,
            },
          };
        }),
    );
  };
