import { matchesNetworkPattern, supportedResponseSchema } from "@x402kit/types";
import { isAddress } from "viem";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "facilitator.supported.signers",
  spec: ["v2 §7.3.1 (signers)"],
  level: "SHOULD",
  role: "facilitator",
  description: "signers maps a CAIP-2 pattern covering the chain to the facilitator's EVM addresses.",
  run: async ({ facilitator, expect, chain }) => {
    const body = expect.schema(
      supportedResponseSchema,
      (await facilitator.supported()).json,
      "GET /supported",
    );
    const addresses = Object.entries(body.signers)
      .filter(([pattern]) => matchesNetworkPattern(chain.network, pattern))
      .flatMap(([, list]) => list);
    expect.that(addresses.length > 0, `no signer for ${chain.network} in ${JSON.stringify(body.signers)}`);
    expect.that(
      addresses.every((a) => isAddress(a)),
      `signers are not EVM addresses: ${addresses.join(", ")}`,
    );
  },
});
