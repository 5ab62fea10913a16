import type { Address } from "@solana/kit";
import { readVerifyResponse } from "../../context/facilitatorChecks.js";
import { freshSvmPayment, settleValidSvm, svmBalanceChanges } from "../../context/svmChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "facilitator.svm.settle-success",
  spec: ["v2 §7.1", "v2 §7.2", "exact-svm SettlementResponse", "exact-svm Protocol Flow (12)"],
  level: "MUST",
  role: "facilitator",
  family: "solana",
  description:
    "A valid Solana payment verifies (payer: the buyer), then settles: exactly the amount moves, the buyer pays no SOL.",
  run: async (context) => {
    const { solana, buyer, requirements } = await freshSvmPayment(context);
    const payload = await solana.signExactPayment({ buyer, requirements });
    const verified = readVerifyResponse(
      context,
      await context.facilitator.verify(context.facilitator.body(payload, requirements)),
    );
    context.expect.that(
      verified.isValid === true,
      `POST /verify of a valid Solana payment: ${verified.invalidReason} ${verified.invalidMessage ?? ""}`,
    );
    context.expect.equal(verified.payer, buyer.address, "VerifyResponse payer (v2 §5.4)");
    const amount = BigInt(requirements.amount);
    const lamportsBefore = await solana.chain.lamports(buyer.address);
    await svmBalanceChanges(
      context,
      solana.chain,
      [
        { owner: buyer.address, delta: -amount, label: "buyer" },
        { owner: requirements.payTo as Address, delta: amount, label: "payTo" },
      ],
      () => settleValidSvm(context, solana.chain, payload, requirements, buyer),
    );
    context.expect.equal(
      await solana.chain.lamports(buyer.address),
      lamportsBefore,
      "the buyer's SOL (the fee payer pays the fee)",
    );
  },
});
