import { supportedResponseSchema } from "@x402kit/types";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "facilitator.supported.shape",
  spec: ["v2 §7.3", "v2 §7.3.1"],
  level: "MUST",
  role: "facilitator",
  description: "GET /supported answers 200 with kinds[], extensions[] and signers{} (all three required).",
  run: async ({ facilitator, expect }) => {
    const result = await facilitator.supported();
    expect.status(result, 200, "GET /supported");
    const raw = result.json as Record<string, unknown> | undefined;
    expect.that(Array.isArray(raw?.["kinds"]), "kinds is not an array");
    expect.that(Array.isArray(raw?.["extensions"]), "extensions is required and must be an array");
    expect.that(
      typeof raw?.["signers"] === "object" && raw?.["signers"] !== null,
      "signers is required and must be an object",
    );
    expect.schema(supportedResponseSchema, result.json, "GET /supported");
  },
});
