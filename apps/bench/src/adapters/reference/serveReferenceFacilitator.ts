import type { x402Facilitator } from "@x402/core/facilitator";
import type { PaymentPayload, PaymentRequirements } from "@x402/core/types";
import express from "express";
import { listen } from "../../harness/listen.js";
import type { RunningService } from "../types.js";

type FacilitatorBody = { paymentPayload: PaymentPayload; paymentRequirements: PaymentRequirements };

/**
 * The reference ships no facilitator HTTP service: these are the three routes (spec v2 §7) of thin express glue that
 * its examples use, around an `x402Facilitator` with its schemes registered.
 */
export function serveReferenceFacilitator(facilitator: x402Facilitator): Promise<RunningService> {
  const app = express();
  app.use(express.json({ limit: "1mb" }));
  app.get("/supported", (_req, res) => {
    res.json(facilitator.getSupported());
  });
  for (const operation of ["verify", "settle"] as const)
    app.post(`/${operation}`, async (req, res) => {
      const body = req.body as FacilitatorBody;
      try {
        res.json(await facilitator[operation](body.paymentPayload, body.paymentRequirements));
      } catch (error) {
        res.status(500).json({ error: error instanceof Error ? error.message : String(error) });
      }
    });
  return listen(app);
}
