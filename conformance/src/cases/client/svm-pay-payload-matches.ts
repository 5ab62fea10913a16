import { getBase64Encoder, getCompiledTransactionMessageDecoder, getTransactionDecoder } from "@solana/kit";
import { exactSvmPayloadSchema } from "@x402kit/types";
import { expectAcceptedOffer } from "../../context/clientChecks.js";
import { svmClientOf } from "../../context/svmClientChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "client.svm.pay.payload-matches-requirement",
  spec: [
    "v2 §5.2.2 (accepted)",
    "exact-svm PaymentPayload (partially-signed)",
    "exact-svm Verification Rules 2",
  ],
  level: "MUST",
  role: "client",
  family: "solana",
  description:
    "accepted is the offered requirement; the transaction's fee payer is extra.feePayer, unsigned, and the buyer signed.",
  run: async (context) => {
    const { expect } = context;
    const solana = svmClientOf(context);
    const run = await solana.runClient();
    const decoded = expectAcceptedOffer(expect, run, run.requirements);
    if (!decoded) return;
    const { transaction } = expect.schema(exactSvmPayloadSchema, decoded.payload, "exact SVM payload");
    // Read with @solana/kit's decoders: who pays the fee (the message's first account) and who signed.
    let signed: Record<string, unknown>;
    let feePayer: string | undefined;
    try {
      const wire = getTransactionDecoder().decode(getBase64Encoder().encode(transaction));
      signed = wire.signatures;
      feePayer = getCompiledTransactionMessageDecoder().decode(wire.messageBytes).staticAccounts[0];
    } catch (error) {
      return expect.that(
        false,
        `payload.transaction is not a Solana transaction: ${(error as Error).message}`,
      );
    }
    expect.equal(feePayer, solana.chain.feePayer, "the transaction's fee payer (extra.feePayer)");
    expect.equal(
      signed[solana.chain.feePayer],
      null,
      "the fee payer's signature slot (left to the facilitator)",
    );
    expect.that(signed[run.buyer.address], "the buyer did not sign the transaction");
  },
});
