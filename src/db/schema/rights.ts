import { sql } from 'drizzle-orm';
import { date, index, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.ts';

export const rightTypeEnum = pgEnum('right_type', ['trademark', 'copyright', 'patent']);
export const verificationEnum = pgEnum('verification_status', ['unverified', 'verified', 'rejected']);

/** An IP right registered once by a complainant or agent and cited by complaints (seed 000 §二(一)2(2)). */
export const ipRights = pgTable(
  'ip_rights',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    holderId: uuid('holder_id')
      .notNull()
      .references(() => users.id),
    type: rightTypeEnum('type').notNull(),
    registrationNumber: text('registration_number'),
    jurisdiction: text('jurisdiction').notNull(),
    ownerName: text('owner_name').notNull(),
    validFrom: date('valid_from'),
    validTo: date('valid_to'),
    classes: text('classes').array().notNull().default(sql`'{}'::text[]`),
    subject: text('subject'),
    documentIds: uuid('document_ids').array().notNull().default(sql`'{}'::uuid[]`),
    verification: verificationEnum('verification').notNull().default('unverified'),
    verificationNote: text('verification_note'),
    verifiedBy: uuid('verified_by').references(() => users.id),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('ip_rights_holder_idx').on(t.holderId)],
);

/** A power of attorney by which an owner authorises an agent (seed 000 §二(一)2(2)b). */
export const powersOfAttorney = pgTable(
  'powers_of_attorney',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => users.id),
    principalName: text('principal_name').notNull(),
    scope: text('scope').notNull(),
    rightIds: uuid('right_ids').array().notNull().default(sql`'{}'::uuid[]`),
    validFrom: date('valid_from').notNull(),
    validTo: date('valid_to'),
    documentId: uuid('document_id').notNull(),
    verification: verificationEnum('verification').notNull().default('unverified'),
    verificationNote: text('verification_note'),
    verifiedBy: uuid('verified_by').references(() => users.id),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('poa_agent_idx').on(t.agentId)],
);
