import type { PaymentRequirements } from "@x402kit/types";
import { describe, expect, it } from "vitest";
import { selectRequirements } from "./selectRequirements.js";

const base = { asset: "0xa", payTo: "0xb", maxTimeoutSeconds: 60 };
const accepts: PaymentRequirements[] = [
  { ...base, scheme: "exact", network: "eip155:8453", amount: "5000" },
  { ...base, scheme: "exact", network: "eip155:31337", amount: "1000" },
  { ...base, scheme: "upto", network: "eip155:31337", amount: "900" },
  { ...base, scheme: "exact", network: "solana:mainnet", amount: "10" },
];
const evmOnly = (r: PaymentRequirements) => r.network.startsWith("eip155:");

describe("selectRequirements", () => {
  it("keeps the server's order among supported requirements", () => {
    expect(selectRequirements({ accepts, supports: evmOnly })).toBe(accepts[0]);
  });

  it("never picks an unsupported requirement", () => {
    expect(selectRequirements({ accepts, supports: () => false })).toBeUndefined();
    expect(selectRequirements({ accepts: [accepts[3]!], supports: evmOnly })).toBeUndefined();
  });

  it("follows preferred networks, then schemes", () => {
    expect(selectRequirements({ accepts, supports: evmOnly, policy: { networks: ["eip155:31337"] } })).toBe(
      accepts[1],
    );
    expect(selectRequirements({ accepts, supports: evmOnly, policy: { schemes: ["upto"] } })).toBe(
      accepts[2],
    );
  });

  it("refuses amounts above maxAmount and applies the filter", () => {
    expect(selectRequirements({ accepts, supports: evmOnly, policy: { maxAmount: 1000n } })).toBe(accepts[1]);
    expect(selectRequirements({ accepts, supports: evmOnly, policy: { maxAmount: 10n } })).toBeUndefined();
    expect(
      selectRequirements({ accepts, supports: evmOnly, policy: { filter: (r) => r.scheme === "upto" } }),
    ).toBe(accepts[2]);
  });
});
