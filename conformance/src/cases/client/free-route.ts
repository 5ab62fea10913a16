import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "client.free.no-payment",
  section: "spec v2 §2 (payment only after a payment required response)",
  level: "MUST",
  role: "client",
  description: "A route that answers 200 without asking for payment gets no payment header.",
  run: async ({ runClient, expect }) => {
    const run = await runClient({ mode: "free" });
    expect.equal(run.result?.["status"], 200, "status on the client's result line");
    expect.equal(run.payments.length, 0, "payments sent to a free route");
  },
});
