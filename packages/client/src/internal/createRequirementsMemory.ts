import type { PaymentRequired, PaymentRequiredV1 } from "@x402kit/types";
import type { X402Client, X402Payment } from "../createX402Client.js";
import { deepFreeze } from "./deepFreeze.js";

export type CreateRequirementsMemoryParameters = {
  client: X402Client;
  /** How long a route's requirements are remembered; 0 turns the memory off. */
  ttlMs: number;
  /** How many routes at most (the oldest are forgotten first). */
  maxRoutes: number;
};

export type RequirementsMemory = {
  /** The remembered 402 of `route` (`METHOD url`), while fresh: pay it up front. */
  recall(route: string): PaymentRequired | undefined;
  /**
   * Remembers the 402 of an unpaid request to `route` whose payment went through, when it is v2 and the payment's
   * scheme reuses its requirements (`SchemeClient.reusesRequirements`: batch-settlement).
   */
  remember(route: string, paymentRequired: PaymentRequired | PaymentRequiredV1, payment: X402Payment): void;
  /** Forgets a route (its up-front payment was refused, or can no longer be made). */
  forget(route: string): void;
};

/**
 * The routes whose requirements a client pays up front (a client may send a payment without a prior 402 when it
 * knows the requirements, transports-v2/http.md): one copy of the rule for `wrapFetch` and axios's `withX402`.
 */
export function createRequirementsMemory(parameters: CreateRequirementsMemoryParameters): RequirementsMemory {
  const { client, ttlMs, maxRoutes } = parameters;
  const known = new Map<string, { paymentRequired: PaymentRequired; expiresAt: number }>();
  return {
    recall(route) {
      const entry = known.get(route);
      if (entry && entry.expiresAt > Date.now()) return entry.paymentRequired;
      if (entry) known.delete(route);
      return undefined;
    },
    remember(route, paymentRequired, payment) {
      if (ttlMs <= 0 || paymentRequired.x402Version !== 2 || payment.x402Version !== 2) return;
      const { scheme, network } = payment.requirements;
      if (client.schemes.find(scheme, network)?.reusesRequirements !== true) return;
      known.delete(route);
      // Frozen: the client then checks it once, not on every request it pays up front.
      known.set(route, { paymentRequired: deepFreeze(paymentRequired), expiresAt: Date.now() + ttlMs });
      if (known.size > maxRoutes) known.delete(known.keys().next().value!);
    },
    forget(route) {
      known.delete(route);
    },
  };
}
