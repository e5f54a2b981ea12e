import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type MeasureState, measureStates, measureWorkflow, restorationEvent } from '../measures.ts';
import { complaintWorkflow } from './complaint-workflow.ts';
import { counterNoticeWorkflow } from './counter-notice-workflow.ts';
import { itemDownStates, itemWorkflow } from './item-workflow.ts';
import { type Machine, TransitionRefused } from './state-machine.ts';

const machines = [
  ['complaint', complaintWorkflow, 'draft'],
  ['item', itemWorkflow, 'pending'],
  ['counter-notice', counterNoticeWorkflow, 'submitted'],
  ['measure', measureWorkflow, 'requested'],
] as const;

function reachable<S extends string, E extends string>(m: Machine<S, E>, start: S): Set<S> {
  const seen = new Set<S>([start]);
  const queue = [start];
  while (queue.length) {
    const s = queue.shift()!;
    for (const t of m.transitions) {
      if (t.from.includes(s) && !seen.has(t.to)) {
        seen.add(t.to);
        queue.push(t.to);
      }
    }
  }
  return seen;
}

describe.each(machines)('the %s workflow table', (_name, machine, initial) => {
  const m = machine as Machine<string, string>;

  it('names only its own states, and every state is reachable from the first', () => {
    for (const t of m.transitions) {
      expect(m.states).toContain(t.to);
      for (const f of t.from) expect(m.states).toContain(f);
    }
    expect([...reachable(m, initial)].sort()).toEqual([...m.states].sort());
  });

  it('lets nothing leave a terminal state', () => {
    for (const s of m.terminal) expect(m.allowedEvents(s)).toEqual([]);
  });

  it('answers every (state, event) pair either with a listed transition or a refusal', () => {
    const events = [...new Set(m.transitions.map((t) => t.event))];
    fc.assert(
      fc.property(fc.constantFrom(...m.states), fc.constantFrom(...events), (state, event) => {
        const t = m.find(state, event);
        if (t) expect(m.next(state, event)).toBe(t.to);
        else expect(() => m.next(state, event)).toThrow(TransitionRefused);
      }),
    );
  });

  it('cites a rule for every transition', () => {
    for (const t of m.transitions) expect(t.basis.length).toBeGreaterThan(3);
  });
});

describe('who may move an item', () => {
  it('lets only the system end the counter-notice and legal-action periods (seed 000 §二(二)4–5)', () => {
    expect(() => itemWorkflow.next('forwarded', 'counter_window_expired', 'reviewer')).toThrow(TransitionRefused);
    expect(itemWorkflow.next('forwarded', 'counter_window_expired', 'system')).toBe('upheld');
    expect(() => itemWorkflow.next('counter_forwarded', 'legal_window_expired', 'complainant')).toThrow(
      TransitionRefused,
    );
  });

  it('lets only the respondent counter a forwarded item (seed 000 §二(二)4)', () => {
    expect(itemWorkflow.next('forwarded', 'counter', 'respondent')).toBe('countered');
    expect(() => itemWorkflow.next('forwarded', 'counter', 'complainant')).toThrow(TransitionRefused);
    expect(() => itemWorkflow.next('upheld', 'counter', 'respondent')).toThrow(TransitionRefused);
  });

  it('gives a strike only on the way into upheld, and removes it on the way to withdrawn or restored (SPEC §4)', () => {
    for (const t of itemWorkflow.transitions) {
      if (t.effects?.includes('give_strike')) expect(t.to).toBe('upheld');
      if (t.to === 'withdrawn' || (t.to === 'restored' && t.from.includes('withdrawn'))) {
        expect(t.effects).toContain('remove_strike');
      }
    }
  });

  it('reverts measures on every way into restored from a state where the listing was down', () => {
    for (const t of itemWorkflow.transitions.filter((x) => x.to === 'restored')) {
      expect(t.effects).toContain('revert_measures');
      expect(t.from.some((f) => itemDownStates.includes(f) || f === 'withdrawn')).toBe(true);
    }
  });
});

describe('restoration of measures (SPEC §2)', () => {
  it('reverts exactly the applied measures and cancels the ones never carried out', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...measureStates), { maxLength: 30 }), (states) => {
        const after = states.map((s) => {
          const e = restorationEvent(s);
          return e ? measureWorkflow.next(s, e) : s;
        });
        states.forEach((before: MeasureState, i) => {
          if (before === 'applied') expect(after[i]).toBe('reverted');
          else if (before !== 'reverted') expect(after[i]).not.toBe('reverted');
          if (before === 'requested' || before === 'failed') expect(after[i]).toBe('cancelled');
        });
        expect(after.filter((s) => s === 'reverted').length).toBe(
          states.filter((s) => s === 'applied' || s === 'reverted').length,
        );
      }),
    );
  });
});
