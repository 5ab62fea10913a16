import { supportedResponseSchema } from "@x402kit/types";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "facilitator.supported.lists-network",
  spec: ["v2 §7.3"],
  level: "MUST",
  role: "facilitator",
  description: 'The kinds include {x402Version: 2, scheme: "exact", network: <the chain\'s CAIP-2 id>}.',
  run: async ({ facilitator, expect, chain }) => {
    const body = expect.schema(
      supportedResponseSchema,
      (await facilitator.supported()).json,
      "GET /supported",
    );
    const found = body.kinds.some(
      (k) => k.x402Version === 2 && k.scheme === "exact" && k.network === chain.network,
    );
    expect.that(found, `no v2 exact kind for ${chain.network} in ${JSON.stringify(body.kinds)}`);
  },
});
