import * as v from 'valibot';

/** Makes the next requests fail with a chosen status. */
export interface FailFault {
  /** The status to answer, e.g. 500, 503, or 429. */
  status: number;
  /**
   * How many requests fail.
   * @default 1
   */
  times?: number;
  /** For 429 (or 503): the `Retry-After` header, in seconds. */
  retryAfter?: number;
}

const count = v.pipe(v.number(), v.integer(), v.minValue(0));

/** The body of `POST /_emulator/faults`: every fault at once, each optional. */
export const FaultSettings = v.strictObject({
  fail: v.optional(
    v.strictObject({
      status: v.pipe(v.number(), v.integer(), v.minValue(400), v.maxValue(599)),
      times: v.optional(v.pipe(count, v.minValue(1))),
      retryAfter: v.optional(count),
    }),
  ),
  latencyMs: v.optional(count),
  drop: v.optional(count),
  hold: v.optional(v.boolean()),
});

/** What `POST /_emulator/faults` takes. */
export type FaultSettings = v.InferOutput<typeof FaultSettings>;

/**
 * The emulator's injected faults: latency, held responses, dropped connections, failures.
 * @returns the fault state and its controls
 */
export function createFaults() {
  let failure: { status: number; remaining: number; retryAfter?: number } | undefined;
  let latencyMs = 0;
  let drops = 0;
  let gate: { promise: Promise<void>; release: () => void } | undefined;

  const faults = {
    fail({ status, times = 1, retryAfter }: FailFault): void {
      failure = { status, remaining: times, retryAfter };
    },
    setLatency(ms: number): void {
      latencyMs = ms;
    },
    drop(times = 1): void {
      drops = times;
    },
    hold(): () => void {
      if (!gate) {
        let release!: () => void;
        const promise = new Promise<void>((resolve) => (release = resolve));
        const current = { promise, release: () => (gate === current && (gate = undefined), release()) };
        gate = current;
      }
      return gate.release;
    },
    /** Releases held responses. */
    release(): void {
      gate?.release();
    },
    reset(): void {
      faults.release();
      failure = undefined;
      latencyMs = drops = 0;
    },
    /** Applies the settings of `POST /_emulator/faults`. */
    apply(settings: FaultSettings): void {
      if (settings.fail) faults.fail(settings.fail);
      if (settings.latencyMs != null) faults.setLatency(settings.latencyMs);
      if (settings.drop != null) faults.drop(settings.drop);
      if (settings.hold === true) faults.hold();
      if (settings.hold === false) faults.release();
    },
    /** @returns the faults still pending, for `POST /_emulator/faults` to answer */
    state: () => ({ fail: failure ?? null, latencyMs, drop: drops, held: !!gate }),
    /** Waits out the latency, then any hold. */
    async delay(): Promise<void> {
      if (latencyMs) await new Promise((resolve) => setTimeout(resolve, latencyMs));
      while (gate) await gate.promise;
    },
    /** @returns true when this request's connection is to be dropped */
    takeDrop(): boolean {
      if (!drops) return false;
      drops--;
      return true;
    },
    /** @returns the failure this request is to get, if any */
    takeFailure(): { status: number; retryAfter?: number } | undefined {
      if (!failure) return;
      const { status, retryAfter } = failure;
      if (--failure.remaining <= 0) failure = undefined;
      return { status, retryAfter };
    },
  };
  return faults;
}
