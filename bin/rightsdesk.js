#!/usr/bin/env node
// The CLI is TypeScript. Before each run esbuild compiles it into one JavaScript file, dist/rightsdesk.mjs
// (a fraction of a second), and Node runs that: an on-the-fly TypeScript loader would keep a second V8
// heap and the source maps of every module alive for the life of the server (docs/decisions/007).
// For stack traces that point into src/, run with NODE_OPTIONS=--enable-source-maps.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, stop } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'rightsdesk.mjs');
const { outputFiles } = await build({
  entryPoints: [join(root, 'src', 'cli', 'main.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  outfile: out,
  sourcemap: 'linked',
  sourcesContent: false,
  write: false,
  logLevel: 'warning',
});
// The compiler's service process is not needed again: it ends now rather than at exit.
await stop();
mkdirSync(dirname(out), { recursive: true });
// Several processes may start at once (a server and its workers): each writes its own files and renames
// them into place, so none ever imports a half-written one. The map goes first, the program last.
for (const file of [...outputFiles].sort((a) => (a.path === out ? 1 : -1))) {
  const tmp = `${file.path}.${process.pid}.tmp`;
  writeFileSync(tmp, file.contents);
  renameSync(tmp, file.path);
}
await import(pathToFileURL(out).href);
