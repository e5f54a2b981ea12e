import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * PGlite is a database inside one process: two processes opening the same directory would corrupt
 * it. A lock file with the owner's pid keeps a second process (a CLI command while `npm start`
 * runs) out with a clear message; a lock left by a dead process is taken over.
 */
export function lockEmbeddedDatabase(dir: string): () => void {
  const file = join(dir, 'rightsdesk.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(readFileSync(file, 'utf8'));
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw new Error(
          `The embedded database in ${dir} is in use by process ${owner} (the running server?). ` +
            'Stop it first, use the HTTP API, or point DATABASE_URL at a PostgreSQL server, which many processes can share.',
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new Error(`could not lock ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
