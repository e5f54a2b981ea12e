import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The machine's PostgreSQL server binaries (Debian keeps them in /usr/lib/postgresql/NN/bin). */
export function findPostgresBin(): string | undefined {
  if (process.env.RIGHTSDESK_PG_BIN) return process.env.RIGHTSDESK_PG_BIN;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export interface ThrowawayServer {
  url: string;
  /** Stops the server for good and removes its data directory. */
  stop(): Promise<void>;
  /** Stops the server but keeps its data directory and port, so that `start()` brings it back. */
  halt(): Promise<void>;
  /** Starts a halted server again on the same data directory and port. */
  start(): Promise<void>;
}

/**
 * Starts a throwaway PostgreSQL server on a free loopback port. PostgreSQL refuses to run as root,
 * so as root the server runs as the `postgres` user on a directory it owns.
 */
export async function startPostgres(bin: string): Promise<ThrowawayServer> {
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'rightsdesk-pg-'));
  chmodSync(dir, 0o777);
  const dataDir = join(dir, 'data');
  const run = (cmd: string, args: string[]) =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]] : [join(bin, cmd), args];
  if (asRoot) execFileSync('chown', ['postgres', dir]);
  const [initCmd, initArgs] = run('initdb', [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-locale',
    '--no-sync',
  ]) as [string, string[]];
  execFileSync(initCmd, initArgs, { stdio: 'pipe' });
  const port = await freePort();
  const [pgCmd, pgArgs] = run('postgres', [
    '-D',
    dataDir,
    '-p',
    String(port),
    '-k',
    dir,
    '-h',
    '127.0.0.1',
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'full_page_writes=off',
    '-c',
    'max_connections=200',
  ]) as [string, string[]];

  const launch = async (): Promise<ChildProcess> => {
    const child = spawn(pgCmd, pgArgs, { stdio: ['ignore', 'ignore', 'pipe'], detached: false });
    let log = '';
    child.stderr?.on('data', (d) => {
      log += String(d);
    });
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (log.includes('ready to accept connections')) return child;
      if (child.exitCode !== null) throw new Error(`postgres exited: ${log}`);
      if (Date.now() > deadline) throw new Error(`postgres did not start: ${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const halt = async (child: ChildProcess) => {
    // runuser does not pass signals on, so signal the postmaster itself (fast shutdown).
    try {
      const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (pid > 0) process.kill(pid, 'SIGINT');
    } catch {
      child.kill('SIGKILL');
    }
    await new Promise((r) => {
      if (child.exitCode !== null) r(null);
      else child.once('exit', r);
    });
  };

  let child: ChildProcess | undefined = await launch();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      if (child) await halt(child);
      child = undefined;
      rmSync(dir, { recursive: true, force: true });
    },
    halt: async () => {
      if (child) await halt(child);
      child = undefined;
    },
    start: async () => {
      if (!child) child = await launch();
    },
  };
}
