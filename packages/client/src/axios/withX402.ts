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
import { parsePaymentRequired } from "../parsePaymentRequired.js";
import { axiosHeader } from "./axiosHeader.js";
import { getAxiosPaymentReceipt } from "./getAxiosPaymentReceipt.js";

/** Thrown for a 402 that the client cannot pay; `error.response` is that 402. */
export type WithX402ErrorType = PaymentError<AxiosResponse>;

/** The config key that marks the paid retry, so that it is never paid again. */
const retried = "x402kitPaidRetry";

type MarkedConfig = InternalAxiosRequestConfig & { [retried]?: true };

/**
 * Makes an axios instance pay for x402 resources: a response interceptor that, on a 402 whose payment information
 * parses, creates one payment and sends the request once more with the `PAYMENT-SIGNATURE` (v2) or `X-PAYMENT` (v1)
 * header. The retry is marked and never paid again: if it answers 402, axios rejects with it as usual.
 *
 * A 402 that the client cannot pay rejects with a `PaymentError` (its `response` is the 402). Bodies are re-sent
 * from the request config, so a stream body cannot be paid for: pass a string, an object, a Buffer or FormData.
 */
export function withX402<instance extends AxiosInstance>(axios: instance, client: X402Client): instance {
  async function pay(response: AxiosResponse, config: MarkedConfig): Promise<AxiosResponse | undefined> {
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
    const answerScheme = (answer: AxiosResponse | undefined) => {
      const again =
        answer?.status === 402
          ? parsePaymentRequired({
              header: axiosHeader(answer.headers, headerNames.paymentRequired),
              body: answer.data,
            })
          : undefined;
      return client.answerPayment(
        payment,
        answer
          ? {
              status: answer.status,
              settlement: getAxiosPaymentReceipt(answer),
              paymentRequired: again?.x402Version === 2 ? again : undefined,
            }
          : undefined,
      );
    };
    try {
      const paid = await axios.request(retry);
      client.completePayment(payment, { status: paid.status, receipt: getAxiosPaymentReceipt(paid) });
      await answerScheme(paid);
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

  axios.interceptors.response.use(
    // A 402 arrives here only when `validateStatus` accepts it.
    async (response) => (await pay(response, response.config)) ?? response,
    async (error: unknown) => {
      if (!isAxiosError(error) || !error.response || !error.config) throw error;
      const paid = await pay(error.response, error.config);
      if (!paid) throw error;
      return paid;
    },
  );
  return axios;
}
