import { defineMachine } from './workflow/state-machine.ts';

/** seed 000 §二(二)2: disconnecting the link, removing goods from the shelves, cancelling the order, stopping production, freezing the account. */
export const measureKinds = [
  'disconnect_link',
  'remove_from_shelves',
  'cancel_orders',
  'stop_production',
  'freeze_account',
] as const;
export type MeasureKind = (typeof measureKinds)[number];

export const infringementTypes = ['counterfeit', 'trademark_misuse', 'copyright', 'patent', 'other'] as const;
export type InfringementType = (typeof infringementTypes)[number];

/** Defaults a reviewer starts from; the reviewer may choose others per item. */
export const defaultMeasures: Record<InfringementType, readonly MeasureKind[]> = {
  // Counterfeit goods must not reach buyers: pull the listing and cancel open orders.
  counterfeit: ['disconnect_link', 'remove_from_shelves', 'cancel_orders'],
  trademark_misuse: ['disconnect_link', 'remove_from_shelves'],
  // A copied image or design: print-on-demand production of it stops too.
  copyright: ['disconnect_link', 'stop_production'],
  patent: ['remove_from_shelves'],
  other: ['disconnect_link'],
};

/**
 * A measure's own life (SPEC §2): requested → applied | failed; applied → reverted on restoration.
 * `cancelled` ends a measure the marketplace never carried out, so restoration reverts exactly what was applied.
 */
export const measureStates = ['requested', 'applied', 'failed', 'reverted', 'cancelled'] as const;
export type MeasureState = (typeof measureStates)[number];
export type MeasureEvent = 'applied' | 'failed' | 'retry' | 'revert' | 'cancel';

export const measureWorkflow = defineMachine<MeasureState, MeasureEvent>({
  entity: 'measure',
  states: measureStates,
  terminal: ['reverted', 'cancelled'],
  transitions: [
    {
      from: ['requested'],
      event: 'applied',
      to: 'applied',
      by: ['system'],
      basis: 'SPEC §2: carried out in the marketplace',
    },
    { from: ['requested'], event: 'failed', to: 'failed', by: ['system'], basis: 'SPEC §2' },
    { from: ['failed'], event: 'retry', to: 'requested', by: ['reviewer', 'system'], basis: 'SPEC §2' },
    {
      from: ['applied'],
      event: 'revert',
      to: 'reverted',
      by: ['system', 'reviewer'],
      basis: 'SPEC §2: restoration reverts exactly what was applied',
    },
    { from: ['requested', 'failed'], event: 'cancel', to: 'cancelled', by: ['system', 'reviewer'], basis: 'SPEC §2' },
  ],
});

/** On restoration: applied measures are reverted, ones never carried out are cancelled, finished ones stay. */
export function restorationEvent(state: MeasureState): MeasureEvent | undefined {
  if (state === 'applied') return 'revert';
  if (state === 'requested' || state === 'failed') return 'cancel';
  return undefined;
}
