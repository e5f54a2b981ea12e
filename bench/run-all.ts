/**
 * `npm run bench [-- --quick]`: every benchmark of issue 9, one after another (2 shared cores: never
 * in parallel), each in its own process. Exits non-zero when a figure misses its goal or a run fails.
 */
import { spawnSync } from 'node:child_process';

const benches = ['intake', 'deadlines', 'queue', 'http'];
const extra = process.argv.slice(2);
const failed: string[] = [];
for (const name of benches) {
  const run = spawnSync(process.execPath, ['bin/run-ts.js', `bench/${name}.ts`, ...extra], { stdio: 'inherit' });
  if (run.status !== 0) failed.push(`${name} (exit ${run.status ?? run.signal})`);
}
console.log(failed.length ? `\nbench: goals missed or runs failed in ${failed.join(', ')}` : '\nbench: every goal met');
process.exitCode = failed.length ? 1 : 0;
