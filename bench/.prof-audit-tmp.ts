import { randomUUID } from 'node:crypto';
import { openDatabase } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { verifyAuditChain } from '../src/services/audit.ts';
import { recordHistory } from '../src/services/history.ts';
import { findPostgresBin, startPostgres } from '../test/support/postgres-server.ts';
const server = await startPostgres(findPostgresBin()!);
try {
  const database = await openDatabase({ url: server.url, poolSize: 10 });
  await migrate(database);
  for (let b = 0; b < 10; b++) {
    const cid = randomUUID();
    await database.db.transaction((tx) => recordHistory(tx, ...Array.from({ length: 20000 }, (_, i) => ({
      complaintId: cid, itemId: randomUUID(), actor: null, action: 'item.forward', fromState: 'taken_down', toState: 'forwarded',
      reason: i % 10 ? null : 'reason text', documentIds: i % 4 ? [] : [randomUUID()], data: { seq: i, sellerExternalId: `S-${i % 97}`, dueDate: '2026-10-09' }, at: new Date() }))));
  }
  for (const bs of [5000, 2000, 10000, 5000, 2000, 10000]) console.log(bs, JSON.stringify(await verifyAuditChain(database.db, { batchSize: bs })));
  await database.close();
} finally { await server.stop(); }
