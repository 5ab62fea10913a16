import { describe, expect, it } from "vitest";
import { describeResponse } from "./describeResponse.js";

describe("describeResponse", () => {
  it("prefers the PAYMENT-RESPONSE reason", () => {
    const header = Buffer.from(
      JSON.stringify({
        success: false,
        errorReason: "unexpected_settle_error",
        errorMessage: "nonce too low",
      }),
    ).toString("base64");
    const response = new Response("{}", { status: 402, headers: { "payment-response": header } });
    expect(describeResponse(response, "{}")).toBe("HTTP 402 unexpected_settle_error: nonce too low");
  });

  it("falls back to the start of the body", () => {
    const response = new Response("", { status: 500 });
    expect(describeResponse(response, '{"error":\n "boom"}')).toBe('HTTP 500 {"error": "boom"}');
  });
});
