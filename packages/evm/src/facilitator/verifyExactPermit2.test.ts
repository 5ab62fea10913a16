import type { PaymentPayload, PaymentRequirements } from "@x402kit/types";
import { describe, expect, it } from "vitest";
import {
  baseSepoliaRequirements,
  buyer,
  facilitatorSigner,
  offlineNow as now,
  offlineExactFacilitator,
} from "../../test/offline.js";
import { exactEvmClient } from "../client/exactEvmClient.js";

// The Permit2 checks that need no RPC must fail before any: a client whose every request is recorded and refused.
const { facilitator, requests } = offlineExactFacilitator();
const requirements: PaymentRequirements = {
  ...baseSepoliaRequirements,
  extra: { ...baseSepoliaRequirements.extra, assetTransferMethod: "permit2" },
};

async function pay(options: { clock?: number; requirements?: Partial<PaymentRequirements> } = {}) {
  const signed = { ...requirements, ...options.requirements };
  const client = exactEvmClient({ account: buyer, now: () => options.clock ?? now });
  const { payload } = await client.createPaymentPayload({ requirements: signed });
  return { x402Version: 2, accepted: requirements, payload } satisfies PaymentPayload;
}

describe("exact EVM verify with Permit2: cheap checks", () => {
  it.each([
    ["invalid_permit2_recipient_mismatch", () => pay({ requirements: { payTo: facilitatorSigner.address } })],
    ["invalid_permit2_amount_mismatch", () => pay({ requirements: { amount: "10001" } })],
    ["invalid_permit2_token_mismatch", () => pay({ requirements: { asset: facilitatorSigner.address } })],
    ["permit2_deadline_expired", () => pay({ clock: now - 56 })],
    ["permit2_not_yet_valid", () => pay({ clock: now + 601 })],
  ] as const)("answers %s with no RPC call", async (reason, make) => {
    requests.length = 0;
    const response = await facilitator.verify({ payload: await make(), requirements });
    expect(response).toMatchObject({ isValid: false, invalidReason: reason, payer: buyer.address });
    expect(response.invalidMessage).toEqual(expect.any(String));
    expect(requests).toEqual([]);
  });

  it("refuses a Permit2 payload for requirements that ask for EIP-3009", async () => {
    requests.length = 0;
    const eip3009 = { ...requirements, extra: { name: "USDC", version: "2" } };
    const payload = { ...(await pay()), accepted: eip3009 };
    expect(await facilitator.verify({ payload, requirements: eip3009 })).toMatchObject({
      isValid: false,
      invalidReason: "invalid_payload",
    });
    expect(requests).toEqual([]);
  });

  it("reaches the chain for a well-formed payment, and turns an RPC failure into unexpected_verify_error", async () => {
    requests.length = 0;
    expect(await facilitator.verify({ payload: await pay(), requirements })).toMatchObject({
      isValid: false,
      invalidReason: "unexpected_verify_error",
      payer: buyer.address,
    });
    expect(requests.length).toBeGreaterThan(0);
  });
});
