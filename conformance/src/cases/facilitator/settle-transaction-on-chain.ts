import { type Hex, isAddressEqual } from "viem";
import { freshPayment, settleValid } from "../../context/facilitatorChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "facilitator.settle.transaction-on-chain",
  spec: ["v2 §5.3 (transaction)", "v2 §7.2"],
  level: "MUST",
  role: "facilitator",
  description:
    "The returned transaction exists on-chain, succeeded, and transfers exactly the amount to payTo.",
  run: async (context) => {
    const { buyer, requirements } = await freshPayment(context);
    const payload = await context.signExactPayment({ buyer: buyer.account, requirements });
    const { transaction } = await settleValid(context, payload, requirements, buyer);
    const transfers = await context.chain.transfersOf(transaction as Hex);
    context.expect.that(transfers !== undefined, `the chain knows no transaction ${transaction}`);
    const matching = (transfers ?? []).filter(
      (t) =>
        isAddressEqual(t.token, requirements.asset as Hex) &&
        isAddressEqual(t.from, buyer.address) &&
        isAddressEqual(t.to, requirements.payTo as Hex),
    );
    context.expect.equal(matching.length, 1, `Transfer events buyer -> payTo in ${transaction}`);
    context.expect.equal(matching[0]?.value, BigInt(requirements.amount), "transferred value");
  },
});
