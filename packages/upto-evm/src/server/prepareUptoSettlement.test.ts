import type { PaymentPayload, PaymentRequirements } from "@x402kit/types";
import { describe, expect, it } from "vitest";
import { prepareUptoSettlement } from "./prepareUptoSettlement.js";

const requirements: PaymentRequirements = {
  scheme: "upto",
  network: "eip155:31337",
  amount: "1000",
  asset: "0x036cbd53842c5426634e7929541ec2318f3dcf7e",
  payTo: "0x209693bc6afc0c5328ba36faf03c514ef312287c",
  maxTimeoutSeconds: 60,
};
const payload = { x402Version: 2, accepted: requirements, payload: {} } as PaymentPayload;

describe("prepareUptoSettlement", () => {
  it("puts the reported amount into the requirements, up to the maximum and down to zero", () => {
    for (const amount of [0n, 1n, 999n, 1000n])
      expect(prepareUptoSettlement({ requirements, payload, settlementAmount: amount })).toEqual({
        ...requirements,
        amount: amount.toString(),
      });
  });

  it("settles the maximum when no amount was reported", () => {
    expect(prepareUptoSettlement({ requirements, payload, settlementAmount: undefined })).toBe(requirements);
  });

  it("refuses more than the maximum with the spec's code", () => {
    expect(() => prepareUptoSettlement({ requirements, payload, settlementAmount: 1001n })).toThrow(
      expect.objectContaining({
        code: "invalid_upto_evm_payload_settlement_exceeds_amount",
        details: { settlementAmount: "1001", maximum: "1000" },
      }),
    );
  });
});
