import type { Hex } from "viem";
import { freshPayment, readVerifyResponse } from "../../context/facilitatorChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "facilitator.verify.moves-no-money",
  spec: ["v2 §7.1 (without executing the transaction)"],
  level: "MUST",
  role: "facilitator",
  refused: true,
  description: "Verify moves no money and does not use the authorization's nonce on-chain.",
  run: async (context) => {
    const { buyer, requirements } = await freshPayment(context);
    const payload = await context.signExactPayment({ buyer: buyer.account, requirements });
    await context.expect.balanceChanges(
      [
        { address: buyer.address, delta: 0n, label: "buyer" },
        { address: requirements.payTo as Hex, delta: 0n, label: "payTo" },
      ],
      async () => {
        for (let i = 0; i < 2; i++)
          readVerifyResponse(
            context,
            await context.facilitator.verify(context.facilitator.body(payload, requirements)),
          );
      },
    );
    const nonce = (payload.payload as { authorization: { nonce: Hex } }).authorization.nonce;
    context.expect.equal(
      await context.chain.authorizationState(buyer.address, nonce),
      false,
      "authorizationState after verify",
    );
  },
});
