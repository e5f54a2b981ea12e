import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { randomToken } from './tokens.ts';

/** Stores uploaded bytes by generated key in a directory outside any web root (SPEC §5). */
export interface FileStore {
  put(bytes: Buffer): Promise<string>;
  open(key: string): Readable;
  remove(key: string): Promise<void>;
}

export class LocalFileStore implements FileStore {
  constructor(private readonly dir: string) {}

  async put(bytes: Buffer): Promise<string> {
    const key = randomToken(24);
    const shard = join(this.dir, key.slice(0, 2));
    await mkdir(shard, { recursive: true });
    // Write then rename, so a crash never leaves a half-written file under a live key.
    const tmp = join(shard, `.${key}.tmp`);
    await writeFile(tmp, bytes, { flag: 'wx' });
    await rename(tmp, join(shard, key));
    return key;
  }

  open(key: string): Readable {
    if (!/^[A-Za-z0-9_-]{32}$/.test(key)) throw new Error('bad storage key');
    return createReadStream(join(this.dir, key.slice(0, 2), key));
  }

  async remove(key: string): Promise<void> {
    if (!/^[A-Za-z0-9_-]{32}$/.test(key)) return;
    await rm(join(this.dir, key.slice(0, 2), key), { force: true });
  }
}
