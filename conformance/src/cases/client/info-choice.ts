import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "client.info.choice",
  spec: ["v2 §5.1.2 (accepts)"],
  level: "INFO",
  role: "client",
  description: "Offered two exact requirements, the dearer first, which one the client pays (its choice).",
  run: async ({ runClient, inform, expect }) => {
    const run = await runClient({ accepts: (r) => [{ ...r, amount: String(BigInt(r.amount) * 2n) }, r] });
    const amounts = run.offered.map((r) => r.amount);
    const paid = (run.payments[0]?.payment?.decoded as { accepted?: { amount?: string } } | undefined)
      ?.accepted?.amount;
    expect.that(run.payments.length <= 1, `the client paid ${run.payments.length} times`);
    inform(
      paid === undefined
        ? `offered ${amounts.join(" then ")}: paid neither (status ${String(run.result?.["status"])})`
        : `offered ${amounts.join(" then ")}: paid ${paid} (the ${paid === amounts[0] ? "first" : "cheaper"})`,
    );
  },
});
