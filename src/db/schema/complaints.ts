import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { sellers, users } from './accounts.ts';

/** Human case numbers (`IPC-2026-000123`) are drawn from this sequence. */
export const caseNumberSeq = pgSequence('case_number_seq', { startWith: 1 });

/** The notice as a whole (SPEC §2). States are text; the domain's workflow table says which exist. */
export const complaints = pgTable(
  'complaints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseNumber: text('case_number').notNull().unique(),
    filerId: uuid('filer_id')
      .notNull()
      .references(() => users.id),
    status: text('status').notNull().default('draft'),
    jurisdiction: text('jurisdiction').notNull().default('CN'),
    /** seed 000 §二(一)2(1): 'individual' or 'enterprise'. */
    complainantKind: text('complainant_kind').notNull(),
    complainantName: text('complainant_name').notNull(),
    contactEmail: text('contact_email').notNull(),
    /** private: never forwarded (seed 000 §二(二)3). */
    contactPhone: text('contact_phone'),
    /** ID card / passport copy, or the business licence with seal: private. */
    identityDocumentIds: uuid('identity_document_ids').array().notNull().default(sql`'{}'::uuid[]`),
    rightIds: uuid('right_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** further proof of ownership beyond the cited rights' certificates. */
    ownershipDocumentIds: uuid('ownership_document_ids').array().notNull().default(sql`'{}'::uuid[]`),
    powerOfAttorneyId: uuid('power_of_attorney_id'),
    /** seed 000 §二(一)2(4): { signerName, signedAt, textVersion } */
    statement: jsonb('statement'),
    itemCount: integer('item_count').notNull().default(0),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: uuid('decided_by'),
    decisionReason: text('decision_reason'),
    /** the next deadline that concerns this complaint, for sorting the queue. */
    dueAt: timestamp('due_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // The queue (GET /complaints) is sorted by due_at, created_at, id: one index per filter ends in
  // that order, so the first page is read from the index (docs/decisions/006).
  (t) => [
    index('complaints_filer_idx').on(t.filerId, t.dueAt, t.createdAt, t.id),
    index('complaints_status_due_idx').on(t.status, t.dueAt, t.createdAt, t.id),
    index('complaints_due_idx').on(t.dueAt, t.createdAt, t.id),
    index('complaints_jurisdiction_due_idx').on(t.jurisdiction, t.dueAt, t.createdAt, t.id),
    index('complaints_case_number_trgm_idx').using('gin', t.caseNumber.op('gin_trgm_ops')),
    index('complaints_complainant_name_trgm_idx').using('gin', t.complainantName.op('gin_trgm_ops')),
  ],
);

/**
 * The text item search reads: the listing title and the description. The indexes below and the
 * query in src/services/search.ts must use this same expression.
 */
export const itemSearchText = (t: { title: AnyPgColumn; description: AnyPgColumn }) =>
  sql`coalesce(${t.title}, '') || ' ' || ${t.description}`;

/** One reported listing (SPEC §2 "Item"). */
export const complaintItems = pgTable(
  'complaint_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    complaintId: uuid('complaint_id')
      .notNull()
      .references(() => complaints.id),
    seq: integer('seq').notNull(),
    listingUrl: text('listing_url'),
    listingExternalId: text('listing_external_id'),
    sellerExternalId: text('seller_external_id'),
    sellerId: uuid('seller_id').references(() => sellers.id),
    sellerName: text('seller_name'),
    title: text('title'),
    description: text('description').notNull(),
    infringementType: text('infringement_type').notNull(),
    rightId: uuid('right_id'),
    evidenceDocumentIds: uuid('evidence_document_ids').array().notNull().default(sql`'{}'::uuid[]`),
    status: text('status').notNull().default('pending'),
    forwardedAt: timestamp('forwarded_at', { withTimezone: true }),
    dueAt: timestamp('due_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('complaint_items_seq_idx').on(t.complaintId, t.seq),
    index('complaint_items_seller_idx').on(t.sellerId),
    index('complaint_items_status_due_idx').on(t.status, t.dueAt),
    // Item search (GET /items/search): substrings by trigram, CJK words by their character grams.
    // A 16 MB pending list: a 10,000-item intake appends to it instead of merging it mid-request (bench/intake.ts).
    index('complaint_items_text_trgm_idx')
      .using('gin', sql`(${itemSearchText(t)}) gin_trgm_ops`)
      .with({ gin_pending_list_limit: 16384 }),
    index('complaint_items_cjk_grams_idx').using('gin', sql`rightsdesk_cjk_grams(${itemSearchText(t)})`),
  ],
);

/** A reviewer's request to supplement a complaint or counter-notice (seed 000 §二(二)1, 6). */
export const correctionRequests = pgTable(
  'correction_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    complaintId: uuid('complaint_id')
      .notNull()
      .references(() => complaints.id),
    counterNoticeId: uuid('counter_notice_id'),
    /** [{ code, field, message }] — what is missing, named. */
    missing: jsonb('missing').notNull(),
    message: text('message'),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    status: text('status').notNull().default('open'),
    requestedBy: uuid('requested_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
  },
  (t) => [index('correction_requests_complaint_idx').on(t.complaintId)],
);

/** Append-only case history (SPEC §2): who, what, when, why, with which documents. */
export const historyEvents = pgTable(
  'history_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    complaintId: uuid('complaint_id').notNull(),
    itemId: uuid('item_id'),
    counterNoticeId: uuid('counter_notice_id'),
    actorId: uuid('actor_id'),
    actorRole: text('actor_role').notNull(),
    action: text('action').notNull(),
    fromState: text('from_state'),
    toState: text('to_state'),
    reason: text('reason'),
    documentIds: uuid('document_ids').array().notNull().default(sql`'{}'::uuid[]`),
    data: jsonb('data'),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** issue 9 item 7: the hash chain (src/domain/audit-chain.ts); null only before sealing. */
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (t) => [index('history_events_complaint_idx').on(t.complaintId, t.id)],
);

/**
 * The last link of the history hash chain (one row, id = 1), updated with every append in the same
 * transaction, so that removing events from the end of the chain is detected too.
 */
export const auditChainHead = pgTable('audit_chain_head', {
  id: integer('id').primaryKey(),
  lastId: bigint('last_id', { mode: 'number' }).notNull(),
  lastHash: text('last_hash').notNull(),
});
