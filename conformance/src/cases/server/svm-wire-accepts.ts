import { svmServerOf } from "../../context/svmServerChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.svm.wire.accepts",
  spec: ["v2 §5.1.2 (PaymentRequirements)", "exact-svm PaymentRequirements (extra.feePayer)", "v2 §11.1"],
  level: "MUST",
  role: "server",
  family: "solana",
  description:
    "accepts offers exact on the Solana network with PRICE, the mint as ASSET, PAY_TO, and a fee payer the facilitator announces.",
  run: async (context) => {
    const { server, expect, suiteFacilitator } = context;
    const solana = svmServerOf(context);
    const { paymentRequired } = await server.paymentRequired(server.routes.paid);
    const r = paymentRequired.accepts.find((a) => a.scheme === "exact" && a.network === solana.chain.network);
    expect.that(
      r,
      `no exact requirement on ${solana.chain.network}: ${JSON.stringify(paymentRequired.accepts)}`,
    );
    if (!r) return;
    expect.equal(r.amount, server.price, "amount (atomic units, = PRICE)");
    expect.equal(r.asset, solana.chain.usdc.address, "asset (the mint, = ASSET)");
    expect.equal(r.payTo, solana.payTo, "payTo (= PAY_TO)");
    expect.that(r.maxTimeoutSeconds > 0, "maxTimeoutSeconds must be positive");
    const announced = suiteFacilitator.supported.kinds
      .filter((k) => k.network === solana.chain.network)
      .map((k) => (k.extra as { feePayer?: unknown } | undefined)?.feePayer);
    const feePayer = (r.extra as { feePayer?: unknown } | undefined)?.feePayer;
    expect.that(
      announced.includes(feePayer),
      `extra.feePayer ${JSON.stringify(feePayer)} is not the facilitator's (${announced.join(", ")})`,
    );
  },
});
