import type { PaymentRequirements } from "@x402kit/types";
import { describe, expect, it } from "vitest";
import { parseExactEvmRequirements } from "./parseExactEvmRequirements.js";

const base: PaymentRequirements = {
  scheme: "exact",
  network: "eip155:84532",
  amount: "10000",
  asset: "0x036cbd53842c5426634e7929541ec2318f3dcf7e",
  payTo: "0x209693bc6afc0c5328ba36faf03c514ef312287c",
  maxTimeoutSeconds: 60,
  extra: { name: "USDC", version: "2" },
};

describe("parseExactEvmRequirements", () => {
  it("reads chain id, checksummed addresses, amount, domain and method", () => {
    expect(parseExactEvmRequirements(base)).toEqual({
      ok: true,
      requirements: {
        chainId: 84532,
        asset: "0x036CbD53842c5426634e7929541eC2318f3dCF7e",
        payTo: "0x209693Bc6afc0C5328bA36FaF03C514EF312287C",
        amount: 10000n,
        domain: { name: "USDC", version: "2" },
        method: "eip3009",
      },
    });
  });

  it("reports a missing domain and an explicit method", () => {
    const parsed = parseExactEvmRequirements({ ...base, extra: { assetTransferMethod: "permit2" } });
    expect(parsed.ok && parsed.requirements).toMatchObject({ domain: undefined, method: "permit2" });
  });

  it.each([
    [{ network: "solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp" }, "invalid_network"],
    [{ asset: "USDC" }, "invalid_payment_requirements"],
    [{ payTo: "0x1234" }, "invalid_payment_requirements"],
    [{ extra: { name: 5 } }, "invalid_payment_requirements"],
  ])("refuses %j with %s", (change, code) => {
    expect(parseExactEvmRequirements({ ...base, ...change } as PaymentRequirements)).toMatchObject({
      ok: false,
      code,
    });
  });
});
