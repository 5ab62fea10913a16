import { svmClientOf } from "../../context/svmClientChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "client.svm.loop.no-double-payment",
  spec: ["v2 §2", "http-v2 Error Handling (Payment Failed: 402)"],
  level: "MUST",
  role: "client",
  family: "solana",
  description:
    "When the server refuses the Solana payment (402 again), the client stops: one payment at most, no loop.",
  timeoutMs: 45_000,
  run: async (context) => {
    const { expect } = context;
    const solana = svmClientOf(context);
    const run = await solana.runClient({ mode: "always-402", timeoutMs: 20_000 });
    expect.that(!run.timedOut, `the client still ran after 20 s (${run.requests.length} requests)`);
    expect.that(run.payments.length <= 1, `the client sent ${run.payments.length} payments`);
    expect.that(run.requests.length <= 3, `the client sent ${run.requests.length} requests`);
    expect.equal(await solana.chain.balanceOf(run.payTo), 0n, "payTo's mock USDC");
    const status = run.result?.["status"];
    expect.that(
      status === undefined || status === 402 || status === null,
      `the client reports status ${String(status)}`,
    );
  },
});
