/** Time comes into the domain as an argument; this is where the application gets it from. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that runs from the system clock plus an offset that can only grow (SPEC §3 sandbox test clock). */
export class OffsetClock implements Clock {
  constructor(public offsetMs = 0) {}
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}
