import type { Db } from '../db/client.ts';
import type { OffsetClock } from '../domain/clock.ts';
import { syncClock } from '../services/test-clock.ts';
import { batchDeadlineHandlers, deadlineHandlers, sendReminder } from './deadline-handlers.ts';
import { fireDueDeadlines, sendDueReminders } from './deadline-worker.ts';

export interface WorkerOptions {
  intervalMs?: number;
  workerId?: string;
  /** with the sandbox test clock on, the shared offset is read each tick. */
  testClock?: boolean;
  log?: (line: string) => void;
}

/** One pass: fire everything due (in batches) and send due reminders. */
export async function workOnce(db: Db, clock: OffsetClock, options: WorkerOptions = {}) {
  if (options.testClock) await syncClock(db, clock);
  let fired = 0;
  let failed = 0;
  for (;;) {
    const r = await fireDueDeadlines(db, deadlineHandlers, batchDeadlineHandlers, clock.now(), {
      workerId: options.workerId,
    });
    fired += r.fired;
    failed += r.failed;
    if (r.fired + r.failed === 0) break;
  }
  const reminded = await sendDueReminders(db, sendReminder, clock.now());
  return { fired, failed, reminded };
}

/**
 * The deadline worker (`rightsdesk worker`, also inside `npm start`). Ticks every second, so a
 * deadline fires within a minute of its due time even under load; several processes may run.
 */
export function startWorker(db: Db, clock: OffsetClock, options: WorkerOptions = {}) {
  const interval = options.intervalMs ?? 1000;
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const tick = async () => {
    if (stopped) return;
    running = workOnce(db, clock, options)
      .then((r) => {
        if (r.fired || r.failed || r.reminded) options.log?.(JSON.stringify({ worker: options.workerId, ...r }));
      })
      .catch((err) => options.log?.(`worker error: ${(err as Error).message}`));
    await running;
    if (!stopped) timer = setTimeout(tick, interval);
  };
  let timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
