/**
 * `npm run bench [-- --quick]`: every benchmark of issue 9, one after another (2 shared cores: never
 * in parallel), each in its own process. Exits non-zero when a figure misses its goal or a run fails.
 */
import { spawnSync } from 'node:child_process';

const quick = process.argv.includes('--quick');
const extra = process.argv.slice(2);
// audit and faults take their own size arguments; --quick scales them down 10× too.
const benches: [string, string[]][] = [
  ['intake', extra],
  ['deadlines', extra],
  ['queue', extra],
  ['http', extra],
  ['audit', quick ? ['--events', '100000'] : []],
  ['faults', quick ? ['--rounds', '20', '--worker-rounds', '4'] : []],
];
const failed: string[] = [];
for (const [name, args] of benches) {
  const run = spawnSync(process.execPath, ['bin/run-ts.js', `bench/${name}.ts`, ...args], { stdio: 'inherit' });
  if (run.status !== 0) failed.push(`${name} (exit ${run.status ?? run.signal})`);
}
console.log(failed.length ? `\nbench: goals missed or runs failed in ${failed.join(', ')}` : '\nbench: every goal met');
process.exitCode = failed.length ? 1 : 0;
