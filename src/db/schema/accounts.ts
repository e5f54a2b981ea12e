import { sql } from 'drizzle-orm';
import { boolean, index, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const roleEnum = pgEnum('role', ['complainant', 'agent', 'respondent', 'reviewer', 'admin']);

/** A seller of the marketplace, synced from the shop or first seen as a reported link. */
export const sellers = pgTable('sellers', {
  id: uuid('id').primaryKey().defaultRandom(),
  externalId: text('external_id').notNull().unique(),
  name: text('name').notNull(),
  email: text('email'),
  status: text('status').notNull().default('active'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  role: roleEnum('role').notNull(),
  /** complainant accounts: 'individual' or 'enterprise'; agents: the firm's name is `name`. */
  partyKind: text('party_kind'),
  /** respondent accounts act for one seller. */
  sellerId: uuid('seller_id').references(() => sellers.id),
  locale: text('locale').notNull().default('zh-CN'),
  passwordHash: text('password_hash').notNull(),
  disabled: boolean('disabled').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const sessions = pgTable(
  'sessions',
  {
    /** sha256 of the cookie token; the token itself is never stored. */
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const apiKeys = pgTable('api_keys', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** public part shown in listings, e.g. `rd_3f9a1c2b`. */
  prefix: text('prefix').notNull().unique(),
  secretHash: text('secret_hash').notNull(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id),
  name: text('name').notNull(),
  scopes: text('scopes').array().notNull().default(sql`'{}'::text[]`),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

/** Stored first responses of creates, so a retried request gets the same answer (SPEC §6). */
export const idempotencyKeys = pgTable('idempotency_keys', {
  /** `${userId}:${method} ${route}:${key}` */
  scopeKey: text('scope_key').primaryKey(),
  requestHash: text('request_hash').notNull(),
  statusCode: text('status_code').notNull(),
  responseBody: text('response_body').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
