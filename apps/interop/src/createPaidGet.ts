import { getPaymentReceipt, wrapFetch, type X402Client } from "@x402kit/client";
import { getAxiosPaymentReceipt, withX402 } from "@x402kit/client/axios";
import type { SettleResponse } from "@x402kit/types";
import axios from "axios";

/** x402kit's two HTTP clients: `wrapFetch` and the axios interceptor `withX402`. */
export const clientKinds = ["wrapFetch", "axios"] as const;

export type ClientKind = (typeof clientKinds)[number];

/** A paid answer, read the same way whichever client fetched it. */
export type PaidGetResponse = {
  status: number;
  /** The body, parsed as JSON when it is JSON, else the text. */
  body: unknown;
  /** The decoded `PAYMENT-RESPONSE` (v2) or `X-PAYMENT-RESPONSE` (v1) header. */
  receipt: SettleResponse | undefined;
  header(name: string): string | undefined;
};

export type PaidGet = (url: string) => Promise<PaidGetResponse>;

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/**
 * A GET that pays with `client` through the chosen HTTP client. The axios instance accepts every status, so that a
 * refused payment is an answer to assert on, as it is for fetch.
 */
export function createPaidGet(kind: ClientKind, client: X402Client): PaidGet {
  if (kind === "wrapFetch") {
    const paidFetch = wrapFetch(fetch, client);
    return async (url) => {
      const response = await paidFetch(url);
      return {
        status: response.status,
        body: parse(await response.text()),
        receipt: getPaymentReceipt(response),
        header: (name) => response.headers.get(name) ?? undefined,
      };
    };
  }
  const api = withX402(axios.create({ validateStatus: () => true, responseType: "text" }), client);
  return async (url) => {
    const response = await api.get<string>(url);
    return {
      status: response.status,
      body: parse(response.data),
      receipt: getAxiosPaymentReceipt(response),
      header: (name) => {
        const value = response.headers[name.toLowerCase()];
        return typeof value === "string" ? value : undefined;
      },
    };
  };
}
