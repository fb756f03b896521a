/** A clock the test moves: a 24-hour takedown cycle runs in milliseconds. */
export class SimulatedClock {
  private time: number;

  constructor(start: string | Date) {
    this.time = new Date(start).getTime();
  }

  readonly now = (): Date => new Date(this.time);

  advance(ms: number): Date {
    this.time += ms;
    return this.now();
  }

  advanceHours(hours: number): Date {
    return this.advance(hours * 3_600_000);
  }
}
