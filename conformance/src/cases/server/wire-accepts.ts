import { isAddressEqual } from "viem";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.wire.accepts",
  spec: ["v2 §5.1.2 (PaymentRequirements)", "exact-evm §1"],
  level: "MUST",
  role: "server",
  description:
    "accepts offers exact on the chain's CAIP-2 network with PRICE, ASSET, PAY_TO and the EIP-712 domain.",
  run: async ({ server, expect, chain }) => {
    const { paymentRequired } = await server.paymentRequired(server.routes.paid);
    expect.that(paymentRequired.accepts.length > 0, "accepts is empty");
    const r = paymentRequired.accepts.find((a) => a.scheme === "exact" && a.network === chain.network);
    expect.that(r, `no exact requirement on ${chain.network}: ${JSON.stringify(paymentRequired.accepts)}`);
    if (!r) return;
    expect.equal(r.amount, server.price, "amount (atomic units, = PRICE)");
    expect.that(
      isAddressEqual(r.asset as `0x${string}`, chain.usdc.address),
      `asset ${r.asset} is not ASSET`,
    );
    expect.that(isAddressEqual(r.payTo as `0x${string}`, server.payTo), `payTo ${r.payTo} is not PAY_TO`);
    expect.that(r.maxTimeoutSeconds > 0, "maxTimeoutSeconds must be positive");
    const extra = (r.extra ?? {}) as { name?: unknown; version?: unknown };
    expect.equal(extra.name, chain.usdc.name, "extra.name (EIP-712 domain name)");
    expect.equal(extra.version, chain.usdc.version, "extra.version (EIP-712 domain version)");
  },
});
