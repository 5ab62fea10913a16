import type { Address } from "viem";
import { readSettleResponse } from "../../context/facilitatorChecks.js";
import {
  newPermit2Buyer,
  permit2Requirements,
  preparePermit2,
  readSupported,
  requirePermit2Support,
  signEip2612GasSponsoring,
  signPermit2Payment,
} from "../../context/permit2Payments.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "facilitator.permit2.eip2612-sponsoring",
  spec: [
    "eip2612 Verification Logic",
    "eip2612 Settlement Logic",
    "exact-evm §2 Phase 1 (Option C)",
    "exact-evm §2 Phase 4 (3)",
  ],
  level: "MUST",
  role: "facilitator",
  description:
    "A facilitator announcing eip2612GasSponsoring settles for a payer with no allowance who sends a permit.",
  run: async (context) => {
    const supported = await readSupported(context);
    if (!supported?.extensions.includes("eip2612GasSponsoring"))
      context.skip("GET /supported does not announce the eip2612GasSponsoring extension");
    const token = await preparePermit2(context);
    await requirePermit2Support(context, token);
    const buyer = await newPermit2Buyer(context, token, { approved: false });
    const requirements = permit2Requirements(context, token);
    const amount = BigInt(requirements.amount);
    const deadline = (await context.chain.now()) + BigInt(requirements.maxTimeoutSeconds);
    const extensions = await signEip2612GasSponsoring({
      chain: context.chain,
      buyer: buyer.account,
      token,
      amount,
      deadline,
    });
    const payload = await signPermit2Payment({
      chain: context.chain,
      buyer: buyer.account,
      requirements,
      extensions,
    });
    const settled = await context.expect.balanceChanges(
      [
        { address: buyer.address, delta: -amount, label: "buyer", token: token.address },
        { address: requirements.payTo as Address, delta: amount, label: "payTo", token: token.address },
      ],
      async () =>
        readSettleResponse(
          context,
          await context.facilitator.settle(context.facilitator.body(payload, requirements)),
        ),
    );
    context.expect.equal(settled.success, true, `success (${settled.errorReason ?? ""})`);
  },
});
