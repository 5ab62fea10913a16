import { requirementsToV1 } from "@x402kit/core";
import { encodePaymentRequiredHeader, type PaymentRequired } from "@x402kit/types";
import { describe, expect, it } from "vitest";
import { requirements } from "../test/scriptedServer.js";
import { parsePaymentRequired } from "./parsePaymentRequired.js";

const v2: PaymentRequired = {
  x402Version: 2,
  resource: { url: "http://127.0.0.1/a" },
  accepts: [requirements()],
};
const v1 = {
  x402Version: 1,
  error: "pay",
  accepts: [requirementsToV1(requirements(), { url: "http://127.0.0.1/a" })!],
};

describe("parsePaymentRequired", () => {
  it("reads v2 from the PAYMENT-REQUIRED header, before any body", () => {
    expect(parsePaymentRequired({ header: encodePaymentRequiredHeader(v2), body: v1 })).toEqual(v2);
  });

  it("reads v1 from the body as an object, text or bytes", () => {
    expect(parsePaymentRequired({ body: v1 })).toEqual(v1);
    expect(parsePaymentRequired({ body: JSON.stringify(v1) })).toEqual(v1);
    expect(parsePaymentRequired({ body: new TextEncoder().encode(JSON.stringify(v1)) })).toEqual(v1);
    expect(parsePaymentRequired({ header: "not base64!", body: v1 })).toEqual(v1);
  });

  it("is undefined for anything that is not x402", () => {
    expect(parsePaymentRequired({})).toBeUndefined();
    expect(parsePaymentRequired({ header: "e30=", body: "<html>pay</html>" })).toBeUndefined();
    expect(
      parsePaymentRequired({ body: { x402Version: 1, accepts: [{ scheme: "exact" }] } }),
    ).toBeUndefined();
    expect(parsePaymentRequired({ body: { x402Version: 2, accepts: [] } })).toBeUndefined();
  });
});
