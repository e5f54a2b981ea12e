import { create as contentDisposition } from 'content-disposition';
import { and, desc, eq, type SQL } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { documents } from '../../db/schema/index.ts';
import { type Actor, roles, staffRoles } from '../../domain/roles.ts';
import { canReadDocument } from '../../services/document-access.ts';
import { insertDocument, inspectUpload, sanitiseFileName } from '../../services/documents.ts';
import { sha256 } from '../../services/tokens.ts';
import { actorOf, allow } from '../auth.ts';
import type { AppContext } from '../context.ts';
import { idempotentCreate } from '../idempotency.ts';
import { type FieldError, forbidden, invalid, invalidMany, notFound, Problem } from '../problem.ts';
import { idParams, problemSchema, problems } from '../schemas/common.ts';
import {
  type ApiDocument,
  documentContentResponse,
  documentPage,
  documentSchema,
  listDocumentsQuery,
  toApiDocument,
  type UploadDocumentFields,
  uploadDocumentFields,
  uploadDocumentForm,
} from '../schemas/documents.ts';

interface UploadForm extends UploadDocumentFields {
  fileName: string | undefined;
  bytes: Buffer;
}

/**
 * Reads every part of the multipart body. The file is buffered (the size limit is enforced by the
 * multipart plugin: toBuffer() throws FST_REQ_FILE_TOO_LARGE on truncation), since its type must be
 * decided from the bytes before anything is stored.
 */
async function readUploadForm(req: FastifyRequest): Promise<UploadForm> {
  if (!req.isMultipart()) {
    throw new Problem(415, 'Unsupported media type', 'Send the upload as multipart/form-data.', [
      { field: 'body', message: 'must be multipart/form-data' },
    ]);
  }
  const fields = new Map<string, string>();
  let file: { name: string; bytes: Buffer } | undefined;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file' || file) {
          await part.toBuffer();
          throw invalid(
            part.fieldname === 'file' ? 'file' : part.fieldname,
            'send exactly one file, in the part `file`',
          );
        }
        file = { name: part.filename, bytes: await part.toBuffer() };
      } else if (typeof part.value === 'string') {
        fields.set(part.fieldname, part.value);
      }
    }
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_FILES_LIMIT') throw invalid('file', 'send exactly one file');
    throw err;
  }
  const parsed = uploadDocumentFields.safeParse(Object.fromEntries(fields));
  const errors: FieldError[] = parsed.success
    ? []
    : parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
  if (!file) errors.push({ field: 'file', message: 'is required' });
  if (!parsed.success || !file) throw invalidMany(errors);
  return { ...parsed.data, fileName: file.name, bytes: file.bytes };
}

export const documentsRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const db = ctx.database.db;

    /** Every read goes through canReadDocument; a refusal looks exactly like a missing document. */
    const readableDocument = async (actor: Actor, id: string) => {
      const [row] = await db.select().from(documents).where(eq(documents.id, id));
      if (!row || !(await canReadDocument(db, actor, row))) throw notFound('Document');
      return row;
    };

    app.post(
      '/documents',
      {
        preValidation: allow(roles, 'documents:write'),
        // The parts are read from the stream in the handler; the body schema only documents the form.
        validatorCompiler: () => () => true,
        schema: {
          tags: ['documents'],
          summary: 'Upload a document (PDF, JPEG, PNG or WebP, checked by content)',
          consumes: ['multipart/form-data'],
          body: uploadDocumentForm,
          response: { 201: documentSchema, 413: problemSchema, 415: problemSchema, ...problems },
        },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        const form = await readUploadForm(req);
        const inspected = await inspectUpload(form.bytes);
        const fileName = sanitiseFileName(form.fileName, inspected.mediaType);
        const fingerprint = sha256(
          JSON.stringify([inspected.sha256, form.kind, form.doNotForward, fileName, inspected.mediaType]),
        );
        // The bytes are written inside the transaction's callback, so a replayed request stores
        // nothing; whatever this request wrote but did not end up owning is removed again.
        let storageKey: string | undefined;
        let createdId: string | undefined;
        try {
          const body = await idempotentCreate<ApiDocument>(
            ctx,
            req,
            reply,
            async (tx) => {
              storageKey = await ctx.files.put(form.bytes);
              const row = await insertDocument(tx, {
                ownerId: actor.userId,
                kind: form.kind,
                fileName,
                doNotForward: form.doNotForward,
                inspected,
                storageKey,
                createdAt: ctx.clock.now(),
              });
              createdId = row.id;
              return { status: 201, body: toApiDocument(row) };
            },
            fingerprint,
          );
          if (storageKey && body.id !== createdId) await ctx.files.remove(storageKey);
          return body;
        } catch (err) {
          if (storageKey) await ctx.files.remove(storageKey);
          throw err;
        }
      },
    );

    app.get(
      '/documents',
      {
        preValidation: allow(roles, 'documents:read'),
        schema: {
          tags: ['documents'],
          summary: 'List documents: your own; reviewers and admins all, or one owner’s',
          querystring: listDocumentsQuery,
          response: { 200: documentPage, ...problems },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        const q = req.query;
        const isStaff = staffRoles.includes(actor.role);
        if (q.ownerId && !isStaff && q.ownerId !== actor.userId) {
          throw forbidden('Only reviewers and admins list other parties’ documents.');
        }
        const conditions: SQL[] = [];
        const ownerId = isStaff ? q.ownerId : actor.userId;
        if (ownerId) conditions.push(eq(documents.ownerId, ownerId));
        if (q.kind) conditions.push(eq(documents.kind, q.kind));
        const rows = await db
          .select()
          .from(documents)
          .where(and(...conditions))
          .orderBy(desc(documents.createdAt), desc(documents.id))
          .limit(q.limit + 1)
          .offset(q.offset);
        return {
          data: rows.slice(0, q.limit).map(toApiDocument),
          nextOffset: rows.length > q.limit ? q.offset + q.limit : null,
        };
      },
    );

    app.get(
      '/documents/:id',
      {
        preValidation: allow(roles, 'documents:read'),
        schema: {
          tags: ['documents'],
          summary: 'A document’s metadata',
          params: idParams,
          response: { 200: documentSchema, ...problems },
        },
      },
      async (req) => toApiDocument(await readableDocument(actorOf(req), req.params.id)),
    );

    app.get(
      '/documents/:id/content',
      {
        preValidation: allow(roles, 'documents:read'),
        schema: {
          tags: ['documents'],
          summary: 'Download a document (always as an attachment)',
          params: idParams,
          response: { 200: documentContentResponse, ...problems },
        },
      },
      async (req, reply) => {
        const row = await readableDocument(actorOf(req), req.params.id);
        // SPEC §5: never rendered inline by the browser, never sniffed, never cached by proxies.
        reply
          .header('Content-Type', row.mediaType)
          .header('Content-Length', String(row.sizeBytes))
          .header('Content-Disposition', contentDisposition(row.fileName, { type: 'attachment' }))
          .header('X-Content-Type-Options', 'nosniff')
          .header('Cache-Control', 'private, no-store')
          .header('Content-Security-Policy', "default-src 'none'");
        return reply.send(ctx.files.open(row.storageKey));
      },
    );
  };
