export type TestClock = {
  /** Unix seconds: the wall clock plus every `advance`. */
  now(): number;
  /** Moves this clock forward, e.g. together with `chain.increaseTime`. */
  advance(seconds: number): void;
};

/** A clock shared by signers and a facilitator in a test, so that time can pass for both as it does on the chain. */
export function createTestClock(): TestClock {
  let offset = 0;
  return {
    now: () => Math.floor(Date.now() / 1000) + offset,
    advance: (seconds) => {
      offset += seconds;
    },
  };
}
