import type { FacilitatorLike, PrepareSettlementParameters, SchemeServer } from "@x402kit/core";
import type { FacilitatorRequest, SettleResponse, VerifyResponse } from "@x402kit/types";

// In-process stand-ins for the adapter tests: a trivial "test" scheme and a scripted facilitator. They exercise
// the adapters' plumbing only; the real exact-EVM scheme and facilitator are covered by the end-to-end tests.

export const network = "eip155:84532"; // has a v1 name (base-sepolia), so v1 payments work too
export const asset = "0x036CbD53842c5426634e7929541eC2318f3dCF7e";
export const payTo = "0x209693Bc6afc0C5328bA36FaF03C514EF312287C";
export const payer = "0x857b06519E91e3A54538791bDbb0E22373e36b66";

/** A fixed-price scheme that also accepts a reported (lower or equal) amount, recording what it was told. */
export function standInScheme(): SchemeServer & { prepared: PrepareSettlementParameters[] } {
  const prepared: PrepareSettlementParameters[] = [];
  return {
    scheme: "test",
    networks: ["eip155:*"],
    prepared,
    buildRequirements: ({ network, price, payTo, maxTimeoutSeconds }) => ({
      scheme: "test",
      network,
      amount: price.kind === "money" ? String(Math.round(Number(price.usd) * 1e6)) : price.amount,
      asset,
      payTo,
      maxTimeoutSeconds,
      extra: { name: "USDC", version: "2" },
    }),
    prepareSettlement(parameters) {
      prepared.push(parameters);
      const amount = parameters.settlementAmount ?? BigInt(parameters.requirements.amount);
      return { ...parameters.requirements, amount: amount.toString() };
    },
  };
}

export type FacilitatorScript = {
  verify?: (request: FacilitatorRequest) => Promise<VerifyResponse>;
  settle?: (request: FacilitatorRequest) => Promise<SettleResponse>;
};

/** A facilitator whose answers a test scripts; every call is recorded. `reset` clears both. */
export function standInFacilitator() {
  let script: FacilitatorScript = {};
  const calls = { verify: [] as FacilitatorRequest[], settle: [] as FacilitatorRequest[] };
  const facilitator: FacilitatorLike = {
    async verify(request) {
      calls.verify.push(request);
      return script.verify ? script.verify(request) : { isValid: true, payer };
    },
    async settle(request) {
      calls.settle.push(request);
      return script.settle
        ? script.settle(request)
        : { success: true, transaction: `0x${"ab".repeat(32)}`, network, payer };
    },
    supported: async () => ({ kinds: [], extensions: [], signers: {} }),
  };
  return {
    facilitator,
    calls,
    script(next: FacilitatorScript) {
      script = next;
    },
    reset() {
      script = {};
      calls.verify.length = 0;
      calls.settle.length = 0;
    },
  };
}
