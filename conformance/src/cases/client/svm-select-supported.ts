import { svmClientOf } from "../../context/svmClientChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "client.svm.select.supported-requirement",
  spec: ["v2 §5.1.2 (accepts)"],
  level: "MUST",
  role: "client",
  family: "solana",
  description:
    "Offered an unknown scheme first and exact on Solana second, the client pays with exact on Solana.",
  run: async (context) => {
    const { expect } = context;
    const solana = svmClientOf(context);
    const run = await solana.runClient({
      accepts: (r) => [{ ...r, scheme: "x402-conformance-unknown", amount: "1" }, r],
    });
    expect.equal(run.result?.["status"], 200, "status on the client's result line");
    expect.equal(
      await solana.chain.balanceOf(run.payTo),
      BigInt(run.requirements.amount),
      "payTo's mock USDC",
    );
    const scheme = (run.payments[0]?.payment?.decoded as { accepted?: { scheme?: string } } | undefined)
      ?.accepted?.scheme;
    expect.equal(scheme, "exact", "accepted scheme");
  },
});
