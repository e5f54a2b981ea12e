import type { FastifyRequest } from 'fastify';
import { type FastifyPluginAsyncZod, hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Tx } from '../../db/client.ts';
import { type Actor, filerRoles, staffRoles } from '../../domain/roles.ts';
import { addItems, listItems, loadItem, MAX_ERRORS, updateItem } from '../../services/complaint-items.ts';
import {
  complaintDetail,
  complaintDetailById,
  complaintHistory,
  createComplaint,
  listComplaints,
  loadComplaintFor,
  updateComplaint,
} from '../../services/complaints.ts';
import { complaintChecklist } from '../../services/complaints-checklist.ts';
import { parseItemsCsv, withCsvLines } from '../../services/complaints-csv.ts';
import {
  acceptComplaint,
  rejectComplaint,
  submitComplaint,
  withdrawComplaint,
} from '../../services/complaints-lifecycle.ts';
import { type ComplaintRow, toCorrectionRequestView, toItemView } from '../../services/complaints-view.ts';
import { requestCorrection, resubmitComplaint } from '../../services/corrections.ts';
import { sha256 } from '../../services/tokens.ts';
import { actorOf, allow } from '../auth.ts';
import type { AppContext } from '../context.ts';
import { idempotentCreate } from '../idempotency.ts';
import { invalid, invalidMany, Problem } from '../problem.ts';
import { idParams, problemSchema, problems } from '../schemas/common.ts';
import {
  acceptBody,
  addItemsBody,
  checklistResponse,
  complaintDetailSchema,
  complaintPage,
  correctionCreated,
  correctionRequestBody,
  createComplaintBody,
  historyPage,
  itemPage,
  itemSchema,
  itemsAdded,
  listComplaintsQuery,
  pageQuery,
  rejectBody,
  resubmitBody,
  updateComplaintBody,
  updateItemBody,
  withdrawBody,
} from '../schemas/complaints.ts';

const readers = [...filerRoles, ...staffRoles];
const tags = ['complaints'];

