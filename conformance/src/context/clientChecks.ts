import { base64DecodeUtf8, headerNames, type PaymentPayload, type PaymentRequirements } from "@x402kit/types";
import type { ClientRun } from "./createClientContext.js";
import type { Expect } from "./createExpect.js";

/** The client's first payment was sent in PAYMENT-SIGNATURE, as strict base64 of a v2 PaymentPayload. */
export function expectPaymentSignatureHeader(expect: Expect, run: Pick<ClientRun, "payments">): void {
  const payment = run.payments[0]?.payment;
  expect.that(payment, "the client sent no payment");
  if (!payment) return;
  expect.equal(payment.header, headerNames.paymentSignature, "payment header");
  expect.that(
    base64DecodeUtf8(payment.value) !== undefined,
    "the header is not strict standard base64 of UTF-8",
  );
  expect.that(payment.decoded, `the header is not a v2 PaymentPayload: ${payment.decodeError}`);
}

/**
 * The client paid once, and its payload's `accepted` names the offered requirement (addresses compared without case
 * on EVM only: base58 is case-sensitive). Returns the decoded payload, or undefined when there is none.
 */
export function expectAcceptedOffer(
  expect: Expect,
  run: Pick<ClientRun, "payments">,
  offered: PaymentRequirements,
): PaymentPayload | undefined {
  expect.equal(run.payments.length, 1, "paid requests");
  const decoded = run.payments[0]?.payment?.decoded as PaymentPayload | undefined;
  expect.that(decoded, `the payment header did not decode: ${run.payments[0]?.payment?.decodeError}`);
  if (!decoded) return undefined;
  const payment = run.payments[0]!.payment!;
  expect.spec("PaymentPayload", JSON.parse(base64DecodeUtf8(payment.value) ?? "null"), payment.header);
  const address = (value: string) => (value.startsWith("0x") ? value.toLowerCase() : value);
  expect.equal(decoded.accepted.scheme, "exact", "accepted.scheme");
  expect.equal(decoded.accepted.network, offered.network, "accepted.network");
  expect.equal(decoded.accepted.amount, offered.amount, "accepted.amount");
  expect.equal(address(decoded.accepted.payTo), address(offered.payTo), "accepted.payTo");
  expect.equal(address(decoded.accepted.asset), address(offered.asset), "accepted.asset");
  return decoded;
}
