import { describe, expect, it } from "vitest";
import { readDeliveryToken } from "./readDeliveryToken.js";
import { withDeliveryToken } from "./withDeliveryToken.js";

const request = {
  x402Version: 1 as const,
  paymentPayload: { x402Version: 1 as const, scheme: "exact", network: "base", payload: {} },
  paymentRequirements: {
    scheme: "exact",
    network: "base",
    maxAmountRequired: "1",
    resource: "https://api.example.com/",
    description: "",
    mimeType: "",
    payTo: "0x209693Bc6afc0C5328bA36FaF03C514EF312287C",
    maxTimeoutSeconds: 60,
    asset: "0x036CbD53842c5426634e7929541eC2318f3dCF7e",
  },
};

describe("withDeliveryToken / readDeliveryToken", () => {
  it("round-trips a token through the settle body, beside the spec's fields", () => {
    const body = withDeliveryToken(request, "0123456789abcdef0123456789abcdef");
    expect(body).toMatchObject(request);
    expect(readDeliveryToken(JSON.parse(JSON.stringify(body)))).toBe("0123456789abcdef0123456789abcdef");
  });

  it.each([
    ["no extension", request],
    ["a short token", { ...request, extensions: { x402kit: { deliveryToken: "short" } } }],
    [
      "a token with other characters",
      { ...request, extensions: { x402kit: { deliveryToken: "a b".repeat(8) } } },
    ],
    ["a token that is not a string", { ...request, extensions: { x402kit: { deliveryToken: 12 } } }],
    ["not an object", "body"],
  ])("reads nothing from %s", (_name, body) => {
    expect(readDeliveryToken(body)).toBeUndefined();
  });
});
