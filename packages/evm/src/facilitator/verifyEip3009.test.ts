import type { PaymentPayload, PaymentRequirements } from "@x402kit/types";
import { describe, expect, it } from "vitest";
import {
  buyer,
  offlineNow as now,
  offlineExactFacilitator,
  baseSepoliaRequirements as requirements,
  facilitatorSigner as signer,
} from "../../test/offline.js";
import { exactEvmClient } from "../client/exactEvmClient.js";
import { exactEvmFacilitator } from "./exactEvmFacilitator.js";

// Cheap checks must fail before any RPC: a client whose every request is recorded and refused.
const { facilitator, publicClient, requests } = offlineExactFacilitator();

async function pay(options: { clock?: number; requirements?: Partial<PaymentRequirements> } = {}) {
  const signed = { ...requirements, ...options.requirements };
  const client = exactEvmClient({ account: buyer, now: () => options.clock ?? now });
  const { payload } = await client.createPaymentPayload({ requirements: signed });
  return { x402Version: 2, accepted: signed, payload } satisfies PaymentPayload;
}

describe("exact EVM verify: cheap checks", () => {
  it.each([
    ["invalid_payload", async () => ({ ...(await pay()), payload: { signature: "0x" } }), requirements],
    ["invalid_scheme", pay, { ...requirements, scheme: "upto" }],
    ["invalid_network", pay, { ...requirements, network: "eip155:8453" }],
    [
      "invalid_network",
      async () => pay({ requirements: { network: "eip155:1" } }),
      { ...requirements, network: "eip155:1" },
    ],
    ["invalid_payment_requirements", pay, { ...requirements, extra: {} }],
    ["invalid_payment_requirements", pay, { ...requirements, asset: "usdc" }],
    [
      "invalid_payload",
      pay,
      { ...requirements, extra: { ...requirements.extra, assetTransferMethod: "permit2" } },
    ],
    [
      "invalid_exact_evm_payload_recipient_mismatch",
      pay,
      { ...requirements, payTo: "0x0000000000000000000000000000000000000001" },
    ],
    ["invalid_exact_evm_payload_authorization_value_mismatch", pay, { ...requirements, amount: "10001" }],
    ["invalid_exact_evm_payload_authorization_valid_before", () => pay({ clock: now - 56 }), requirements],
    ["invalid_exact_evm_payload_authorization_valid_after", () => pay({ clock: now + 600 }), requirements],
    [
      "invalid_exact_evm_payload_authorization_valid_before_too_far",
      () => pay({ requirements: { maxTimeoutSeconds: 6000 } }),
      requirements,
    ],
  ] as const)("answers %s with no RPC call", async (reason, make, checkedAgainst) => {
    requests.length = 0;
    const payload = await make();
    const response = await facilitator.verify({
      payload,
      requirements: checkedAgainst as PaymentRequirements,
    });
    expect(response).toMatchObject({ isValid: false, invalidReason: reason });
    expect(response.invalidMessage).toEqual(expect.any(String));
    if (reason !== "invalid_payload" || "authorization" in payload.payload)
      expect(response.payer).toBe(buyer.address);
    expect(requests).toEqual([]);
  });

  it("refuses a malformed Permit2 payload as invalid_payload, with no RPC call", async () => {
    requests.length = 0;
    const payload = { ...(await pay()), payload: { signature: "0x", permit2Authorization: {} } };
    expect(await facilitator.verify({ payload, requirements })).toMatchObject({
      invalidReason: "invalid_payload",
    });
    expect(requests).toEqual([]);
  });

  it("turns an RPC failure into unexpected_verify_error, never a throw", async () => {
    const response = await facilitator.verify({ payload: await pay(), requirements });
    expect(response).toMatchObject({
      isValid: false,
      invalidReason: "unexpected_verify_error",
      payer: buyer.address,
    });
    expect(requests.length).toBeGreaterThan(0);
  });

  it("settle reports the verify reason with an empty transaction and never calls onBroadcast", async () => {
    let broadcasts = 0;
    const response = await facilitator.settle(
      { payload: await pay(), requirements: { ...requirements, amount: "1" } },
      { onBroadcast: async () => void broadcasts++ },
    );
    expect(response).toEqual({
      success: false,
      errorReason: "invalid_exact_evm_payload_authorization_value_mismatch",
      errorMessage: expect.any(String),
      transaction: "",
      network: "eip155:84532",
      payer: buyer.address,
    });
    expect(broadcasts).toBe(0);
  });

  it("lists v2 and v1 kinds and its signer", () => {
    const local = exactEvmFacilitator({
      networks: { "eip155:31337": { publicClient, signer }, "eip155:999999": { publicClient, signer } },
    });
    expect(local.supportedKinds()).toEqual([
      { x402Version: 2, scheme: "exact", network: "eip155:31337" },
      { x402Version: 1, scheme: "exact", network: "hardhat" },
      { x402Version: 2, scheme: "exact", network: "eip155:999999" },
    ]);
    expect(local.signers()).toEqual({ "eip155:*": [signer.address] });
    expect(local.networks).toEqual(["eip155:31337", "eip155:999999"]);
  });

  it.each([
    [{ networks: {} }],
    [{ networks: { base: { publicClient, signer } } }],
    [{ networks: { "eip155:1": { signer } } }],
    [{ networks: { "eip155:1": { rpcUrl: "ws://x", signer } } }],
    [{ networks: { "eip155:1": { publicClient, signer: { address: signer.address } } } }],
    [{ networks: { "eip155:1": { publicClient, signer } }, receiptTimeoutMs: -1 }],
  ])("refuses the config %# at start-up", (config) => {
    expect(() => exactEvmFacilitator(config as never)).toThrow(
      expect.objectContaining({ code: "invalid_config" }),
    );
  });
});
