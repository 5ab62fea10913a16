import type { PaymentRequirements } from "@x402kit/types";
import { describe, expect, it } from "vitest";
import { canonicalJson, requirementsMatch } from "./requirementsMatch.js";

const offered: PaymentRequirements = {
  scheme: "exact",
  network: "eip155:31337",
  amount: "10000",
  asset: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  payTo: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  maxTimeoutSeconds: 60,
  extra: { name: "USD Coin", version: "2" },
};

describe("requirementsMatch", () => {
  it("accepts the offer itself, and addresses in another case", () => {
    expect(requirementsMatch(offered, offered)).toBe(true);
    expect(
      requirementsMatch(
        {
          ...offered,
          asset: offered.asset.toLowerCase(),
          payTo: offered.payTo.toUpperCase().replace("0X", "0x"),
        },
        offered,
      ),
    ).toBe(true);
  });

  it("leaves the scheme's construction hints out when asked, and only them; base58 keeps its case", () => {
    const hinted = {
      ...offered,
      extra: { ...offered.extra, recentBlockhash: "A", lastValidBlockHeight: "1" },
    };
    const fresh = {
      ...offered,
      extra: { ...offered.extra, recentBlockhash: "B", lastValidBlockHeight: "2" },
    };
    const ignoreExtra = ["recentBlockhash", "lastValidBlockHeight"];
    expect(requirementsMatch(hinted, fresh)).toBe(false);
    expect(requirementsMatch(hinted, fresh, { ignoreExtra })).toBe(true);
    expect(
      requirementsMatch({ ...hinted, extra: { ...hinted.extra, name: "USDC" } }, fresh, { ignoreExtra }),
    ).toBe(false);
    const mint = "4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU";
    expect(requirementsMatch({ ...offered, asset: mint.toLowerCase() }, { ...offered, asset: mint })).toBe(
      false,
    );
  });

  it.each([
    ["scheme", { scheme: "upto" }],
    ["network", { network: "eip155:8453" }],
    ["amount", { amount: "1" }],
    ["asset", { asset: "0x0000000000000000000000000000000000000001" }],
    ["payTo", { payTo: "0x0000000000000000000000000000000000000002" }],
    ["maxTimeoutSeconds", { maxTimeoutSeconds: 3600 }],
    ["extra", { extra: { name: "USDC", version: "2" } }],
    ["extra dropped", { extra: undefined }],
  ])("refuses a different %s", (_, change) => {
    expect(requirementsMatch({ ...offered, ...change } as PaymentRequirements, offered)).toBe(false);
  });

  it("ignores the order of keys in extra", () => {
    expect(requirementsMatch({ ...offered, extra: { version: "2", name: "USD Coin" } }, offered)).toBe(true);
  });
});

describe("canonicalJson", () => {
  it("sorts keys at every depth and drops undefined", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"y":2,"z":1}]},"b":1}',
    );
  });
});
