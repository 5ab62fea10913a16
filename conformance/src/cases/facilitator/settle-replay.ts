import type { Hex } from "viem";
import {
  freshPayment,
  judgeRepeatedSettles,
  readSettleResponse,
  settleValid,
} from "../../context/facilitatorChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "facilitator.settle.replay",
  spec: ["v2 §10.1", "v2 §7.2"],
  level: "MUST",
  role: "facilitator",
  description: "Settling the same payment again moves no money and does not report a new success.",
  run: async (context) => {
    const { buyer, requirements } = await freshPayment(context);
    const payload = await context.signExactPayment({ buyer: buyer.account, requirements });
    const first = await settleValid(context, payload, requirements, buyer);
    const again = await context.expect.balanceChanges(
      [
        { address: buyer.address, delta: 0n, label: "buyer" },
        { address: requirements.payTo as Hex, delta: 0n, label: "payTo" },
      ],
      async () =>
        readSettleResponse(
          context,
          await context.facilitator.settle(context.facilitator.body(payload, requirements)),
        ),
    );
    judgeRepeatedSettles(context, {
      answers: [again],
      transaction: first.transaction,
      fresh: 0,
      what: "replay",
    });
  },
});
