import type { DiscoveredResourceRecord } from "@x402kit/core";
import type { PaymentRequirements } from "@x402kit/types";

/** A way to pay for sample resources; override its fields per test. */
export const sampleDiscoveryRequirements: PaymentRequirements = {
  scheme: "exact",
  network: "eip155:31337",
  amount: "1000",
  asset: "0x0000000000000000000000000000000000000001",
  payTo: "0x00000000000000000000000000000000000000Aa",
  maxTimeoutSeconds: 60,
};

/** A catalogued HTTP resource at `https://api.example.com/<key>`, updated at 1 000, with `patch` applied. */
export function sampleDiscoveredResource(
  key: string,
  patch: Partial<DiscoveredResourceRecord> = {},
): DiscoveredResourceRecord {
  const resource = `https://api.example.com/${key}`;
  return {
    key: resource,
    resource,
    type: "http",
    x402Version: 2,
    accepts: [sampleDiscoveryRequirements],
    bazaar: { info: { input: { type: "http", method: "GET" } }, schema: { type: "object" } },
    extensions: ["bazaar"],
    method: "GET",
    description: `The ${key} resource`,
    lastUpdated: 1_000,
    ...patch,
  };
}
