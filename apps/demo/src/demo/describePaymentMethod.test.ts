import type { PaymentPayload } from "@x402kit/types";
import { describe, expect, it } from "vitest";
import { describePaymentMethod } from "./describePaymentMethod.js";

const accepted = (scheme: string) => ({
  scheme,
  network: "eip155:31337",
  amount: "1000",
  asset: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  payTo: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
  maxTimeoutSeconds: 60,
  extra: {},
});
const payment = (scheme: string, payload: Record<string, unknown>, extensions?: Record<string, unknown>) =>
  ({
    x402Version: 2,
    accepted: accepted(scheme),
    payload,
    ...(extensions ? { extensions } : {}),
  }) as PaymentPayload;

describe("describePaymentMethod", () => {
  it("reads the method from the payload that was sent", () => {
    expect(describePaymentMethod(payment("exact", { signature: "0x", authorization: {} }))).toBe("EIP-3009");
    expect(describePaymentMethod(payment("exact", { signature: "0x", permit2Authorization: {} }))).toBe(
      "Permit2",
    );
    expect(
      describePaymentMethod(
        payment(
          "exact",
          { signature: "0x", permit2Authorization: {} },
          { eip2612GasSponsoring: { info: {} } },
        ),
      ),
    ).toBe("Permit2 + EIP-2612 permit");
    expect(describePaymentMethod(payment("upto", { signature: "0x", permit2Authorization: {} }))).toBe(
      "upto (Permit2)",
    );
  });
});
