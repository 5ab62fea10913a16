import { readFileSync } from "node:fs";
import { createX402Client, type PaymentEvent, wrapFetch } from "@x402kit/client";
import { mockUsdcAbi } from "@x402kit/contracts";
import { exactEvmClient } from "@x402kit/evm";
import type { TestAccount } from "@x402kit/testchain";
import type { Address, Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { authorizationNonceOf } from "./authorizationNonceOf.js";
import { createServedLog } from "./createServedLog.js";
import { type PaidPath, paidContentMarker, paidRoutes } from "./paidRoutes.js";
import { sendPayment } from "./sendPayment.js";
import { startPaidApp } from "./startPaidApp.js";
import { startReliabilityStack } from "./startReliabilityStack.js";

export type RunSoakParameters = {
  /** Paid requests to make. */
  requests: number;
  /** How many are in flight at once. */
  concurrency: number;
  /** Block time of the local chain, in ms. */
  blockMs: number;
  /** Funded buyers paying in turn. Default 8. */
  buyers?: number | undefined;
  /** Progress lines (default: none). */
  log?: ((line: string) => void) | undefined;
};

/** What one request of the soak was meant to be. */
export type SoakRequestKind =
  /** A funded buyer pays `/cheap` or `/expensive`: must be served and paid. */
  | "paid"
  /** A funded buyer pays `/fail`, whose handler answers 500: must be refused and unpaid. */
  | "handler-fails"
  /** A buyer without enough funds: must be refused and unpaid. */
  | "underfunded"
  /** A header that was already served, sent again: must be refused, with no second charge. */
  | "replay";

export type SoakReport = {
  requests: number;
  concurrency: number;
  blockMs: number;
  durationMs: number;
  /** Requests per kind, and how many of each were served. */
  kinds: Record<SoakRequestKind, { sent: number; served: number }>;
  served: number;
  refused: number;
  /** Atomic units: what the served requests cost, by the client's count, the seller's log and the chain. */
  totals: { servedByClients: bigint; servedLog: bigint; sellerDelta: bigint; buyersDelta: bigint };
  /** Settlement transactions the facilitator sent, and authorizations used on-chain. */
  transactions: number;
  authorizationsUsed: number;
  /** Requests whose outcome and on-chain state disagree (served and unpaid, or paid and not served). */
  lost: string[];
  /** Peak resident memory of this process (client, servers, facilitator) and of the chain's node, in bytes. */
  peakRssBytes: number;
  nodePeakRssBytes: number | undefined;
  /** Every check passed: each request served and paid or refused and unpaid, and the totals equal to the unit. */
  reconciled: boolean;
};

type Outcome = {
  kind: SoakRequestKind;
  path: PaidPath;
  payer: Address;
  status: number;
  served: boolean;
  /** The authorization the request carried (undefined when the client never paid). */
  nonce: Hex | undefined;
  header: string | undefined;
};

/** The resident-memory high-water mark of a process, from /proc (Linux), in bytes. */
const peakRssOf = (pid: number | undefined): number | undefined => {
  if (pid === undefined) return undefined;
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Number(kb) * 1024 : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The soak (issue 6): `requests` paid requests at `concurrency`, on a chain with `blockMs` blocks, through
 * x402kit's client (`wrapFetch`), the hono adapter and the facilitator over HTTP. One request in twenty is meant to
 * be refused (a failing handler, an underfunded buyer, a replayed header). At the end every request is checked
 * against the chain (served exactly when its authorization was used) and the totals are reconciled to the unit:
 * what the clients were served, the seller's request log, the seller's balance delta and the buyers' deltas.
 */
export async function runSoak(parameters: RunSoakParameters): Promise<SoakReport> {
  const { requests, concurrency, blockMs } = parameters;
  const log = parameters.log ?? (() => undefined);
  const stack = await startReliabilityStack({
    chain: { intervalMiningMs: blockMs, buyers: parameters.buyers ?? 8 },
    facilitator: { rpcTimeoutMs: 10_000, receiptTimeoutMs: 30_000 },
    client: { timeoutMs: 10_000, settleTimeoutMs: 45_000, retries: 0 },
  });
  try {
    const { chain } = stack;
    const served = createServedLog();
    const app = stack.defer(
      await startPaidApp({ adapter: "hono", chain, facilitator: stack.facilitator, servedLog: served }),
    );
    // An underfunded buyer: half of the cheapest price.
    const poorKey = generatePrivateKey();
    const poor: TestAccount = {
      address: privateKeyToAccount(poorKey).address,
      privateKey: poorKey,
      account: privateKeyToAccount(poorKey),
    };
    await chain.mint(poor.address, paidRoutes["/cheap"] / 2n);

    const buyers = chain.accounts.buyers;
    const owners = [...buyers.map((b) => b.address), poor.address, chain.accounts.seller.address];
    const balanceOf = (owner: Address) => chain.balanceOf(chain.usdc.address, owner);
    const before = await Promise.all(owners.map(balanceOf));
    const signerNonceBefore = await chain.publicClient.getTransactionCount({
      address: chain.accounts.facilitator.address,
    });

    const outcomes: Outcome[] = [];
    const servedHeaders: string[] = [];
    const kindOf = (i: number): SoakRequestKind =>
      i % 20 === 7
        ? "handler-fails"
        : i % 20 === 13
          ? "underfunded"
          : i % 20 === 19 && servedHeaders.length > 0
            ? "replay"
            : "paid";

    let rssPeak = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }, 100);
    const started = performance.now();
    let next = 0;
    let lastLog = started;

    async function one(i: number): Promise<Outcome> {
      const kind = kindOf(i);
      if (kind === "replay") {
        const header = servedHeaders[i % servedHeaders.length]!;
        const answer = await sendPayment(`${app.url}/cheap`, header);
        return {
          kind,
          path: "/cheap",
          payer: "0x",
          status: answer.status,
          served: answer.body.includes(paidContentMarker),
          nonce: undefined,
          header,
        };
      }
      const account = kind === "underfunded" ? poor : buyers[i % buyers.length]!;
      const path: PaidPath = kind === "handler-fails" ? "/fail" : i % 3 === 0 ? "/expensive" : "/cheap";
      // One x402 client per request (they are cheap), so that its payment event is this request's.
      let event: PaymentEvent | undefined;
      const paidFetch = wrapFetch(
        fetch,
        createX402Client({
          schemes: [exactEvmClient({ account: account.account })],
          onPayment: (paid) => {
            event = paid;
          },
        }),
      );
      const response = await paidFetch(`${app.url}${path}`);
      const body = await response.text();
      const header = event?.payment.headerValue;
      const nonce = authorizationNonceOf(event?.payment.paymentPayload.payload);
      const isServed = response.status === 200 && body.includes(paidContentMarker);
      if (isServed && header) servedHeaders.push(header);
      return { kind, path, payer: account.address, status: response.status, served: isServed, nonce, header };
    }

    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = next++; i < requests; i = next++) {
          outcomes.push(await one(i));
          if (performance.now() - lastLog > 10_000) {
            lastLog = performance.now();
            log(
              `${outcomes.length}/${requests} requests, ${((lastLog - started) / 1000).toFixed(0)} s, rss ${(rssPeak / 2 ** 20).toFixed(0)} MiB`,
            );
          }
        }
      }),
    );
    const durationMs = performance.now() - started;
    clearInterval(sampler);
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);

    // Let the last block land, then reconcile against the chain.
    await new Promise((resolve) => setTimeout(resolve, blockMs * 2));
    const after = await Promise.all(owners.map(balanceOf));
    const lost: string[] = [];
    let authorizationsUsed = 0;
    for (let i = 0; i < outcomes.length; i += 50) {
      await Promise.all(
        outcomes.slice(i, i + 50).map(async (outcome, j) => {
          if (outcome.kind === "replay") {
            if (outcome.served) lost.push(`request ${i + j}: a replayed header was served again`);
            return;
          }
          const used = outcome.nonce
            ? await chain.publicClient.readContract({
                address: chain.usdc.address,
                abi: mockUsdcAbi,
                functionName: "authorizationState",
                args: [outcome.payer, outcome.nonce],
              })
            : false;
          if (used) authorizationsUsed++;
          if (used !== outcome.served)
            lost.push(
              `request ${i + j} (${outcome.kind} ${outcome.path}): ${outcome.served ? "served" : "refused"} (${outcome.status}) but ${used ? "paid" : "unpaid"}`,
            );
          if (outcome.served !== (outcome.kind === "paid"))
            lost.push(
              `request ${i + j} (${outcome.kind} ${outcome.path}): ${outcome.served ? "served" : "refused"} (${outcome.status})`,
            );
        }),
      );
    }
    const price = (o: Outcome) => paidRoutes[o.path];
    const servedOutcomes = outcomes.filter((o) => o.served);
    const servedByClients = servedOutcomes.reduce((sum, o) => sum + price(o), 0n);
    const sellerIndex = owners.length - 1;
    const sellerDelta = after[sellerIndex]! - before[sellerIndex]!;
    const buyersDelta = after.slice(0, sellerIndex).reduce((sum, b, k) => sum + (b - before[k]!), 0n);
    for (const [k, owner] of owners.slice(0, sellerIndex).entries()) {
      const paid = servedOutcomes.filter((o) => o.payer === owner).reduce((sum, o) => sum + price(o), 0n);
      if (before[k]! - after[k]! !== paid)
        lost.push(`buyer ${owner}: paid ${before[k]! - after[k]!}, served ${paid}`);
    }
    const transactions =
      (await chain.publicClient.getTransactionCount({ address: chain.accounts.facilitator.address })) -
      signerNonceBefore;
    const kinds = Object.fromEntries(
      (["paid", "handler-fails", "underfunded", "replay"] as const).map((kind) => [
        kind,
        {
          sent: outcomes.filter((o) => o.kind === kind).length,
          served: outcomes.filter((o) => o.kind === kind && o.served).length,
        },
      ]),
    ) as SoakReport["kinds"];
    const totals = { servedByClients, servedLog: served.total(), sellerDelta, buyersDelta };
    const reconciled =
      lost.length === 0 &&
      outcomes.length === requests &&
      served.entries.length === servedOutcomes.length &&
      totals.servedLog === servedByClients &&
      sellerDelta === servedByClients &&
      -buyersDelta === servedByClients &&
      transactions === servedOutcomes.length &&
      authorizationsUsed === servedOutcomes.length;
    return {
      requests,
      concurrency,
      blockMs,
      durationMs,
      kinds,
      served: servedOutcomes.length,
      refused: outcomes.length - servedOutcomes.length,
      totals,
      transactions,
      authorizationsUsed,
      lost,
      peakRssBytes: rssPeak,
      nodePeakRssBytes: peakRssOf(chain.pid),
      reconciled,
    };
  } finally {
    await stack.stop();
  }
}
