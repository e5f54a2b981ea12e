import { bigint, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** A strike against a seller for an upheld item (seed 001 "Repeat infringers"; SPEC §4). */
export const strikes = pgTable(
  'strikes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sellerId: uuid('seller_id').notNull(),
    complaintId: uuid('complaint_id').notNull(),
    itemId: uuid('item_id').notNull(),
    weight: integer('weight').notNull(),
    reason: text('reason').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** set when the item is later restored or withdrawn: the strike no longer counts (SPEC §4). */
    removedAt: timestamp('removed_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('strikes_item_idx').on(t.itemId), index('strikes_seller_idx').on(t.sellerId)],
);

/** The in-app inbox: every formal notice and reminder, with exactly what was said (SPEC §5). */
export const notices = pgTable(
  'notices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** a user, or every user of a seller. */
    recipientUserId: uuid('recipient_user_id'),
    recipientSellerId: uuid('recipient_seller_id'),
    complaintId: uuid('complaint_id'),
    kind: text('kind').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [index('notices_user_idx').on(t.recipientUserId), index('notices_seller_idx').on(t.recipientSellerId)],
);

/** The sandbox test clock's offset, shared by the server and every worker process (SPEC §3). */
export const sandboxClock = pgTable('sandbox_clock', {
  id: integer('id').primaryKey(),
  offsetMs: bigint('offset_ms', { mode: 'number' }).notNull().default(0),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
