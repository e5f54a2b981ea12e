import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { complaintItems, complaints } from './complaints.ts';

/** One day of an official calendar that differs from the Mon–Fri rule: a day off, or an adjusted working day. */
export const calendarDays = pgTable(
  'calendar_days',
  {
    jurisdiction: text('jurisdiction').notNull(),
    day: date('day').notNull(),
    isOffDay: boolean('is_off_day').notNull(),
    name: text('name').notNull(),
  },
  (t) => [primaryKey({ columns: [t.jurisdiction, t.day] })],
);

/** Which years of a jurisdiction's calendar are loaded, and from where (SPEC §3). */
export const calendarYears = pgTable(
  'calendar_years',
  {
    jurisdiction: text('jurisdiction').notNull(),
    year: integer('year').notNull(),
    source: text('source').notNull(),
    loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.jurisdiction, t.year] })],
);

/** A deadline that fires by itself: claimed by a worker with FOR UPDATE SKIP LOCKED, fired at most once. */
export const deadlines = pgTable(
  'deadlines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    complaintId: uuid('complaint_id').notNull(),
    itemId: uuid('item_id'),
    counterNoticeId: uuid('counter_notice_id'),
    correctionRequestId: uuid('correction_request_id'),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    remindAt: timestamp('remind_at', { withTimezone: true }),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    status: text('status').notNull().default('pending'),
    firedAt: timestamp('fired_at', { withTimezone: true }),
    firedBy: text('fired_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('deadlines_pending_due_idx').on(t.dueAt).where(sql`status = 'pending'`),
    index('deadlines_complaint_idx').on(t.complaintId),
  ],
);

/** A measure taken against a listing or seller (seed 000 §二(二)2), with its own state. */
export const measures = pgTable(
  'measures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    complaintId: uuid('complaint_id')
      .notNull()
      .references(() => complaints.id),
    itemId: uuid('item_id')
      .notNull()
      .references(() => complaintItems.id),
    kind: text('kind').notNull(),
    state: text('state').notNull().default('requested'),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    appliedAt: timestamp('applied_at', { withTimezone: true }),
    revertedAt: timestamp('reverted_at', { withTimezone: true }),
  },
  (t) => [index('measures_item_idx').on(t.itemId)],
);

/** A seller's statement that it does not infringe (seed 000 §二(二)4; seed 001 "Counter Notification"). */
export const counterNotices = pgTable(
  'counter_notices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseNumber: text('case_number').notNull().unique(),
    complaintId: uuid('complaint_id')
      .notNull()
      .references(() => complaints.id),
    sellerId: uuid('seller_id').notNull(),
    filerId: uuid('filer_id').notNull(),
    status: text('status').notNull().default('submitted'),
    contactName: text('contact_name').notNull(),
    contactEmail: text('contact_email').notNull(),
    contactPhone: text('contact_phone'),
    itemIds: uuid('item_ids').array().notNull(),
    statement: text('statement').notNull(),
    evidenceDocumentIds: uuid('evidence_document_ids').array().notNull().default(sql`'{}'::uuid[]`),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
    forwardedAt: timestamp('forwarded_at', { withTimezone: true }),
    decidedBy: uuid('decided_by'),
    decisionReason: text('decision_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('counter_notices_complaint_idx').on(t.complaintId)],
);

/** Proof that the complainant went to an authority or a court (seed 000 §二(二)5). */
export const legalActions = pgTable(
  'legal_actions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    complaintId: uuid('complaint_id')
      .notNull()
      .references(() => complaints.id),
    counterNoticeId: uuid('counter_notice_id').notNull(),
    kind: text('kind').notNull(),
    authority: text('authority').notNull(),
    caseNumber: text('case_number').notNull(),
    documentId: uuid('document_id').notNull(),
    filedOn: date('filed_on'),
    outcome: text('outcome'),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('legal_actions_complaint_idx').on(t.complaintId)],
);
