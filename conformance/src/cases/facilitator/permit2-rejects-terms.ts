import { x402UptoPermit2ProxyAddress } from "@x402kit/contracts";
import { CaseFailure } from "../../context/CaseOutcome.js";
import {
  expectPermit2Rejected,
  newPermit2Buyer,
  permit2Reasons,
  permit2Requirements,
  preparePermit2,
  requirePermit2Support,
  type SignPermit2PaymentParameters,
  signPermit2Payment,
} from "../../context/permit2Payments.js";
import { defineCase } from "../../defineCase.js";

/** Each authorization breaks one term of the requirements; the reason it must get. */
const terms: {
  what: string;
  reasons: readonly string[];
  overrides: (now: bigint) => SignPermit2PaymentParameters["overrides"];
}[] = [
  {
    what: "witness.to is not payTo",
    reasons: permit2Reasons.recipient,
    overrides: () => ({ to: x402UptoPermit2ProxyAddress }),
  },
  {
    what: "spender is not the exact proxy",
    reasons: permit2Reasons.spender,
    overrides: () => ({ spender: x402UptoPermit2ProxyAddress }),
  },
  { what: "amount is not the price", reasons: permit2Reasons.amount, overrides: () => ({ amount: 9_999n }) },
  {
    what: "deadline has passed",
    reasons: permit2Reasons.deadline,
    overrides: (now) => ({ deadline: now - 1n }),
  },
  {
    what: "validAfter lies ahead",
    reasons: permit2Reasons.validAfter,
    overrides: (now) => ({ validAfter: now + 3_600n }),
  },
];

export default defineCase({
  id: "facilitator.permit2.rejects-terms",
  spec: ["exact-evm §2 Phase 3 (4-6)", "exact-evm Annex x402ExactPermit2Proxy"],
  level: "MUST",
  role: "facilitator",
  description:
    "Permit2 payments with another recipient, spender or amount, or outside their time window, are invalid.",
  run: async (context) => {
    const token = await preparePermit2(context);
    await requirePermit2Support(context, token);
    const buyer = await newPermit2Buyer(context, token, { approved: true });
    const now = await context.chain.now();
    const failures: string[] = [];
    for (const term of terms) {
      const requirements = permit2Requirements(context, token);
      const payload = await signPermit2Payment({
        chain: context.chain,
        buyer: buyer.account,
        requirements,
        overrides: term.overrides(now),
      });
      try {
        await expectPermit2Rejected(context, { token, buyer, requirements, payload, reasons: term.reasons });
      } catch (error) {
        if (!(error instanceof CaseFailure)) throw error;
        failures.push(`${term.what}: ${error.message}`);
      }
    }
    context.expect.that(failures.length === 0, failures.join(" | "));
  },
});
