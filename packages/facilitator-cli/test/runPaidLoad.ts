import {
  createFacilitatorClient,
  createResourceServer,
  type FacilitatorLike,
  type HttpResponse,
} from "@x402kit/core";
import { exactEvmClient, exactEvmServer } from "@x402kit/evm";
import { decodePaymentResponseHeader, encodePaymentSignatureHeader, headerNames } from "@x402kit/types";
import type { LocalAccount } from "viem";

export type RunPaidLoadParameters = {
  /**
   * The facilitators, as base URLs (HTTP, through core's facilitator client) or in-process facilitators. The
   * resource server spreads its payments over them round robin (verify and settle of a payment go to the same one).
   */
  facilitators: readonly (string | FacilitatorLike)[];
  /** CAIP-2, e.g. `eip155:31337`. */
  network: string;
  /** The EIP-3009 token to pay in (MockUSDC on a test chain). */
  asset: { address: string; name: string; version: string; decimals: number };
  payTo: string;
  /** The route's price, e.g. `$0.001`. */
  price: string;
  /** The paying accounts, used in turn. */
  buyers: readonly LocalAccount[];
  requests: number;
  /** How many paid requests are in flight at once. */
  concurrency: number;
  /** Facilitator client settle timeout (HTTP only). Default 60 000 ms. */
  settleTimeoutMs?: number | undefined;
};

export type RunPaidLoadReturnType = {
  requests: number;
  /** Requests that were delivered with a settled payment. */
  successes: number;
  failures: number;
  /** Failures by reason (the x402 reason, or the HTTP status). */
  failureReasons: Record<string, number>;
  /** Wall-clock time of the load, signing excluded (payloads are signed before the clock starts). */
  seconds: number;
  /** Successes per second. */
  throughput: number;
  /** Latency of the successful requests: verify, the handler, settle. */
  latencyMs: { p50: number; p99: number; max: number };
  /** The settlement transaction of each success. */
  transactions: string[];
  /** The price in atomic units: the payee should receive `successes × amount`. */
  amount: bigint;
};

/** Why a response is not a delivery: the settle answer's reason, the 402's error, or the status. */
function reasonOf(response: HttpResponse): string {
  const header = Object.entries(response.headers).find(
    ([name]) => name.toLowerCase() === headerNames.paymentResponse.toLowerCase(),
  )?.[1];
  if (header) {
    try {
      const reason = decodePaymentResponseHeader(header).errorReason;
      if (reason) return reason;
    } catch {
      // Not a settle answer: fall through.
    }
  }
  return /"error":"([^"]+)"/.exec(response.body)?.[1] ?? `status ${response.status}`;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/**
 * Paid-request load through core's resource-server engine (the one every x402kit server adapter runs): a route
 * priced with the exact EVM scheme, payments signed beforehand by `buyers` in turn, then `requests` paid requests
 * with `concurrency` in flight, each verified, "handled" and settled by one of `facilitators` round robin. For load
 * tests and benchmarks of facilitator deployments; check the balances on the chain afterwards.
 */
export async function runPaidLoad(parameters: RunPaidLoadParameters): Promise<RunPaidLoadReturnType> {
  const { network, asset, payTo, price, buyers, requests, concurrency } = parameters;
  const engine = createResourceServer({
    routes: { "GET /paid": { accepts: { scheme: "exact", network, price, payTo, maxTimeoutSeconds: 300 } } },
    schemes: [exactEvmServer({ assets: { [network]: asset } })],
    facilitator: parameters.facilitators.map((facilitator) =>
      typeof facilitator === "string"
        ? createFacilitatorClient({ url: facilitator, settleTimeoutMs: parameters.settleTimeoutMs ?? 60_000 })
        : facilitator,
    ),
    paywall: false,
  });
  await engine.initialize();
  const requirements = engine.requirementsFor("GET /paid")![0]!;
  const clients = buyers.map((account) => exactEvmClient({ account }));
  const headers = await Promise.all(
    Array.from({ length: requests }, async (_, i) => {
      const { payload } = await clients[i % clients.length]!.createPaymentPayload({ requirements });
      return encodePaymentSignatureHeader({ x402Version: 2, accepted: requirements, payload });
    }),
  );

  const latencies: number[] = [];
  const transactions: string[] = [];
  const failureReasons: Record<string, number> = {};
  const fail = (reason: string) => {
    failureReasons[reason] = (failureReasons[reason] ?? 0) + 1;
  };

  async function paidRequest(header: string): Promise<void> {
    const started = performance.now();
    const result = await engine.processRequest({
      method: "GET",
      url: "http://resource.test/paid",
      header: (name) =>
        name.toLowerCase() === headerNames.paymentSignature.toLowerCase() ? header : undefined,
    });
    if (result.type !== "paid") {
      fail(result.type === "respond" ? reasonOf(result.response) : "not a paid route");
      return;
    }
    const outcome = await result.payment.settle({ status: 200 });
    if (outcome.type === "deliver" && outcome.settlement?.success) {
      latencies.push(performance.now() - started);
      transactions.push(outcome.settlement.transaction);
      return;
    }
    fail(outcome.type === "respond" ? reasonOf(outcome.response) : "not settled");
  }

  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, requests) }, async () => {
      while (next < requests) {
        const header = headers[next++]!;
        await paidRequest(header).catch((error: unknown) =>
          fail(
            error instanceof Error
              ? error.name === "FacilitatorError"
                ? error.message
                : error.name
              : "error",
          ),
        );
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    requests,
    successes: transactions.length,
    failures: requests - transactions.length,
    failureReasons,
    seconds,
    throughput: transactions.length / seconds,
    latencyMs: {
      p50: Math.round(percentile(sorted, 50)),
      p99: Math.round(percentile(sorted, 99)),
      max: Math.round(sorted.at(-1) ?? 0),
    },
    transactions,
    amount: BigInt(requirements.amount),
  };
}
