import { describe, expect, it } from 'vitest';
import { runFaults } from '../../bench/faults.ts';

/**
 * Issue 9 item 5, the small version of bench/faults.ts: kill -9 the real server (10 rounds) while
 * it creates complaints with Idempotency-Keys, and the worker (3 rounds) while it fires deadlines.
 * Needs real processes on a real PostgreSQL server, so the postgres project only.
 */
describe.runIf(process.env.RIGHTSDESK_TEST_DB === 'postgres')('crash safety under kill -9', () => {
  it('loses, duplicates and half-writes nothing, replays every acknowledged create, and fires each deadline once', async () => {
    const figures = await runFaults({ rounds: 10, workerRounds: 3, concurrency: 3, deadlinesPerRound: 300 });
    expect(figures.requests).toBeGreaterThan(10);
    expect(figures.acknowledged).toBeGreaterThan(0);
    expect(figures).toMatchObject({
      lost: 0,
      duplicated: 0,
      halfWritten: 0,
      replayMismatches: 0,
      deadlines: 900,
      deadlinesLost: 0,
      deadlinesFiredTwice: 0,
      deadlinesPendingPastDue: 0,
    });
  }, 240_000);
});
