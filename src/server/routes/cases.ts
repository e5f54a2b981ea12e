import { and, desc, eq, gt, isNull, or } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { complaintItems, complaints, measures, notices, strikes } from '../../db/schema/index.ts';
import { OffsetClock } from '../../domain/clock.ts';
import { ensureSeller } from '../../services/accounts.ts';
import { respondentComplaintList, respondentComplaintView } from '../../services/forwarding.ts';
import { moveItems } from '../../services/item-transitions.ts';
import { recordMeasureOutcome } from '../../services/measures.ts';
import { advanceClock } from '../../services/test-clock.ts';
import { actorOf, allow } from '../auth.ts';
import type { AppContext } from '../context.ts';
import { invalid, notFound, Problem } from '../problem.ts';
import {
  advanceClockBody,
  clockSchema,
  forwardItemBody,
  litigationOutcomeBody,
  measureOutcomeBody,
  measureSchema,
  noticeSchema,
  respondentComplaintSummary,
  respondentComplaintView as respondentViewSchema,
  strikeSchema,
} from '../schemas/cases.ts';
import { idParams, problems } from '../schemas/common.ts';

const page = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** The life of items after acceptance: the respondent's view, measures, litigation, inbox, strikes, test clock. */
export const caseRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const db = ctx.database.db;

    app.get(
      '/respondent/complaints',
      {
        preValidation: allow(['respondent'], 'complaints:read'),
        schema: {
          tags: ['respondent'],
          querystring: page,
          response: { 200: z.object({ data: z.array(respondentComplaintSummary) }), ...problems },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        if (!actor.sellerId) return { data: [] };
        return { data: await respondentComplaintList(db, actor.sellerId, req.query.limit, req.query.offset) };
      },
    );

    app.get(
      '/respondent/complaints/:id',
      {
        preValidation: allow(['respondent'], 'complaints:read'),
        schema: { tags: ['respondent'], params: idParams, response: { 200: respondentViewSchema, ...problems } },
      },
      async (req) => {
        const actor = actorOf(req);
        if (!actor.sellerId) throw notFound('Complaint');
        return respondentComplaintView(db, actor.sellerId, req.params.id);
      },
    );

    app.get(
      '/respondent/strikes',
      {
        preValidation: allow(['respondent'], 'complaints:read'),
        schema: {
          tags: ['respondent'],
          response: { 200: z.object({ data: z.array(strikeSchema), activeWeight: z.number() }), ...problems },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        const now = ctx.clock.now();
        const rows = actor.sellerId
          ? await db
              .select()
              .from(strikes)
              .where(and(eq(strikes.sellerId, actor.sellerId), isNull(strikes.removedAt), gt(strikes.expiresAt, now)))
              .orderBy(desc(strikes.createdAt))
          : [];
        return {
          data: rows.map(({ sellerId: _s, removedAt: _r, ...s }) => s),
          activeWeight: rows.reduce((sum, s) => sum + s.weight, 0),
        };
      },
    );

    app.post(
      '/items/:id/forward',
      {
        preValidation: allow(['reviewer', 'admin'], 'review'),
        schema: {
          tags: ['review'],
          params: idParams,
          body: forwardItemBody,
          response: { 200: z.object({ id: z.uuid(), status: z.string() }), ...problems },
        },
      },
      async (req) =>
        db.transaction(async (tx) => {
          const [item] = await tx.select().from(complaintItems).where(eq(complaintItems.id, req.params.id));
          if (!item) throw notFound('Item');
          let target = item;
          if (!item.sellerId) {
            const externalId = req.body.sellerExternalId ?? item.sellerExternalId;
            if (!externalId) throw invalid('sellerExternalId', 'the item names no seller; say which seller it is');
            const seller = await ensureSeller(tx, externalId, req.body.sellerName ?? item.sellerName ?? externalId);
            target = { ...item, sellerId: seller.id, sellerExternalId: externalId };
            await tx
              .update(complaintItems)
              .set({ sellerId: seller.id, sellerExternalId: externalId })
              .where(eq(complaintItems.id, item.id));
          }
          const [complaint] = await tx.select().from(complaints).where(eq(complaints.id, item.complaintId));
          const [moved] = await moveItems(tx, complaint!, [{ item: target, event: 'forward' }], {
            by: 'reviewer',
            actor: actorOf(req),
            now: ctx.clock.now(),
          });
          return { id: moved!.id, status: moved!.status };
        }),
    );

    app.post(
      '/items/:id/litigation-outcome',
      {
        preValidation: allow(['reviewer', 'admin'], 'review'),
        schema: {
          tags: ['review'],
          params: idParams,
          body: litigationOutcomeBody,
          response: { 200: z.object({ id: z.uuid(), status: z.string() }), ...problems },
        },
      },
      async (req) =>
        db.transaction(async (tx) => {
          const [item] = await tx.select().from(complaintItems).where(eq(complaintItems.id, req.params.id));
          if (!item) throw notFound('Item');
          const [complaint] = await tx.select().from(complaints).where(eq(complaints.id, item.complaintId));
          const event = req.body.outcome === 'upheld' ? 'litigation_upheld' : 'litigation_dismissed';
          const [moved] = await moveItems(tx, complaint!, [{ item, event }], {
            by: 'reviewer',
            actor: actorOf(req),
            now: ctx.clock.now(),
            reason: req.body.reason,
          });
          return { id: moved!.id, status: moved!.status };
        }),
    );

    app.get(
      '/complaints/:id/measures',
      {
        preValidation: allow(['reviewer', 'admin'], 'review'),
        schema: {
          tags: ['review'],
          params: idParams,
          response: { 200: z.object({ data: z.array(measureSchema) }), ...problems },
        },
      },
      async (req) => {
        const rows = await db
          .select()
          .from(measures)
          .where(eq(measures.complaintId, req.params.id))
          .orderBy(measures.createdAt);
        return { data: rows.map((m) => ({ ...m, kind: m.kind as z.infer<typeof measureSchema>['kind'] })) };
      },
    );

    // The marketplace (an admin integration key) reports whether it carried a measure out (SPEC §1 "marketplace").
    app.post(
      '/measures/:id/outcome',
      {
        preValidation: allow(['admin'], 'admin'),
        schema: {
          tags: ['marketplace'],
          params: idParams,
          body: measureOutcomeBody,
          response: { 200: measureSchema, ...problems },
        },
      },
      async (req) =>
        db.transaction(async (tx) => {
          const [m] = await tx.select().from(measures).where(eq(measures.id, req.params.id));
          if (!m) throw notFound('Measure');
          const row = await recordMeasureOutcome(tx, m, req.body.outcome, ctx.clock.now(), req.body.error);
          return { ...row, kind: row.kind as z.infer<typeof measureSchema>['kind'] };
        }),
    );

    app.get(
      '/notices',
      {
        schema: {
          tags: ['accounts'],
          querystring: page,
          response: { 200: z.object({ data: z.array(noticeSchema) }), ...problems },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        const mine = actor.sellerId
          ? or(eq(notices.recipientUserId, actor.userId), eq(notices.recipientSellerId, actor.sellerId))
          : eq(notices.recipientUserId, actor.userId);
        const rows = await db
          .select()
          .from(notices)
          .where(mine)
          .orderBy(desc(notices.createdAt))
          .limit(req.query.limit)
          .offset(req.query.offset);
        return { data: rows.map(({ recipientUserId: _u, recipientSellerId: _s, ...n }) => n) };
      },
    );

    app.get(
      '/test-clock',
      {
        preValidation: allow(['admin'], 'admin'),
        schema: { tags: ['admin'], response: { 200: clockSchema, ...problems } },
      },
      async () => {
        if (!ctx.config.testClock || !(ctx.clock instanceof OffsetClock)) throw notFound('Test clock');
        return { now: ctx.clock.now(), offsetMs: ctx.clock.offsetMs };
      },
    );

    app.post(
      '/test-clock/advance',
      {
        preValidation: allow(['admin'], 'admin'),
        schema: { tags: ['admin'], body: advanceClockBody, response: { 200: clockSchema, ...problems } },
      },
      async (req) => {
        const clock = ctx.clock;
        if (!ctx.config.testClock || !(clock instanceof OffsetClock)) throw notFound('Test clock');
        const by =
          req.body.seconds !== undefined ? req.body.seconds * 1000 : Date.parse(req.body.to!) - clock.now().getTime();
        if (by < 0)
          throw new Problem(409, 'Time only moves forward', 'The test clock cannot go back.', [
            { field: 'to', message: 'is in the past' },
          ]);
        const now = await advanceClock(db, clock, by);
        return { now, offsetMs: clock.offsetMs };
      },
    );
  };
