import { Readable } from 'node:stream';
import { z } from 'zod';
import { documentKindEnum, type documents } from '../../db/schema/index.ts';

export const documentKinds = documentKindEnum.enumValues;
export type DocumentKind = (typeof documentKinds)[number];
export type DocumentRow = typeof documents.$inferSelect;

/** SPEC §5: the only types accepted, decided from the bytes, never from the name or the declared type. */
export const allowedMediaTypes = ['application/pdf', 'image/jpeg', 'image/png', 'image/webp'] as const;
export type AllowedMediaType = (typeof allowedMediaTypes)[number];

export const documentSchema = z.object({
  id: z.uuid(),
  ownerId: z.uuid(),
  kind: z.enum(documentKinds),
  fileName: z.string().describe('the uploader’s file name, sanitised; used for the download'),
  mediaType: z.enum(allowedMediaTypes).describe('detected from the content'),
  sizeBytes: z.number().int(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  doNotForward: z.boolean().describe('seed 000 §二(二)3: never forwarded to the respondent'),
  createdAt: z.iso.datetime(),
});
export type ApiDocument = z.infer<typeof documentSchema>;

export function toApiDocument(row: DocumentRow): ApiDocument {
  return {
    id: row.id,
    ownerId: row.ownerId,
    kind: row.kind,
    fileName: row.fileName,
    mediaType: row.mediaType as AllowedMediaType,
    sizeBytes: row.sizeBytes,
    sha256: row.sha256,
    doNotForward: row.doNotForward,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The upload's text fields, parsed from the multipart parts by the route. */
export const uploadDocumentFields = z.object({
  kind: z.enum(documentKinds),
  doNotForward: z
    .enum(['true', 'false'], 'must be true or false')
    .default('false')
    .transform((v) => v === 'true'),
});
export type UploadDocumentFields = z.infer<typeof uploadDocumentFields>;

/**
 * The whole multipart/form-data form, for the OpenAPI document only: the route reads the parts as a
 * stream (the bytes must be checked before anything is stored), so this schema is never run.
 */
export const uploadDocumentForm = uploadDocumentFields.extend({
  file: z.string().meta({ format: 'binary' }).describe('PDF, JPEG, PNG or WebP'),
});

export const listDocumentsQuery = z.object({
  ownerId: z.uuid().optional().describe('reviewers and admins only'),
  kind: z.enum(documentKinds).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const documentPage = z.object({
  data: z.array(documentSchema),
  nextOffset: z.number().int().nullable().describe('pass as `offset` for the next page; null on the last'),
});

/** The download is streamed, never serialised; the schema types the stream and documents binary content. */
const fileStream = z.custom<Readable>((v) => v instanceof Readable).meta({ type: 'string', format: 'binary' });
export const documentContentResponse = {
  description: 'The file, byte for byte as uploaded, with Content-Disposition: attachment.',
  content: Object.fromEntries(allowedMediaTypes.map((t) => [t, { schema: fileStream }])) as Record<
    AllowedMediaType,
    { schema: typeof fileStream }
  >,
};
