import { defineMachine } from './state-machine.ts';

/** The complaint (the notice as a whole), SPEC §2: draft → submitted → needs_correction ⇄ submitted → accepted | rejected | withdrawn. */
export const complaintStates = ['draft', 'submitted', 'needs_correction', 'accepted', 'rejected', 'withdrawn'] as const;
export type ComplaintState = (typeof complaintStates)[number];

export const complaintEvents = [
  'submit',
  'request_correction',
  'supplement',
  'accept',
  'reject',
  'withdraw',
  'correction_expired',
] as const;
export type ComplaintEvent = (typeof complaintEvents)[number];

export const complaintWorkflow = defineMachine<ComplaintState, ComplaintEvent>({
  entity: 'complaint',
  states: complaintStates,
  terminal: ['rejected', 'withdrawn'],
  transitions: [
    {
      from: ['draft'],
      event: 'submit',
      to: 'submitted',
      by: ['complainant'],
      guard: 'has_items_and_statement',
      effects: ['assign_completeness_checklist', 'set_review_due'],
      basis: 'seed 000 §二(二)1',
    },
    {
      from: ['submitted'],
      event: 'request_correction',
      to: 'needs_correction',
      by: ['reviewer'],
      guard: 'names_what_is_missing',
      effects: ['open_correction_request', 'schedule_correction_deadline', 'notify_complainant'],
      basis: 'seed 000 §二(二)1: the complainant should make up for what is lacking',
    },
    {
      from: ['needs_correction'],
      event: 'supplement',
      to: 'submitted',
      by: ['complainant'],
      effects: ['answer_correction_request', 'cancel_correction_deadline', 'assign_completeness_checklist'],
      basis: 'seed 000 §二(二)1',
    },
    {
      from: ['submitted'],
      event: 'accept',
      to: 'accepted',
      by: ['reviewer'],
      guard: 'checklist_complete',
      effects: ['record_acceptance', 'take_measures_per_item', 'notify_complainant'],
      basis: 'seed 000 §二(二)2: formal acceptance, then necessary measures',
    },
    {
      from: ['submitted', 'needs_correction'],
      event: 'reject',
      to: 'rejected',
      by: ['reviewer'],
      guard: 'states_reason',
      effects: ['reject_items', 'cancel_deadlines', 'notify_complainant'],
      basis: 'SPEC §2: rejection states its reason',
    },
    {
      from: ['draft', 'submitted', 'needs_correction', 'accepted'],
      event: 'withdraw',
      to: 'withdrawn',
      by: ['complainant'],
      effects: ['withdraw_items', 'cancel_deadlines'],
      basis: 'SPEC §2: withdrawal by the complainant',
    },
    {
      from: ['needs_correction'],
      event: 'correction_expired',
      to: 'withdrawn',
      by: ['system'],
      effects: ['expire_correction_request', 'withdraw_items', 'notify_complainant'],
      basis: 'seed 000 §二(二)6: no answer to a correction notice → deemed withdrawn',
    },
  ],
});
