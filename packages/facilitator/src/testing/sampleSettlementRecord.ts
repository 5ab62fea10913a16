import type { SettlementRecord } from "@x402kit/core";
import type { PaymentPayload, PaymentRequirements, SettleResponse } from "@x402kit/types";

const requirements: PaymentRequirements = {
  scheme: "exact",
  network: "eip155:31337",
  amount: "1000",
  asset: "0x0000000000000000000000000000000000000001",
  payTo: "0x0000000000000000000000000000000000000002",
  maxTimeoutSeconds: 60,
  extra: { name: "USD Coin", version: "2" },
};
const payload: PaymentPayload = {
  x402Version: 2,
  accepted: requirements,
  payload: { signature: "0x01", authorization: { from: "0x03", nonce: "0x04" } },
};

/** A successful settle answer that matches `sampleSettlementRecord`'s payment. */
export const sampleSettleSuccess: SettleResponse = {
  success: true,
  transaction: `0x${"ab".repeat(32)}`,
  network: requirements.network,
  payer: "0x0000000000000000000000000000000000000003",
};

/**
 * A settlement record as the facilitator claims it (state `settling`, owner `instance-a`, created at 1 000), with
 * `patch` applied. For store tests.
 */
export function sampleSettlementRecord(key: string, patch: Partial<SettlementRecord> = {}): SettlementRecord {
  return {
    key,
    state: "settling",
    network: requirements.network,
    acknowledged: false,
    payload,
    requirements,
    owner: "instance-a",
    createdAt: 1_000,
    updatedAt: 1_000,
    ...patch,
  };
}
