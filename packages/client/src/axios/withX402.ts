import { headerNames } from "@x402kit/types";
import {
  AxiosHeaders,
  type AxiosInstance,
  type AxiosResponse,
  type InternalAxiosRequestConfig,
  isAxiosError,
} from "axios";
import type { X402Client } from "../createX402Client.js";
import { PaymentError } from "../errors/PaymentError.js";
import { createRequirementsMemory } from "../internal/createRequirementsMemory.js";
import { parsePaymentRequired } from "../parsePaymentRequired.js";
import type { WrapFetchOptions } from "../wrapFetch.js";
import { axiosHeader } from "./axiosHeader.js";
import { getAxiosPaymentReceipt } from "./getAxiosPaymentReceipt.js";

/** Thrown for a 402 that the client cannot pay; `error.response` is that 402. */
export type WithX402ErrorType = PaymentError<AxiosResponse>;

/** The config key that marks the paid retry, so that it is never paid again. */
const retried = "x402kitPaidRetry";
/** The config key of a request paid up front (remembered requirements), with its payment. */
const upfront = "x402kitUpfrontPayment";

type MarkedConfig = InternalAxiosRequestConfig & {
  [retried]?: true;
  [upfront]?: Awaited<ReturnType<X402Client["createPayment"]>>;
};

export type WithX402Options = Pick<WrapFetchOptions, "requirementsTtlMs" | "maxCachedRoutes">;

/**
 * Makes an axios instance pay for x402 resources: a response interceptor that, on a 402 whose payment information
 * parses, creates one payment and sends the request once more with the `PAYMENT-SIGNATURE` (v2) or `X-PAYMENT` (v1)
 * header. The retry is marked and never paid again: if it answers 402, axios rejects with it as usual.
 *
 * A 402 that the client cannot pay rejects with a `PaymentError` (its `response` is the 402). Bodies are re-sent
 * from the request config, so a stream body cannot be paid for: pass a string, an object, a Buffer or FormData.
 */
export function withX402<instance extends AxiosInstance>(
  axios: instance,
  client: X402Client,
  options: WithX402Options = {},
): instance {
  // The same memory as wrapFetch's: a route paid with a scheme that reuses its requirements is paid up front.
  const memory = createRequirementsMemory({
    client,
    ttlMs: options.requirementsTtlMs ?? 300_000,
    maxRoutes: options.maxCachedRoutes ?? 1_000,
  });
  const routeOf = (config: InternalAxiosRequestConfig) =>
    `${(config.method ?? "get").toUpperCase()} ${axios.getUri(config).split("#")[0]}`;

  async function pay(response: AxiosResponse, config: MarkedConfig): Promise<AxiosResponse | undefined> {
    const paidUpfront = config[upfront];
    if (paidUpfront) {
      // The answer to an up-front payment: the scheme hears it; a 402 forgets the route and is paid below, once.
      client.completePayment(paidUpfront, {
        status: response.status,
        receipt: getAxiosPaymentReceipt(response),
      });
      await answer(paidUpfront, response);
      if (response.status !== 402) return undefined;
      memory.forget(routeOf(config));
      const headers = AxiosHeaders.from(config.headers);
      headers.delete(paidUpfront.headerName);
      config = { ...config, headers, [upfront]: undefined };
      return payChallenge(response, config, false);
    }
    return payChallenge(response, config, true);
  }

  function answer(
    payment: Awaited<ReturnType<X402Client["createPayment"]>>,
    response: AxiosResponse | undefined,
  ) {
    const again =
      response?.status === 402
        ? parsePaymentRequired({
            header: axiosHeader(response.headers, headerNames.paymentRequired),
            body: response.data,
          })
        : undefined;
    return client.answerPayment(
      payment,
      response
        ? {
            status: response.status,
            settlement: getAxiosPaymentReceipt(response),
            paymentRequired: again?.x402Version === 2 ? again : undefined,
          }
        : undefined,
    );
  }

  async function payChallenge(
    response: AxiosResponse,
    config: MarkedConfig,
    challenge: boolean,
  ): Promise<AxiosResponse | undefined> {
    if (response.status !== 402 || config[retried]) return undefined;
    const headers = AxiosHeaders.from(config.headers);
    if (headers.has(headerNames.paymentSignature) || headers.has(headerNames.xPayment)) return undefined;
    const paymentRequired = parsePaymentRequired({
      header: axiosHeader(response.headers, headerNames.paymentRequired),
      body: response.data,
    });
    if (!paymentRequired) return undefined;

    let payment: Awaited<ReturnType<X402Client["createPayment"]>>;
    try {
      payment = await client.createPayment(paymentRequired);
    } catch (error) {
      if (error instanceof PaymentError) error.response = response;
      throw error;
    }
    headers.set(payment.headerName, payment.headerValue);
    const retry: MarkedConfig = { ...config, headers, [retried]: true };
    // A stateful scheme (batch-settlement) reads each answer; the axios interceptor does not pay a corrective 402
    // again (wrapFetch does): the next request pays on the resynchronised state.
    const answerScheme = (answered: AxiosResponse | undefined) => answer(payment, answered);
    try {
      const paid = await axios.request(retry);
      client.completePayment(payment, { status: paid.status, receipt: getAxiosPaymentReceipt(paid) });
      await answerScheme(paid);
      // The 402 of an unpaid request, paid: remembered for up-front payment when its scheme reuses requirements.
      if (challenge && paid.status !== 402) memory.remember(routeOf(config), paymentRequired, payment);
      return paid;
    } catch (error) {
      const answer = isAxiosError(error) ? error.response : undefined;
      client.completePayment(
        payment,
        answer ? { status: answer.status, receipt: getAxiosPaymentReceipt(answer) } : undefined,
      );
      await answerScheme(answer);
      throw error;
    }
  }

  // A route whose requirements are remembered: its request carries the payment at once (one round trip).
  axios.interceptors.request.use(async (config: MarkedConfig) => {
    if (config[retried] || config[upfront]) return config;
    const headers = AxiosHeaders.from(config.headers);
    if (headers.has(headerNames.paymentSignature) || headers.has(headerNames.xPayment)) return config;
    const route = routeOf(config);
    const known = memory.recall(route);
    if (!known) return config;
    let payment: Awaited<ReturnType<X402Client["createPayment"]>>;
    try {
      payment = await client.createPayment(known);
    } catch {
      // Not payable any more (the spending limits): ask the server as if nothing were known.
      memory.forget(route);
      return config;
    }
    headers.set(payment.headerName, payment.headerValue);
    config.headers = headers;
    config[upfront] = payment;
    return config;
  });

  axios.interceptors.response.use(
    // A 402 arrives here only when `validateStatus` accepts it.
    async (response) => (await pay(response, response.config)) ?? response,
    async (error: unknown) => {
      const paidUpfront = isAxiosError(error)
        ? (error.config as MarkedConfig | undefined)?.[upfront]
        : undefined;
      if (paidUpfront && isAxiosError(error) && !error.response) {
        // No answer to an up-front payment: it may have reached the server, so it stays spent.
        client.completePayment(paidUpfront, undefined);
        await answer(paidUpfront, undefined);
      }
      if (!isAxiosError(error) || !error.response || !error.config) throw error;
      const paid = await pay(error.response, error.config);
      if (!paid) throw error;
      return paid;
    },
  );
  return axios;
}
