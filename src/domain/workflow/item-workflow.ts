import { defineMachine } from './state-machine.ts';

/** One reported listing, SPEC §2 "Item". */
export const itemStates = [
  'pending',
  'taken_down',
  'forwarded',
  'countered',
  'counter_forwarded',
  'in_litigation',
  'upheld',
  'restored',
  'rejected',
  'withdrawn',
] as const;
export type ItemState = (typeof itemStates)[number];

export const itemEvents = [
  'take_down',
  'reject',
  'forward',
  'counter_window_expired',
  'counter',
  'counter_rejected',
  'forward_counter',
  'legal_action_shown',
  'legal_window_expired',
  'litigation_upheld',
  'litigation_dismissed',
  'withdraw',
  'restore',
] as const;
export type ItemEvent = (typeof itemEvents)[number];

/** States in which the listing is down because measures were applied. */
export const itemDownStates: readonly ItemState[] = [
  'taken_down',
  'forwarded',
  'countered',
  'counter_forwarded',
  'in_litigation',
  'upheld',
];

export const itemWorkflow = defineMachine<ItemState, ItemEvent>({
  entity: 'item',
  states: itemStates,
  terminal: ['restored', 'rejected'],
  transitions: [
    {
      from: ['pending'],
      event: 'take_down',
      to: 'taken_down',
      by: ['reviewer'],
      effects: ['request_measures'],
      basis:
        'seed 000 §二(二)2: disconnect the link, remove from the shelves, cancel orders, stop production, freeze the account',
    },
    {
      from: ['pending'],
      event: 'reject',
      to: 'rejected',
      by: ['reviewer'],
      basis: 'SPEC §2: an item can be rejected with its complaint or on its own',
    },
    {
      from: ['taken_down'],
      event: 'forward',
      to: 'forwarded',
      by: ['reviewer', 'system'],
      effects: ['forward_redacted_complaint', 'schedule_counter_notice_deadline'],
      basis: 'seed 000 §二(二)3: forward the complaint to the respondent, without private data',
    },
    {
      from: ['forwarded'],
      event: 'counter_window_expired',
      to: 'upheld',
      by: ['system'],
      effects: ['give_strike'],
      basis: 'seed 000 §二(二)4: no counter-notice within five working days of receipt',
    },
    {
      from: ['forwarded'],
      event: 'counter',
      to: 'countered',
      by: ['respondent'],
      effects: ['cancel_counter_notice_deadline'],
      basis: 'seed 000 §二(二)4; seed 001 "Counter Notification"',
    },
    {
      from: ['countered'],
      event: 'counter_rejected',
      to: 'upheld',
      by: ['reviewer', 'system'],
      effects: ['give_strike'],
      basis: 'SPEC §2: the reviewer checks the counter-notice like a complaint',
    },
    {
      from: ['countered'],
      event: 'forward_counter',
      to: 'counter_forwarded',
      by: ['reviewer'],
      effects: ['forward_counter_notice', 'schedule_legal_action_deadline'],
      basis: 'seed 000 §二(二)5: forward the counter-notice to the complainant',
    },
    {
      from: ['counter_forwarded'],
      event: 'legal_action_shown',
      to: 'in_litigation',
      by: ['complainant'],
      effects: ['cancel_legal_action_deadline'],
      basis: 'seed 000 §二(二)5; PRC E-Commerce Law art. 43; 17 USC 512(g)(2)(C)',
    },
    {
      from: ['counter_forwarded'],
      event: 'legal_window_expired',
      to: 'restored',
      by: ['system'],
      effects: ['revert_measures'],
      basis: 'seed 000 §二(二)5–6: no complaint or lawsuit shown in time → restore; deemed withdrawn',
    },
    {
      from: ['in_litigation'],
      event: 'litigation_upheld',
      to: 'upheld',
      by: ['reviewer'],
      effects: ['give_strike'],
      basis: 'SPEC §2: the reviewer records the outcome',
    },
    {
      from: ['in_litigation'],
      event: 'litigation_dismissed',
      to: 'restored',
      by: ['reviewer'],
      effects: ['revert_measures'],
      basis: 'SPEC §2: the reviewer records the outcome',
    },
    {
      from: ['pending', 'taken_down', 'forwarded', 'countered', 'counter_forwarded', 'in_litigation', 'upheld'],
      event: 'withdraw',
      to: 'withdrawn',
      by: ['complainant', 'system'],
      effects: ['cancel_item_deadlines', 'remove_strike'],
      basis: 'SPEC §2: withdrawn → restored',
    },
    {
      from: ['withdrawn'],
      event: 'restore',
      to: 'restored',
      by: ['system', 'reviewer'],
      guard: 'had_measures',
      effects: ['revert_measures', 'remove_strike'],
      basis: 'SPEC §2: restoration reverts exactly what was applied',
    },
  ],
});
