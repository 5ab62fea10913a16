import { describe, expect, it } from "vitest";
import { resolveFacilitatorAddress } from "./resolveFacilitatorAddress.js";

const a = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const b = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

describe("resolveFacilitatorAddress", () => {
  it("takes the upto kind's extra.facilitatorAddress for the network", () => {
    const supported = {
      kinds: [
        {
          x402Version: 2 as const,
          scheme: "exact",
          network: "eip155:8453",
          extra: { facilitatorAddress: b },
        },
        {
          x402Version: 2 as const,
          scheme: "upto",
          network: "eip155:8453",
          extra: { facilitatorAddress: a.toLowerCase() },
        },
      ],
      extensions: [],
      signers: { "eip155:*": [b] },
    };
    expect(resolveFacilitatorAddress({ supported, network: "eip155:8453" })).toBe(a);
  });

  it("falls back to the signers of an upto kind without extra, and matches wildcards", () => {
    const supported = {
      kinds: [{ x402Version: 2 as const, scheme: "upto", network: "eip155:*" }],
      extensions: [],
      signers: { "eip155:*": [b] },
    };
    expect(resolveFacilitatorAddress({ supported, network: "eip155:31337" })).toBe(b);
  });

  it("is undefined when the facilitator does not do upto on the network", () => {
    const supported = {
      kinds: [{ x402Version: 2 as const, scheme: "exact", network: "eip155:31337" }],
      extensions: [],
      signers: { "eip155:*": [b] },
    };
    expect(resolveFacilitatorAddress({ supported, network: "eip155:31337" })).toBeUndefined();
  });
});