/** Bodies of up to 10,000 items can fail on every item: the list of errors is capped. */
function throwValidation(req: FastifyRequest): void {
  const err = req.validationError;
  if (!err) return;
  if (!hasZodFastifySchemaValidationErrors(err)) throw err;
  const where = err.validationContext ?? 'body';
  throw invalidMany(
    err.validation.slice(0, MAX_ERRORS).map((v: { instancePath: string; message?: string | undefined }) => ({
      field: v.instancePath.replace(/^\//, '').replaceAll('/', '.') || where,
      message: v.message ?? 'is invalid',
    })),
  );
}

/** The CSV as text: the request body itself (text/csv), or the multipart part `file`. */
async function readCsv(req: FastifyRequest): Promise<string> {
  if (typeof req.body === 'string') return req.body;
  if (!req.isMultipart()) {
    throw new Problem(415, 'Unsupported media type', 'Send the CSV as text/csv or as the multipart part `file`.');
  }
  let text: string | undefined;
  for await (const part of req.parts()) {
    if (part.type !== 'file') continue;
    const bytes = await part.toBuffer();
    if (part.fieldname !== 'file') throw invalid(part.fieldname, 'send the CSV in the part `file`');
    text = bytes.toString('utf8');
  }
  if (text === undefined) throw invalid('file', 'is required');
  return text;
}

export const complaintsRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const db = ctx.database.db;
    app.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'string' }, (_req, body, done) =>
      done(null, body),
    );

    /** One transaction for a change to one complaint the actor may see; answers the case view. */
    const change = (
      req: FastifyRequest,
      id: string,
      run: (tx: Tx, complaint: ComplaintRow, actor: Actor, now: Date) => Promise<ComplaintRow>,
    ) =>
      db.transaction(async (tx) => {
        const actor = actorOf(req);
        const now = ctx.clock.now();
        const row = await run(tx, await loadComplaintFor(tx, actor, id), actor, now);
        return complaintDetail(tx, actor, row, now);
      });

    app.post(
      '/complaints',
      {
        preValidation: allow(filerRoles, 'complaints:write'),
        attachValidation: true,
        schema: {
          tags,
          summary: 'File a complaint (a draft, or submitted at once with `submit: true`)',
          body: createComplaintBody,
          response: { 201: complaintDetailSchema, ...problems },
        },
      },
      async (req, reply) => {
        throwValidation(req);
        const actor = actorOf(req);
        return idempotentCreate(ctx, req, reply, async (tx) => {
          const now = ctx.clock.now();
          const row = await createComplaint(tx, actor, req.body, now);
          return { status: 201, body: await complaintDetail(tx, actor, row, now) };
        });
      },
    );

    app.get(
      '/complaints',
      {
        preValidation: allow(readers, 'complaints:read'),
        schema: {
          tags,
          summary: 'The queue: filers see their own complaints, the IP team all',
          querystring: listComplaintsQuery,
          response: { 200: complaintPage, ...problems },
        },
      },
      async (req) => listComplaints(db, actorOf(req), req.query),
    );

    app.get(
      '/complaints/:id',
      {
        preValidation: allow(readers, 'complaints:read'),
        schema: { tags, params: idParams, response: { 200: complaintDetailSchema, ...problems } },
      },
      async (req) => complaintDetailById(db, actorOf(req), req.params.id, ctx.clock.now()),
    );

    app.patch(
      '/complaints/:id',
      {
        preValidation: allow(filerRoles, 'complaints:write'),
        schema: {
          tags,
          summary: 'Edit a draft or a complaint awaiting correction',
          params: idParams,
          body: updateComplaintBody,
          response: { 200: complaintDetailSchema, ...problems },
        },
      },
      async (req) => change(req, req.params.id, (tx, c, actor, now) => updateComplaint(tx, actor, c, req.body, now)),
    );

    app.get(
      '/complaints/:id/checklist',
      {
        preValidation: allow(readers, 'complaints:read'),
        schema: {
          tags,
          summary: 'What is missing (seed 000 §二(二)1)',
          params: idParams,
          response: { 200: checklistResponse, ...problems },
        },
      },
      async (req) => {
        const complaint = await loadComplaintFor(db, actorOf(req), req.params.id);
        const checklist = await complaintChecklist(db, complaint, ctx.clock.now(), { maxItemEntries: MAX_ERRORS });
        return { complete: checklist.length === 0, checklist };
      },
    );

    app.get(
      '/complaints/:id/items',
      {
        preValidation: allow(readers, 'complaints:read'),
        schema: { tags, params: idParams, querystring: pageQuery(1000, 100), response: { 200: itemPage, ...problems } },
      },
      async (req) => {
        const complaint = await loadComplaintFor(db, actorOf(req), req.params.id);
        return listItems(db, complaint.id, req.query.limit, req.query.offset);
      },
    );

    app.post(
      '/complaints/:id/items',
      {
        preValidation: allow(filerRoles, 'complaints:write'),
        attachValidation: true,
        schema: {
          tags,
          summary: 'Append items (up to 10,000 in all)',
          params: idParams,
          body: addItemsBody,
          response: { 201: itemsAdded, ...problems },
        },
      },
      async (req, reply) => {
        throwValidation(req);
        const actor = actorOf(req);
        return idempotentCreate(ctx, req, reply, async (tx) => {
          const complaint = await loadComplaintFor(tx, actor, req.params.id);
          const done = await addItems(tx, complaint, req.body.items, actor, ctx.clock.now());
          return {
            status: 201,
            body: { added: req.body.items.length, itemCount: done.complaint.itemCount, firstSeq: done.firstSeq },
          };
        });
      },
    );

    app.post(
      '/complaints/:id/items/csv',
      {
        preValidation: allow(filerRoles, 'complaints:write'),
        // The body is text/csv or multipart; it is parsed and validated in the handler.
        validatorCompiler: () => () => true,
        schema: {
          tags,
          summary: 'Append items from a CSV file',
          description:
            'Columns: listingUrl, listingExternalId, sellerExternalId, sellerName, title, description, infringementType, rightId, evidenceDocumentIds (separated by `;`). Send the file as `text/csv` or as the multipart part `file`. Errors name `items.<index>.<column>` and the CSV line.',
          consumes: ['text/csv', 'multipart/form-data'],
          params: idParams,
          response: { 201: itemsAdded, 415: problemSchema, ...problems },
        },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        const text = await readCsv(req);
        const { items, lines } = parseItemsCsv(text);
        return idempotentCreate(
          ctx,
          req,
          reply,
          async (tx) => {
            const complaint = await loadComplaintFor(tx, actor, req.params.id);
            const done = await addItems(tx, complaint, items, actor, ctx.clock.now(), (e) => withCsvLines(e, lines));
            return {
              status: 201,
              body: { added: items.length, itemCount: done.complaint.itemCount, firstSeq: done.firstSeq },
            };
          },
          sha256(text),
        );
      },
    );

    app.patch(
      '/complaints/:id/items/:itemId',
      {
        preValidation: allow(filerRoles, 'complaints:write'),
        schema: {
          tags,
          summary: 'Edit one item of a draft or a complaint awaiting correction',
          params: z.object({ id: z.uuid(), itemId: z.uuid() }),
          body: updateItemBody,
          response: { 200: itemSchema, ...problems },
        },
      },
      async (req) =>
        db.transaction(async (tx) => {
          const actor = actorOf(req);
          const complaint = await loadComplaintFor(tx, actor, req.params.id);
          const item = await loadItem(tx, complaint.id, req.params.itemId);
          return toItemView(await updateItem(tx, complaint, item, req.body, actor, ctx.clock.now()));
        }),
    );

    app.get(
      '/complaints/:id/history',
      {
        preValidation: allow(readers, 'complaints:read'),
        schema: {
          tags,
          summary: 'Every event of the case, in order (SPEC §2)',
          params: idParams,
          querystring: pageQuery(1000, 500),
          response: { 200: historyPage, ...problems },
        },
      },
      async (req) => {
        const complaint = await loadComplaintFor(db, actorOf(req), req.params.id);
        return complaintHistory(db, complaint.id, req.query.limit, req.query.offset);
      },
    );

    const transitionSchema = (summary: string) => ({
      tags,
      summary,
      params: idParams,
      response: { 200: complaintDetailSchema, ...problems },
    });

    app.post(
      '/complaints/:id/submit',
      { preValidation: allow(filerRoles, 'complaints:write'), schema: transitionSchema('Submit a draft') },
      async (req) => change(req, req.params.id, (tx, c, actor, now) => submitComplaint(tx, c, actor, now)),
    );

    app.post(
      '/complaints/:id/resubmit',
      {
        preValidation: allow(filerRoles, 'complaints:write'),
        schema: { ...transitionSchema('Submit again after a correction request'), body: resubmitBody },
      },
      async (req) =>
        change(req, req.params.id, (tx, c, actor, now) => resubmitComplaint(tx, c, actor, now, req.body.note)),
    );

    app.post(
      '/complaints/:id/withdraw',
      {
        preValidation: allow(filerRoles, 'complaints:write'),
        schema: { ...transitionSchema('Withdraw the complaint'), body: withdrawBody },
      },
      async (req) =>
        change(req, req.params.id, (tx, c, actor, now) => withdrawComplaint(tx, c, actor, now, req.body.reason)),
    );

    app.post(
      '/complaints/:id/correction-requests',
      {
        preValidation: allow(staffRoles, 'review'),
        schema: {
          tags,
          summary: 'Ask the complainant for what is missing, with a deadline (seed 000 §二(二)1, 6)',
          params: idParams,
          body: correctionRequestBody,
          response: { 201: correctionCreated, ...problems },
        },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        return idempotentCreate(ctx, req, reply, async (tx) => {
          const now = ctx.clock.now();
          const complaint = await loadComplaintFor(tx, actor, req.params.id);
          const done = await requestCorrection(tx, complaint, actor, now, req.body);
          return {
            status: 201,
            body: {
              complaint: await complaintDetail(tx, actor, done.complaint, now),
              correctionRequest: toCorrectionRequestView(done.correctionRequest),
              ...(done.warning ? { warning: done.warning } : {}),
            },
          };
        });
      },
    );

    app.post(
      '/complaints/:id/accept',
      {
        preValidation: allow(staffRoles, 'review'),
        schema: { ...transitionSchema('Formally accept a complete complaint (seed 000 §二(二)2)'), body: acceptBody },
      },
      async (req) =>
        change(req, req.params.id, (tx, c, actor, now) =>
          acceptComplaint(tx, c, actor, now, { note: req.body.note, items: req.body.items }),
        ),
    );

    app.post(
      '/complaints/:id/reject',
      {
        preValidation: allow(staffRoles, 'review'),
        schema: { ...transitionSchema('Reject the complaint, stating the reason'), body: rejectBody },
      },
      async (req) => change(req, req.params.id, (tx, c, actor, now) => rejectComplaint(tx, c, actor, now, req.body)),
    );
  };
