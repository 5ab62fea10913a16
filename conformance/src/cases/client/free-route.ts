import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "client.free.no-payment",
  spec: ["v2 §2 (steps 1-2: a payment follows a payment required response)"],
  level: "MUST",
  role: "client",
  description: "A route that answers 200 without asking for payment gets no payment header.",
  run: async ({ runClient, expect }) => {
    const run = await runClient({ mode: "free" });
    expect.equal(run.result?.["status"], 200, "status on the client's result line");
    expect.equal(run.payments.length, 0, "payments sent to a free route");
  },
});
