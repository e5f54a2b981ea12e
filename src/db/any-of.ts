import { type Column, type SQL, sql } from 'drizzle-orm';

/**
 * `column = ANY($1::uuid[])` with the ids as ONE array parameter. Drizzle's inArray sends one
 * parameter per id, which makes statements over thousands of items slow to parse.
 */
export function anyOf(column: Column, ids: readonly string[]): SQL {
  return sql`${column} = ANY(${sql.param([...ids])}::uuid[])`;
}

/** One array parameter, for `unnest(...)`-based bulk inserts. */
export function arrayParam(values: readonly unknown[], type: 'uuid' | 'text' | 'int' | 'timestamptz'): SQL {
  return sql`${sql.param([...values])}::${sql.raw(type)}[]`;
}
