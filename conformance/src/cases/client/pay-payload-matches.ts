import { exactEvmEip3009PayloadSchema, type PaymentPayload } from "@x402kit/types";
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
    expect.equal(run.payments.length, 1, "paid requests");
    const decoded = run.payments[0]?.payment?.decoded as PaymentPayload | undefined;
    expect.that(decoded, `the payment header did not decode: ${run.payments[0]?.payment?.decodeError}`);
    if (!decoded) return;
    const r = run.requirements;
    expect.equal(decoded.accepted.scheme, "exact", "accepted.scheme");
    expect.equal(decoded.accepted.network, r.network, "accepted.network");
    expect.equal(decoded.accepted.amount, r.amount, "accepted.amount");
    expect.equal(decoded.accepted.payTo.toLowerCase(), r.payTo.toLowerCase(), "accepted.payTo");
    expect.equal(decoded.accepted.asset.toLowerCase(), r.asset.toLowerCase(), "accepted.asset");
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
