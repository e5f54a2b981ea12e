import pg from 'pg';
const orig = pg.Client.prototype.query;
const log: string[] = [];
(pg.Client.prototype as unknown as { query: unknown }).query = function (this: pg.Client, ...args: unknown[]) {
  const t0 = performance.now();
  const text = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string })?.text ?? 'stream');
  const r = (orig as (...a: unknown[]) => unknown).apply(this, args);
  if (r && typeof (r as Promise<unknown>).then === 'function') {
    (r as Promise<unknown>).then(() => { const ms = performance.now() - t0; if (ms > 15) log.push(`${ms.toFixed(0)}ms ${text.slice(0, 110)}`); }, () => {});
  }
  return r;
};
process.on('beforeExit', () => { console.log(log.join('\n')); log.length = 0; });
await import('./intake.ts');
