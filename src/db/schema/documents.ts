import { bigint, boolean, index, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.ts';

export const documentKindEnum = pgEnum('document_kind', [
  'id_document',
  'business_licence',
  'registration_certificate',
  'power_of_attorney',
  'evidence',
  'counter_evidence',
  'legal_action',
  'other',
]);

/** An uploaded file. The bytes live outside any web root under `storageKey`; served only by access check. */
export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    kind: documentKindEnum('kind').notNull(),
    /** the uploader's file name, sanitised; used only in Content-Disposition. */
    fileName: text('file_name').notNull(),
    mediaType: text('media_type').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull().unique(),
    /** seed 000 §二(二)3: material the complainant declared inconvenient to forward. */
    doNotForward: boolean('do_not_forward').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('documents_owner_idx').on(t.ownerId)],
);
