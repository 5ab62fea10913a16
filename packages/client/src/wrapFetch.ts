import { headerNames } from "@x402kit/types";
import type { X402Client } from "./createX402Client.js";
import { PaymentError } from "./errors/PaymentError.js";
import { getPaymentReceipt } from "./getPaymentReceipt.js";
import { getPaymentRequired } from "./getPaymentRequired.js";

/** Any fetch with the standard signature (the global one, undici's, a test double). */
export type FetchLike = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

export type WrapFetchReturnType = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/** Thrown by the wrapped fetch for a 402 it cannot pay; `error.response` is that 402. */
export type WrapFetchErrorType = PaymentError<Response>;

/**
 * A fetch that pays for x402 resources (transports-v2/http.md, transports-v1/http.md).
 *
 * On a 402 whose payment information parses, it creates one payment and sends the request once more with the
 * `PAYMENT-SIGNATURE` (v2) or `X-PAYMENT` (v1) header, and returns that answer, whatever it is: a second 402 is
 * returned, never paid again, except once when a stateful scheme (batch-settlement) resynchronised from it (a
 * corrective 402: the channel's state was out of date). Any other response, and a 402 that is not x402, pass through untouched.
 *
 * A 402 that this client cannot pay (no scheme for it, refused by the policy, over the spending limits) throws a
 * `PaymentError` whose `code` says why and whose `response` is the 402, so that an agent can tell "I may not pay"
 * from "the server refused my payment".
 *
 * The request body is buffered before the first send (strings, JSON, FormData, streams alike), so the paid retry
 * carries the same method, headers and bytes. A request that already carries a payment header is never paid.
 *
 * Sign-in-with-x, when the client has `signIn` signers (opt-in): a v2 402 that offers a sign-in challenge for the
 * requested site is answered first with a signed `SIGN-IN-WITH-X` request. If the server grants it (the signer paid
 * for this resource before), that answer is returned and nothing is paid; if it still answers 402 (not entitled)
 * or refuses the proof (401), the client pays as usual, without the proof (its nonce is spent).
 */
export function wrapFetch(fetch: FetchLike, client: X402Client): WrapFetchReturnType {
  return async (input, init) => {
    const original = new Request(input, init);
    const body = original.body ? await original.clone().arrayBuffer() : null;
    const build = (header?: { name: string; value: string }) => {
      const headers = new Headers(original.headers);
      if (header) headers.set(header.name, header.value);
      return new Request(original, { headers, body });
    };

    const response = await fetch(build());
    if (response.status !== 402) return response;
    if (original.headers.has(headerNames.paymentSignature) || original.headers.has(headerNames.xPayment))
      return response;
    let paymentRequired = await getPaymentRequired(response);
    if (!paymentRequired) return response;
    let refused = response;

    if (paymentRequired.x402Version === 2 && !original.headers.has(headerNames.signInWithX)) {
      const signed = await client.signIn(paymentRequired, original.url);
      if (signed?.ok) {
        await response.body?.cancel().catch(() => {});
        const signedIn = await fetch(build({ name: headerNames.signInWithX, value: signed.header }));
        if (signedIn.status !== 402 && signedIn.status !== 401) return signedIn;
        // Not entitled: pay from this fresher 402. Proof refused: pay from the first one.
        const again = signedIn.status === 402 ? await getPaymentRequired(signedIn) : undefined;
        if (again) paymentRequired = again;
        else await signedIn.body?.cancel().catch(() => {});
        refused = signedIn;
      }
    }

    // Free the first answer's connection once paid for: its body is not needed any more.
    const pay = async (required: NonNullable<typeof paymentRequired>, refused: Response) => {
      let payment: Awaited<ReturnType<X402Client["createPayment"]>>;
      try {
        payment = await client.createPayment(required);
      } catch (error) {
        if (error instanceof PaymentError) error.response = refused;
        throw error;
      }
      await refused.body?.cancel().catch(() => {});
      let paid: Response;
      try {
        paid = await fetch(build({ name: payment.headerName, value: payment.headerValue }));
      } catch (error) {
        // No answer: the payment may still have reached the server, so it stays spent.
        client.completePayment(payment, undefined);
        await client.answerPayment(payment, undefined);
        throw error;
      }
      const receipt = getPaymentReceipt(paid);
      client.completePayment(payment, { status: paid.status, receipt });
      const again = paid.status === 402 ? await getPaymentRequired(paid) : undefined;
      const { retry } = await client.answerPayment(payment, {
        status: paid.status,
        settlement: receipt,
        paymentRequired: again?.x402Version === 2 ? again : undefined,
      });
      return { paid, retry: retry && again !== undefined ? again : undefined };
    };

    const first = await pay(paymentRequired, refused);
    // A stateful scheme (batch-settlement) resynchronised from a corrective 402: pay that 402 once more.
    if (!first.retry) return first.paid;
    return (await pay(first.retry, first.paid)).paid;
  };
}
