import { eq } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Tx } from '../db/client.ts';
import { idempotencyKeys } from '../db/schema/index.ts';
import { sha256 } from '../services/tokens.ts';
import { actorOf } from './auth.ts';
import type { AppContext } from './context.ts';
import { invalid, unprocessable } from './problem.ts';

export interface Created<T> {
  status: number;
  body: T;
}

class KeyTaken extends Error {}

/**
 * Runs a create in one transaction. With an `Idempotency-Key` header the first 2xx response is
 * stored in that same transaction: the same key and body replay it, the same key with another
 * body is refused with 422 (SPEC §6). Without the header the create simply runs.
 */
export async function idempotentCreate<T>(
  ctx: AppContext,
  req: FastifyRequest,
  reply: FastifyReply,
  run: (tx: Tx) => Promise<Created<T>>,
  requestFingerprint?: string,
): Promise<T> {
  const key = req.headers['idempotency-key'];
  const db = ctx.database.db;
  if (key === undefined) {
    const result = await db.transaction(run);
    reply.code(result.status);
    return result.body;
  }
  if (typeof key !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw invalid('Idempotency-Key', 'must be 1–255 visible ASCII characters');
  }
  const actor = actorOf(req);
  const scopeKey = `${actor.userId}:${req.method} ${req.url.split('?')[0]}:${key}`;
  const requestHash = requestFingerprint ?? sha256(JSON.stringify(req.body ?? null));

  const replay = async (): Promise<T | undefined> => {
    const [row] = await db.select().from(idempotencyKeys).where(eq(idempotencyKeys.scopeKey, scopeKey));
    if (!row) return undefined;
    if (row.requestHash !== requestHash) {
      throw unprocessable('This Idempotency-Key was used with a different request body.', [
        { field: 'Idempotency-Key', message: 'already used with a different request' },
      ]);
    }
    reply.code(Number(row.statusCode)).header('Idempotent-Replayed', 'true');
    return JSON.parse(row.responseBody) as T;
  };

  const earlier = await replay();
  if (earlier !== undefined) return earlier;
  try {
    const result = await db.transaction(async (tx) => {
      const created = await run(tx);
      const inserted = await tx
        .insert(idempotencyKeys)
        .values({
          scopeKey,
          requestHash,
          statusCode: String(created.status),
          responseBody: JSON.stringify(created.body),
        })
        .onConflictDoNothing()
        .returning({ scopeKey: idempotencyKeys.scopeKey });
      if (inserted.length === 0) throw new KeyTaken();
      return created;
    });
    reply.code(result.status);
    return result.body;
  } catch (err) {
    // A concurrent request with the same key won the race: answer as it did.
    if (err instanceof KeyTaken) {
      const again = await replay();
      if (again !== undefined) return again;
    }
    throw err;
  }
}
