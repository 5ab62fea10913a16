/**
 * A scripted x402 resource server on 127.0.0.1 (node:http) for the client's tests: it answers 402 with a real
 * `PAYMENT-REQUIRED` header (v2) or v1 JSON body, decodes the payment header of the retry with the types codec,
 * and answers what the test scripts.
 */

import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { SchemeClient } from "@x402kit/core";
import { requirementsToV1 } from "@x402kit/core";
import {
  decodePaymentSignatureHeader,
  decodeXPaymentHeader,
  type Extensions,
  encodePaymentRequiredHeader,
  encodePaymentResponseHeader,
  encodeXPaymentResponseHeader,
  headerNames,
  type PaymentPayload,
  type PaymentPayloadV1,
  type PaymentRequirements,
  type SettleResponse,
} from "@x402kit/types";
import { afterEach } from "vitest";

export const network = "eip155:31337";
export const asset = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
export const payTo = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

export const requirements = (amount = "1000", overrides: Partial<PaymentRequirements> = {}) =>
  ({
    scheme: "exact",
    network,
    amount,
    asset,
    payTo,
    maxTimeoutSeconds: 60,
    extra: { name: "USD Coin", version: "2" },
    ...overrides,
  }) satisfies PaymentRequirements;

export type RecordedRequest = {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The decoded payment header, when the request carried one. */
  payment: PaymentPayload | PaymentPayloadV1 | undefined;
};

export type Answer = { status: number; headers?: Record<string, string>; body?: string };

export type Script = {
  /** Which x402 version the server speaks. Default 2. */
  version?: 1 | 2;
  accepts?: PaymentRequirements[];
  extensions?: Extensions;
  /** Answer 402 to every request, paid or not. */
  alwaysRequire?: boolean;
  /** The answer to a paid request; default 200 with a successful receipt. */
  onPaid?: (request: RecordedRequest) => Answer;
  /** Paths that are free (answered 200 without payment). */
  free?: string[];
};

export type ScriptedServer = {
  url: string;
  requests: RecordedRequest[];
  /** The requests that carried a payment. */
  paid(): RecordedRequest[];
  close(): Promise<void>;
};

export const successReceipt = (overrides: Partial<SettleResponse> = {}): SettleResponse => ({
  success: true,
  transaction: `0x${"ab".repeat(32)}`,
  network,
  payer: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
  ...overrides,
});

/** A stand-in for a real scheme (the exact EVM signing is tested in @x402kit/evm): it returns a fixed payload. */
export function standInScheme(options: { scheme?: string; networks?: string[]; fail?: boolean } = {}) {
  const calls: PaymentRequirements[] = [];
  const scheme: SchemeClient & { calls: PaymentRequirements[] } = {
    scheme: options.scheme ?? "exact",
    networks: options.networks ?? ["eip155:*"],
    calls,
    async createPaymentPayload({ requirements }) {
      calls.push(requirements);
      if (options.fail) throw new Error("the wallet refused to sign");
      return { payload: { signature: "0xstandin", to: requirements.payTo, value: requirements.amount } };
    },
  };
  return scheme;
}

export async function startScriptedServer(script: Script = {}): Promise<ScriptedServer> {
  const version = script.version ?? 2;
  const accepts = script.accepts ?? [requirements()];
  const requests: RecordedRequest[] = [];

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = req.url ?? "/";
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
    const signature = req.headers[headerNames.paymentSignature.toLowerCase()];
    const xPayment = req.headers[headerNames.xPayment.toLowerCase()];
    const recorded: RecordedRequest = {
      method: req.method ?? "GET",
      path,
      headers: req.headers,
      body: Buffer.concat(chunks),
      payment: undefined,
    };
    requests.push(recorded);
    const send = (answer: Answer) => {
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      res.end(answer.body ?? "{}");
    };
    if (script.free?.includes(path)) return send({ status: 200, body: JSON.stringify({ free: true }) });

    try {
      if (typeof signature === "string") recorded.payment = decodePaymentSignatureHeader(signature);
      else if (typeof xPayment === "string") recorded.payment = decodeXPaymentHeader(xPayment);
    } catch (error) {
      return send({ status: 400, body: JSON.stringify({ error: (error as { code?: string }).code }) });
    }

    if (!recorded.payment || script.alwaysRequire) {
      const resource = { url, description: "A paid thing", mimeType: "application/json" };
      if (version === 1) {
        const v1 = accepts.map((r) => requirementsToV1(r, resource)!);
        return send({
          status: 402,
          body: JSON.stringify({ x402Version: 1, error: "payment required", accepts: v1 }),
        });
      }
      const header = encodePaymentRequiredHeader({
        x402Version: 2,
        error: "PAYMENT-SIGNATURE header is required",
        resource,
        accepts,
        ...(script.extensions ? { extensions: script.extensions } : {}),
      });
      return send({ status: 402, headers: { [headerNames.paymentRequired]: header } });
    }
    if (script.onPaid) return send(script.onPaid(recorded));
    const receipt = successReceipt();
    send({
      status: 200,
      headers:
        recorded.payment.x402Version === 2
          ? { [headerNames.paymentResponse]: encodePaymentResponseHeader(receipt) }
          : { [headerNames.xPaymentResponse]: encodeXPaymentResponseHeader(receipt) },
      body: JSON.stringify({ paid: true }),
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    paid: () => requests.filter((r) => r.payment !== undefined),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `startScriptedServer` for the tests of one file: every server a test starts is closed after it (vitest). */
export function useScriptedServer(): (script?: Script) => Promise<ScriptedServer> {
  const started: ScriptedServer[] = [];
  afterEach(async () => {
    for (const server of started.splice(0)) await server.close();
  });
  return async (script) => {
    const server = await startScriptedServer(script);
    started.push(server);
    return server;
  };
}

/**
 * An `onPaid` for a channel-like route: 200 with a receipt, or, once after `refuse()`, a 402 whose requirement asks
 * 2000 (the price moved): what a remembered, up-front payment meets.
 */
export function priceMovesOnce(): { onPaid: () => Answer; refuse(): void } {
  let refuseNext = false;
  return {
    refuse: () => {
      refuseNext = true;
    },
    onPaid: (): Answer => {
      if (!refuseNext)
        return {
          status: 200,
          headers: { [headerNames.paymentResponse]: encodePaymentResponseHeader(successReceipt()) },
          body: JSON.stringify({ paid: true }),
        };
      refuseNext = false;
      return {
        status: 402,
        headers: {
          [headerNames.paymentRequired]: encodePaymentRequiredHeader({
            x402Version: 2,
            error: "payment_requirements_mismatch",
            resource: { url: "http://127.0.0.1/weather" },
            accepts: [requirements("2000")],
          }),
        },
      };
    },
  };
}
