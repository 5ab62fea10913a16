import type { Address, Hash } from "viem";

/**
 * What the sections hand to the sections after them, by name. Empty here: a section that provides something
 * declares it in its own file, so adding a section never edits a shared list:
 *
 * ```ts
 * declare module "../demo/types.js" {
 *   interface Stage { mcp: { url: string } }
 * }
 * ```
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by module augmentation in each section
export interface Stage {}

/** One payment a section made; the last section reconciles every EVM payment against the chain. */
export type DemoPayment = {
  /** The section's name, e.g. "agent". */
  section: string;
  /** What was bought, e.g. "GET /weather". */
  label: string;
  /** How it was paid, from the payload that was sent (see `describePaymentMethod`). */
  method: string;
  /** CAIP-2. */
  network: string;
  asset: Address;
  symbol: string;
  from: Address;
  to: Address;
  /** Atomic units that moved, as the receipt says. */
  amount: bigint;
  transaction: Hash;
};

/** What every section gets. */
export type Demo = {
  readonly options: { readonly keep: boolean };
  /** Makes `value` available to later sections as `need(key)`. */
  provide<key extends keyof Stage>(key: key, value: Stage[key]): void;
  /** What an earlier section provided; throws a clear error when none did. */
  need<key extends keyof Stage>(key: key): Stage[key];
  /** Runs when the demo stops (last registered, first run), even after a failure. */
  onStop(stop: () => unknown): void;
  /** One line of the demo's output. */
  print(line?: string): void;
  /** Records a settled payment for the final reconciliation. */
  recordPayment(payment: DemoPayment): void;
  readonly payments: readonly DemoPayment[];
};

/** A section of the demo: one file in `src/sections/`, run in the order of the file names. */
export type Section = {
  /** Short, lower case: "chain", "agent". */
  name: string;
  /** One line, printed as the section's heading. */
  title: string;
  run: (demo: Demo) => Promise<void>;
};
