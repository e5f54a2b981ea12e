/**
 * A workflow as data: each transition names the states it leaves, the event, the state it enters,
 * who may cause it, the guard that must hold and the effects the application must carry out.
 * Routes and jobs ask the table (`next`, `allowedEvents`); none re-implements it.
 */
export type Cause = 'complainant' | 'respondent' | 'reviewer' | 'system';

export interface Transition<S extends string, E extends string> {
  from: readonly S[];
  event: E;
  to: S;
  by: readonly Cause[];
  /** a named condition the application checks before the transition. */
  guard?: string;
  /** named effects the application carries out in the same transaction. */
  effects?: readonly string[];
  /** the rule this transition implements. */
  basis: string;
}

export class TransitionRefused extends Error {
  constructor(
    readonly entity: string,
    readonly state: string,
    readonly event: string,
  ) {
    super(`A ${entity} in state '${state}' cannot take '${event}'.`);
  }
}

export interface Machine<S extends string, E extends string> {
  entity: string;
  states: readonly S[];
  terminal: readonly S[];
  transitions: readonly Transition<S, E>[];
  /** the transition for this event from this state, or undefined. */
  find(state: S, event: E): Transition<S, E> | undefined;
  /** the next state, or throws TransitionRefused. */
  next(state: S, event: E, by?: Cause): S;
  allowedEvents(state: S, by?: Cause): E[];
}

export function defineMachine<S extends string, E extends string>(def: {
  entity: string;
  states: readonly S[];
  terminal: readonly S[];
  transitions: readonly Transition<S, E>[];
}): Machine<S, E> {
  const find = (state: S, event: E) => def.transitions.find((t) => t.event === event && t.from.includes(state));
  return {
    ...def,
    find,
    next(state, event, by) {
      const t = find(state, event);
      if (!t || (by && !t.by.includes(by))) throw new TransitionRefused(def.entity, state, event);
      return t.to;
    },
    allowedEvents(state, by) {
      return def.transitions.filter((t) => t.from.includes(state) && (!by || t.by.includes(by))).map((t) => t.event);
    },
  };
}
