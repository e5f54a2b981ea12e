import { defineMachine } from './state-machine.ts';

/** A seller's counter-notice, reviewed like a complaint (SPEC §2). */
export const counterNoticeStates = ['submitted', 'needs_correction', 'forwarded', 'rejected', 'withdrawn'] as const;
export type CounterNoticeState = (typeof counterNoticeStates)[number];

export const counterNoticeEvents = [
  'request_correction',
  'supplement',
  'forward',
  'reject',
  'withdraw',
  'correction_expired',
] as const;
export type CounterNoticeEvent = (typeof counterNoticeEvents)[number];

export const counterNoticeWorkflow = defineMachine<CounterNoticeState, CounterNoticeEvent>({
  entity: 'counter-notice',
  states: counterNoticeStates,
  terminal: ['forwarded', 'rejected', 'withdrawn'],
  transitions: [
    {
      from: ['submitted'],
      event: 'request_correction',
      to: 'needs_correction',
      by: ['reviewer'],
      guard: 'names_what_is_missing',
      effects: ['open_correction_request', 'schedule_correction_deadline', 'notify_respondent'],
      basis: 'SPEC §2: the counter-notice can need correction too',
    },
    {
      from: ['needs_correction'],
      event: 'supplement',
      to: 'submitted',
      by: ['respondent'],
      effects: ['answer_correction_request', 'cancel_correction_deadline'],
      basis: 'SPEC §2',
    },
    {
      from: ['submitted'],
      event: 'forward',
      to: 'forwarded',
      by: ['reviewer'],
      effects: ['items_forward_counter', 'schedule_legal_action_deadline', 'notify_complainant'],
      basis: 'seed 000 §二(二)5: forward the counter-notice and its materials to the complainant',
    },
    {
      from: ['submitted', 'needs_correction'],
      event: 'reject',
      to: 'rejected',
      by: ['reviewer'],
      guard: 'states_reason',
      effects: ['items_counter_rejected', 'notify_respondent'],
      basis: 'SPEC §2: checked like a complaint',
    },
    {
      from: ['submitted', 'needs_correction'],
      event: 'withdraw',
      to: 'withdrawn',
      by: ['respondent'],
      effects: ['items_counter_rejected'],
      basis: 'SPEC §2',
    },
    {
      from: ['needs_correction'],
      event: 'correction_expired',
      to: 'withdrawn',
      by: ['system'],
      effects: ['items_counter_rejected', 'notify_respondent'],
      basis: 'seed 000 §二(二)6 applied to the respondent: no answer to a correction in time',
    },
  ],
});
