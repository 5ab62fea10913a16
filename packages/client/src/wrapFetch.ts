import { headerNames } from "@x402kit/types";
import type { X402Client, X402Payment } from "./createX402Client.js";
import { PaymentError } from "./errors/PaymentError.js";
import { getPaymentReceipt } from "./getPaymentReceipt.js";
import { getPaymentRequired } from "./getPaymentRequired.js";
import { createRequirementsMemory } from "./internal/createRequirementsMemory.js";
import { describeRequest } from "./internal/describeRequest.js";

/** Any fetch with the standard signature (the global one, undici's, a test double). */
export type FetchLike = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

export type WrapFetchOptions = {
  /**
   * How long the requirements of a route (method and URL) that was paid with a scheme that reuses them
   * (`SchemeClient.reusesRequirements`: batch-settlement) are remembered, so that the next request to it carries
   * its payment at once instead of waiting for a 402. Default 300 000 ms (5 minutes); 0 turns it off.
   */
  requirementsTtlMs?: number | undefined;
  /** How many routes' requirements are remembered at most (the oldest are forgotten first). Default 1 000. */
  maxCachedRoutes?: number | undefined;
};

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
 * A route paid with a scheme that reuses its requirements (batch-settlement: a voucher over an open channel) is
 * paid up front the next time, with the requirements of its last 402 (a client may send a payment without a prior
 * 402 when it knows the requirements, transports-v2/http.md): one round trip instead of two. A 402 to that payment
 * (the price changed, the channel's state moved) forgets them and is handled as above, so nothing is paid twice.
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
export function wrapFetch(
  fetch: FetchLike,
  client: X402Client,
  options: WrapFetchOptions = {},
): WrapFetchReturnType {
  // Per route: the 402 whose requirements a reusing scheme paid, until it expires.
  const memory = createRequirementsMemory({
    client,
    ttlMs: options.requirementsTtlMs ?? 300_000,
    maxRoutes: options.maxCachedRoutes ?? 1_000,
  });

  return async (input, init) => {
    const { method, url, headers: sent, send: build } = await describeRequest(input, init);
    const paysItself = sent.has(headerNames.paymentSignature) || sent.has(headerNames.xPayment);
    const route = `${method} ${url.split("#")[0]}`;

    /** Sends the request with `payment` and hands the answer to the client (guard, hooks, the scheme's state). */
    const send = async (payment: X402Payment) => {
      let paid: Response;
      try {
        paid = await build(fetch, { name: payment.headerName, value: payment.headerValue });
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
      return { paid, again, retry: retry && again !== undefined ? again : undefined };
    };
    const create = async (
      required: NonNullable<Awaited<ReturnType<typeof getPaymentRequired>>>,
      refused: Response,
    ) => {
      try {
        return await client.createPayment(required);
      } catch (error) {
        if (error instanceof PaymentError) error.response = refused;
        throw error;
      }
    };
    /**
     * Pays a 402 (and a corrective 402 once more). The 402 of an unpaid request (`challenge`) is remembered when its
     * payment went through; a refusal of a payment is not (a corrective 402 carries one channel state).
     */
    const pay = async (
      required: NonNullable<Awaited<ReturnType<typeof getPaymentRequired>>>,
      refused: Response,
      challenge: boolean,
    ) => {
      const payment = await create(required, refused);
      // Free the 402's connection once paid for: its body is not needed any more.
      await refused.body?.cancel().catch(() => {});
      const first = await send(payment);
      const last = first.retry ? await send(await create(first.retry, first.paid)) : first;
      if (challenge && last.paid.status !== 402) memory.remember(route, required, payment);
      return last.paid;
    };

    const cached = paysItself ? undefined : memory.recall(route);
    if (cached) {
      let payment: X402Payment | undefined;
      try {
        payment = await client.createPayment(cached);
      } catch {
        // Not payable any more (the spending limits): ask the server as if nothing were known.
        memory.forget(route);
      }
      if (payment) {
        const upfront = await send(payment);
        if (upfront.paid.status !== 402) return upfront.paid;
        memory.forget(route);
        if (!upfront.again) return upfront.paid;
        // The server refused the remembered requirements: its 402 is the challenge now (once, as for any 402).
        return pay(upfront.again, upfront.paid, false);
      }
    }

    const response = await build(fetch);
    if (response.status !== 402 || paysItself) return response;
    const paymentRequired = await getPaymentRequired(response);
    if (!paymentRequired) return response;

    // Sign in first, when the client opted in and the 402 offers it (extensions/sign-in-with-x.md).
    if (paymentRequired.x402Version === 2 && !sent.has(headerNames.signInWithX)) {
      const signed = await client.signIn(paymentRequired, url);
      if (signed?.ok) {
        await response.body?.cancel().catch(() => {});
        const signedIn = await build(fetch, { name: headerNames.signInWithX, value: signed.header });
        if (signedIn.status !== 402 && signedIn.status !== 401) return signedIn;
        // Not entitled: pay from this fresher 402. Proof refused: pay from the first one.
        const again = signedIn.status === 402 ? await getPaymentRequired(signedIn) : undefined;
        if (!again) await signedIn.body?.cancel().catch(() => {});
        return pay(again ?? paymentRequired, signedIn, true);
      }
    }
    return pay(paymentRequired, response, true);
  };
}
