import {
  base64EncodeUtf8,
  encodePaymentResponseHeader,
  encodeXPaymentResponseHeader,
  headerNames,
} from "@x402kit/types";
import { describe, expect, it } from "vitest";
import { successReceipt } from "../test/scriptedServer.js";
import { getPaymentReceipt } from "./getPaymentReceipt.js";

const withHeaders = (headers: Record<string, string>) => new Response(null, { headers });

describe("getPaymentReceipt", () => {
  it("decodes PAYMENT-RESPONSE (v2)", () => {
    const receipt = successReceipt({ amount: "1000" });
    expect(
      getPaymentReceipt(withHeaders({ [headerNames.paymentResponse]: encodePaymentResponseHeader(receipt) })),
    ).toEqual(receipt);
  });

  it("decodes X-PAYMENT-RESPONSE (v1) with its network in CAIP-2", () => {
    const response = withHeaders({
      [headerNames.xPaymentResponse]: encodeXPaymentResponseHeader(successReceipt()),
    });
    expect(getPaymentReceipt(response)).toEqual(successReceipt());
  });

  it("is undefined, never an error, for a missing or malformed header", () => {
    expect(getPaymentReceipt(withHeaders({}))).toBeUndefined();
    expect(getPaymentReceipt(withHeaders({ [headerNames.paymentResponse]: "%%%" }))).toBeUndefined();
    expect(
      getPaymentReceipt(
        withHeaders({ [headerNames.paymentResponse]: base64EncodeUtf8('{"success":"yes"}') }),
      ),
    ).toBeUndefined();
    expect(getPaymentReceipt(withHeaders({ [headerNames.xPaymentResponse]: "e30=" }))).toBeUndefined();
  });
});
