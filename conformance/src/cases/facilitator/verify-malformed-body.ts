import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "facilitator.verify.malformed-body",
  spec: ["v2 §7.1", "v2 §9 (invalid_payload)", "http-v2 Error Handling"],
  level: "SHOULD",
  role: "facilitator",
  description: "A body that is not JSON gets a 4xx answer (or isValid:false), never a 5xx or a hang.",
  run: async (context) => {
    for (const [what, body] of [
      ["not JSON", "{this is not json"],
      ["JSON without fields", "{}"],
    ] as const) {
      const result = await context.facilitator.post("/verify", body);
      context.expect.that(result.status < 500, `POST /verify with ${what}: HTTP ${result.status}`);
      const isValid = (result.json as { isValid?: unknown } | undefined)?.isValid;
      context.expect.that(
        result.status >= 400 || isValid === false,
        `POST /verify with ${what}: HTTP ${result.status} ${result.text.slice(0, 120)}`,
      );
    }
  },
});
