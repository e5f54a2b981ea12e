import type { Queryable } from './client.ts';

const statements = new WeakMap<object, Map<string, unknown>>();

/**
 * A query built once per database handle and sent as a named prepared statement: the server plans it
 * once per connection and drizzle does not rebuild its SQL per call. Reads on every request use it
 * (authentication, the case view, the queue): building and planning were a third of their cost
 * (bench/http.ts, docs/performance.md). Inside a transaction the query is built for that transaction.
 *
 * `name` must name one SQL text for the life of the process; values go in `sql.placeholder(…)`.
 */
export function prepared<T>(db: Queryable, name: string, build: (db: Queryable, name: string) => T): T {
  if ('rollback' in db) return build(db, name);
  let byName = statements.get(db);
  if (!byName) {
    byName = new Map();
    statements.set(db, byName);
  }
  let statement = byName.get(name) as T | undefined;
  if (statement === undefined) {
    statement = build(db, name);
    byName.set(name, statement);
  }
  return statement;
}
