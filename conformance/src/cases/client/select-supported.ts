import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "client.select.supported-requirement",
  spec: ["v2 §5.1.2 (accepts)"],
  level: "MUST",
  role: "client",
  description: "Offered an unknown scheme first and exact second, the client pays with exact.",
  run: async ({ runClient, chain, expect }) => {
    const run = await runClient({
      accepts: (r) => [{ ...r, scheme: "x402-conformance-unknown", amount: "1" }, r],
    });
    expect.equal(run.result?.["status"], 200, "status on the client's result line");
    expect.equal(await chain.balanceOf(run.payTo), BigInt(run.requirements.amount), "payTo balance");
    const scheme = (run.payments[0]?.payment?.decoded as { accepted?: { scheme?: string } } | undefined)
      ?.accepted?.scheme;
    expect.equal(scheme, "exact", "accepted scheme");
  },
});
