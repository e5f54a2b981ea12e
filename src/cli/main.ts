import { Command, Option } from 'commander';
import { loadConfig } from '../config.ts';
import { roles, scopes } from '../domain/roles.ts';
import { startWorker, workOnce } from '../jobs/worker.ts';
import { createContext } from '../runtime.ts';
import { createApiKey, createUser, ensureSeller, findUserByEmail } from '../services/accounts.ts';
import { registerAuditCommands } from './audit-commands.ts';
import { registerCalendarCommands } from './calendar-commands.ts';
import { serve } from './serve.ts';

const program = new Command('rightsdesk').description('Rightsdesk — IP complaint desk').showHelpAfterError();

program
  .command('start')
  .description('migrate, seed the demo data once, then run the HTTP server and the deadline worker')
  .action(async () => {
    await serve({ seedDemo: true, worker: true });
  });

program
  .command('serve')
  .description('run the HTTP server only (no demo data, no worker)')
  .action(async () => {
    await serve({ seedDemo: false, worker: false });
  });

program
  .command('worker')
  .description('run the deadline worker (several may run against one PostgreSQL server)')
  .option('--once', 'fire what is due now and exit')
  .action(async (o) => {
    const config = loadConfig();
    const ctx = await createContext(config);
    const workerId = `worker-${process.pid}`;
    if (o.once) {
      const r = await workOnce(ctx.database.db, ctx.clock, { workerId, testClock: config.testClock });
      console.log(JSON.stringify(r));
      await ctx.database.close();
      return;
    }
    const worker = startWorker(ctx.database.db, ctx.clock, { workerId, testClock: config.testClock, log: console.log });
    console.log(JSON.stringify({ worker: workerId, started: new Date().toISOString() }));
    const stop = async () => {
      await worker.stop();
      await ctx.database.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

program
  .command('migrate')
  .description('apply database migrations')
  .action(async () => {
    const ctx = await createContext(loadConfig());
    await ctx.database.close();
    console.log(JSON.stringify({ migrated: true, database: ctx.database.kind }));
  });

const users = program.command('users').description('manage user accounts');
users
  .command('create')
  .description('create a user')
  .requiredOption('--email <email>')
  .requiredOption('--name <name>')
  .addOption(new Option('--role <role>').choices([...roles]).makeOptionMandatory())
  .requiredOption('--password <password>', 'at least 10 characters')
  .addOption(new Option('--party-kind <kind>', 'complainants').choices(['individual', 'enterprise']))
  .option('--seller <externalId>', 'respondents: the marketplace seller id the account acts for')
  .option('--seller-name <name>')
  .action(async (o) => {
    if (String(o.password).length < 10) fail('--password must be at least 10 characters');
    if (o.role === 'respondent' && !o.seller) fail('--seller is required for a respondent');
    const ctx = await createContext(loadConfig());
    try {
      if (await findUserByEmail(ctx.database.db, o.email)) fail(`a user with e-mail ${o.email} exists`);
      const seller = o.seller ? await ensureSeller(ctx.database.db, o.seller, o.sellerName ?? o.name) : undefined;
      const user = await createUser(ctx.database.db, {
        email: o.email,
        name: o.name,
        role: o.role,
        password: o.password,
        partyKind: o.partyKind,
        sellerId: seller?.id,
      });
      console.log(JSON.stringify({ id: user.id, email: user.email, role: user.role, sellerId: user.sellerId }));
    } finally {
      await ctx.database.close();
    }
  });

const keys = program.command('keys').description('manage API keys');
keys
  .command('create')
  .description('create a bearer API key for a user; the key is printed once')
  .requiredOption('--user <email>')
  .requiredOption('--name <name>')
  .requiredOption('--scopes <list>', `comma-separated: ${scopes.join(', ')}`)
  .action(async (o) => {
    const wanted = String(o.scopes)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const unknown = wanted.filter((s) => !(scopes as readonly string[]).includes(s));
    if (unknown.length) fail(`unknown scope(s): ${unknown.join(', ')}`);
    const ctx = await createContext(loadConfig());
    try {
      const user = await findUserByEmail(ctx.database.db, o.user);
      if (!user) fail(`no user with e-mail ${o.user}`);
      const { key, record } = await createApiKey(ctx.database.db, user.id, o.name, wanted as (typeof scopes)[number][]);
      console.log(JSON.stringify({ key, id: record.id, scopes: record.scopes }));
    } finally {
      await ctx.database.close();
    }
  });

registerCalendarCommands(program);
registerAuditCommands(program);

function fail(message: string): never {
  console.error(`rightsdesk: ${message}`);
  process.exit(2);
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  // Operational failures (database in use, unreachable server…) are one line, not a stack trace.
  console.error(`rightsdesk: ${(err as Error).message}`);
  process.exit(1);
}
