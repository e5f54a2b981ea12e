import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { createContext } from '../runtime.ts';
import { verifyAuditChain } from '../services/audit.ts';

/** `rightsdesk audit …` (SPEC §6: verify the audit log). */
export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('check the tamper-evident case history');
  audit
    .command('verify')
    .description('recompute the hash chain over every history event; exit 1 when it is broken')
    .option('--batch-size <n>', 'events read per query', '5000')
    .action(async (o: { batchSize: string }) => {
      const batchSize = Number(o.batchSize);
      if (!Number.isInteger(batchSize) || batchSize < 1) {
        console.error('rightsdesk: --batch-size must be a whole number from 1');
        process.exit(2);
      }
      const ctx = await createContext(loadConfig());
      let ok = false;
      try {
        const result = await verifyAuditChain(ctx.database.db, { batchSize });
        ok = result.ok;
        console.log(JSON.stringify(result));
      } finally {
        await ctx.database.close();
      }
      process.exitCode = ok ? 0 : 1;
    });
}
