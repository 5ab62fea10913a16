import { exactEvmEip3009PayloadSchema } from "@x402kit/types";
import { expectAcceptedOffer } from "../../context/clientChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "client.pay.payload-matches-requirement",
  spec: ["v2 §5.2.2 (accepted)", "exact-evm §1 Phase 1"],
  level: "MUST",
  role: "client",
  description:
    "The payload's accepted is the offered requirement; the authorization is from the key, to payTo, for amount.",
  run: async ({ runClient, expect }) => {
    const run = await runClient();
    const decoded = expectAcceptedOffer(expect, run, run.requirements);
    if (!decoded) return;
    const r = run.requirements;
    const { authorization } = expect.schema(
      exactEvmEip3009PayloadSchema,
      decoded.payload,
      "exact EVM payload",
    );
    expect.equal(authorization.from.toLowerCase(), run.buyer.address.toLowerCase(), "authorization.from");
    expect.equal(authorization.to.toLowerCase(), r.payTo.toLowerCase(), "authorization.to");
    expect.equal(authorization.value, r.amount, "authorization.value");
  },
});
