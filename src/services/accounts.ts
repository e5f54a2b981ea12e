import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { prepared } from '../db/prepared.ts';
import { apiKeys, sellers, sessions, users } from '../db/schema/index.ts';
import type { Role, Scope } from '../domain/roles.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { randomToken, sha256 } from './tokens.ts';

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  password: string;
  partyKind?: 'individual' | 'enterprise' | undefined;
  sellerId?: string | undefined;
  locale?: string | undefined;
}

export async function createUser(db: Queryable, input: NewUser) {
  const [row] = await db
    .insert(users)
    .values({
      email: input.email.trim().toLowerCase(),
      name: input.name,
      role: input.role,
      partyKind: input.partyKind ?? null,
      sellerId: input.sellerId ?? null,
      locale: input.locale ?? 'zh-CN',
      passwordHash: await hashPassword(input.password),
    })
    .returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function findUserByEmail(db: Queryable, email: string) {
  const [row] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase()));
  return row;
}

/** Checks a password; returns the user or undefined. Takes the same time whether or not the user exists. */
export async function authenticate(db: Queryable, email: string, password: string) {
  const user = await findUserByEmail(db, email);
  const ok = await verifyPassword(
    password,
    user?.passwordHash ?? 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  );
  return ok && user && !user.disabled ? user : undefined;
}

export async function createSession(db: Queryable, userId: string, now: Date, hours: number) {
  const token = randomToken();
  const csrfToken = randomToken(18);
  await db.insert(sessions).values({
    tokenHash: sha256(token),
    userId,
    csrfToken,
    expiresAt: new Date(now.getTime() + hours * 3600_000),
  });
  return { token, csrfToken };
}

export async function sessionUser(db: Queryable, token: string, now: Date) {
  const [row] = await prepared(db, 'session_user', (q, name) =>
    q
      .select({ user: users, session: sessions })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.tokenHash, sql.placeholder('tokenHash')))
      .prepare(name),
  ).execute({ tokenHash: sha256(token) });
  if (!row || row.session.expiresAt <= now || row.user.disabled) return undefined;
  return row;
}

export async function deleteSession(db: Queryable, token: string) {
  await db.delete(sessions).where(eq(sessions.tokenHash, sha256(token)));
}

/** API keys look like `rd_<prefix>_<secret>`; only sha256(secret) is stored. */
export async function createApiKey(db: Queryable, userId: string, name: string, keyScopes: readonly Scope[]) {
  const prefix = randomToken(6).replace(/[-_]/g, 'x').slice(0, 8);
  const secret = randomToken(24);
  const [row] = await db
    .insert(apiKeys)
    .values({ prefix, secretHash: sha256(secret), userId, name, scopes: [...keyScopes] })
    .returning();
  if (!row) throw new Error('insert returned no row');
  return { key: `rd_${prefix}_${secret}`, record: row };
}

export async function apiKeyUser(db: Queryable, presented: string) {
  const match = /^rd_([A-Za-z0-9]{8})_([A-Za-z0-9_-]{20,64})$/.exec(presented);
  if (!match) return undefined;
  const [, prefix, secret] = match as unknown as [string, string, string];
  const [row] = await prepared(db, 'api_key_user', (q, name) =>
    q
      .select({ user: users, key: apiKeys })
      .from(apiKeys)
      .innerJoin(users, eq(users.id, apiKeys.userId))
      .where(and(eq(apiKeys.prefix, sql.placeholder('prefix')), isNull(apiKeys.revokedAt)))
      .prepare(name),
  ).execute({ prefix });
  if (!row || row.key.secretHash !== sha256(secret) || row.user.disabled) return undefined;
  return row;
}

export async function ensureSeller(db: Queryable, externalId: string, name: string, email?: string) {
  const [existing] = await db.select().from(sellers).where(eq(sellers.externalId, externalId));
  if (existing) return existing;
  const [row] = await db
    .insert(sellers)
    .values({ externalId, name, email: email ?? null })
    .onConflictDoNothing()
    .returning();
  if (row) return row;
  const [again] = await db.select().from(sellers).where(eq(sellers.externalId, externalId));
  if (!again) throw new Error('seller vanished');
  return again;
}
