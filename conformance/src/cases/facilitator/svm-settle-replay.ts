import type { Address } from "@solana/kit";
import { judgeRepeatedSettles, readSettleResponse } from "../../context/facilitatorChecks.js";
import { freshSvmPayment, settleValidSvm, svmBalanceChanges } from "../../context/svmChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "facilitator.svm.settle.replay",
  spec: ["v2 §10.1", "v2 §7.2", "exact-svm Duplicate Settlement Mitigation"],
  rationale:
    "Solana executes a signed transaction once, and an RPC answers a resend of a landed one with its signature: " +
    "a facilitator that reports that as success lets one payment buy twice, as the spec's Vulnerability says.",
  level: "MUST",
  role: "facilitator",
  family: "solana",
  description: "Settling a settled Solana payment again moves nothing and does not report a new success.",
  run: async (context) => {
    const { solana, buyer, requirements } = await freshSvmPayment(context);
    const payload = await solana.signExactPayment({ buyer, requirements });
    const first = await settleValidSvm(context, solana.chain, payload, requirements, buyer);
    const again = await svmBalanceChanges(
      context,
      solana.chain,
      [
        { owner: buyer.address, delta: 0n, label: "buyer" },
        { owner: requirements.payTo as Address, delta: 0n, label: "payTo" },
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
