import { expectSvmPaymentRefused, svmServerOf } from "../../context/svmServerChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.svm.reject.other-recipient",
  spec: ["v2 §5.2.2 (accepted)", "exact-svm Verification Rules 4"],
  level: "MUST",
  role: "server",
  family: "solana",
  description:
    "A Solana payment to another payTo (in accepted and in the transfer) is refused and moves nothing.",
  run: async (context) => {
    const solana = svmServerOf(context);
    const [buyer, other] = await Promise.all([solana.chain.newBuyer(), solana.chain.newPayTo()]);
    const { payload } = await solana.signFor(context.server.routes.paid, buyer, {
      destinationOwner: other,
      accepted: { payTo: other },
    });
    await expectSvmPaymentRefused(
      context,
      buyer,
      context.server.routes.paid,
      payload,
      "payment to another address",
      [{ owner: other, label: "other recipient" }],
    );
  },
});
