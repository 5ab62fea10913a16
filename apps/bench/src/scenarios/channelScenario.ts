import { Worker } from "node:worker_threads";
import { HTTPFacilitatorClient } from "@x402/core/server";
import { BatchSettlementEvmScheme as ReferenceBatchServer } from "@x402/evm/batch-settlement/server";
import { paymentMiddleware as referenceMiddleware, x402ResourceServer } from "@x402/express";
import {
  batchSettlementEvmFacilitator,
  batchSettlementEvmServer,
  createChannelManager,
} from "@x402kit/batch-settlement-evm";
import { createFacilitatorClient, createMemoryStore } from "@x402kit/core";
import { createFacilitator, createFacilitatorServer } from "@x402kit/facilitator";
import { paymentMiddleware } from "@x402kit/server/express";
import { pino } from "pino";
import { erc20Abi, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount, privateKeyToAddress } from "viem/accounts";
import { createBenchApp } from "../adapters/benchApp.js";
import type { ImplementationName, RunningService } from "../adapters/types.js";
import { benchFetch } from "../harness/benchFetch.js";
import { createTally } from "../harness/createTally.js";
import { describeResponse } from "../harness/describeResponse.js";
import { listen } from "../harness/listen.js";
import { percentile } from "../harness/percentile.js";
import { profileThread } from "../harness/profileThread.js";
import type { ChannelFigure, Measurement } from "../report/benchResultsSchema.js";
import type { ChannelClientWorkerData } from "./channelClientWorkerData.js";
import { createChannelPaidFetch } from "./createChannelPaidFetch.js";
import type { FigureRow, ScenarioContext } from "./types.js";

const price = 1_000n;
/** The escrow (X402BatchSettlement) at its canonical address, where @x402kit/testchain places it. */
const escrow = "0x4020074e9dF2ce1deE5A9C1b5c3f541D02a10003" as const;
const round = (value: number) => Math.round(value * 1000) / 1000;

export type ChannelScenarioReturnType = {
  rows: FigureRow[];
  channels: Partial<Record<ImplementationName, ChannelFigure>>;
};

type Side = {
  /** A server for `payTo` behind the implementation's batch-settlement middleware, and its claim-and-sweep. */
  startServer(payTo: Hex): Promise<RunningService & { claimAndSettle(): Promise<unknown> }>;
  /** A paying fetch for a new payer (its own channel), depositing `depositMultiplier` requests' worth if it can. */
  paidFetch(key: Hex, depositMultiplier: number): typeof globalThis.fetch;
};

/**
 * Scenario 8 (issue 16, the `batch-settlement` scheme): payment channels, x402kit beside the reference (@x402/evm
 * 2.27), each with its own client and server on x402kit's facilitator (which does no work per request over an open
 * channel: it runs in this process, and only deposits, claims and sweeps reach it).
 * - a paid request over an open channel against the same route unpaid, at C = 1, in alternating pairs;
 * - paid requests per second at C = 32 with 1 s blocks, one channel per worker;
 * - gas per paid request: `requestsPerClaim` requests over one channel, then one claim and one sweep, counting every
 *   transaction of the facilitator's account (the deposits too).
 * After each figure, the payee must have received exactly what the successes were charged, and the payers must have
 * paid exactly that (deposits minus what the escrow still holds for them).
 */
export async function channelScenario(context: ScenarioContext): Promise<ChannelScenarioReturnType> {
  const { chain, plan, participants } = context;
  const { pairs, warmup, c32, requestsPerClaim } = plan.channel;
  const logger = pino({ level: "silent" });
  const signer = chain.accounts.facilitator.account;
  const facilitator = createFacilitator({
    logger,
    schemes: [
      batchSettlementEvmFacilitator({
        networks: { [chain.network]: { rpcUrl: chain.rpcUrl, signer } },
        pollingIntervalMs: 50,
      }),
    ],
  });
  const facilitatorServer = await createFacilitatorServer({ facilitator, logger }).listen({ port: 0 });
  const usdc = { name: chain.usdc.name, version: chain.usdc.version };
  const balanceOf = (owner: Hex) =>
    chain.publicClient.readContract({
      address: chain.usdc.address,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [owner],
    });

  const clientSettings = (implementation: ImplementationName) => ({
    implementation,
    network: chain.network,
    usdc: chain.usdc.address,
    publicClient: chain.publicClient,
  });
  /**
   * The C = 32 figure's clients run in a worker thread (`channelClientWorker.ts`), for both implementations alike:
   * it deposits, says it is ready (the blocks then slow to 1 s), runs the closed loop when told, and answers the
   * measurement.
   */
  const runClientWorker = (data: ChannelClientWorkerData) =>
    new Promise<Measurement>((resolve, reject) => {
      let cpuBefore: NodeJS.CpuUsage | undefined;
      let profile: Awaited<ReturnType<typeof profileThread>> | undefined;
      const worker = new Worker(new URL("./channelClientWorker.ts", import.meta.url), {
        workerData: data,
        // The worker is TypeScript source importing ".js" paths: it needs tsx's loader, also under vitest.
        execArgv: ["--import", "tsx", "--conditions=source"],
      });
      worker.on("message", (message: { ready?: true; result?: Measurement; cpuMs?: number }) => {
        if (message.ready)
          chain.setIntervalMining(plan.intervalMiningMs).then(async () => {
            profile = await profileThread();
            cpuBefore = process.threadCpuUsage();
            worker.postMessage("go");
          }, reject);
        else if (message.result) {
          // CPU per paid request, per thread (the figure to compare on a shared machine, where throughput is noisy):
          // this thread runs the server and the facilitator, the worker the 32 clients.
          const cpu = process.threadCpuUsage(cpuBefore);
          void profile?.stop(`channel-c32-${data.implementation}-server`);
          const perRequest = (ms: number) => (ms / Math.max(1, message.result!.successes)).toFixed(3);
          context.log(
            `  ${data.implementation} ${data.name}: CPU per paid request ${perRequest((cpu.user + cpu.system) / 1000)} ms server thread, ${perRequest(message.cpuMs ?? 0)} ms client thread`,
          );
          resolve(message.result);
          void worker.terminate();
        }
      });
      worker.on("error", reject);
      worker.on("exit", (code) => reject(new Error(`the client worker exited (${code}) before its result`)));
    });

  const sides: Record<ImplementationName, Side> = {
    x402kit: {
      async startServer(payTo) {
        const authorizer = privateKeyToAccount(generatePrivateKey());
        const scheme = batchSettlementEvmServer({
          store: createMemoryStore(),
          receiverAuthorizer: authorizer,
        });
        const facilitatorClient = createFacilitatorClient({ url: facilitatorServer.url });
        const middleware = paymentMiddleware({
          routes: {
            "GET /paid": {
              accepts: {
                scheme: "batch-settlement",
                network: chain.network,
                payTo,
                price: { amount: price.toString(), asset: chain.usdc.address, extra: usdc },
              },
            },
          },
          schemes: [scheme],
          facilitator: facilitatorClient,
        });
        const manager = createChannelManager({
          store: scheme.store,
          facilitator: facilitatorClient,
          network: chain.network,
          payTo,
          asset: chain.usdc.address,
          authorizer,
          publicClient: chain.publicClient,
        });
        return {
          ...(await listen(createBenchApp(middleware))),
          claimAndSettle: () => manager.claimAndSettle(),
        };
      },
      paidFetch: (key, depositMultiplier) =>
        createChannelPaidFetch({ ...clientSettings("x402kit"), key, depositMultiplier }),
    },
    reference: {
      async startServer(payTo) {
        const facilitatorClient = new HTTPFacilitatorClient({ url: facilitatorServer.url });
        const scheme = new ReferenceBatchServer(payTo, {
          receiverAuthorizerSigner: privateKeyToAccount(generatePrivateKey()) as never,
          withdrawDelay: 900,
        });
        const resourceServer = new x402ResourceServer(facilitatorClient).register(chain.network, scheme);
        const middleware = referenceMiddleware(
          {
            "GET /paid": {
              accepts: {
                scheme: "batch-settlement",
                network: chain.network,
                payTo,
                price: { amount: price.toString(), asset: chain.usdc.address, extra: usdc },
              },
            },
          },
          resourceServer,
        );
        const manager = scheme.createChannelManager(facilitatorClient, chain.network, chain.usdc.address);
        return {
          ...(await listen(createBenchApp(middleware))),
          claimAndSettle: () => manager.claimAndSettle(),
        };
      },
      // The same deposit sizing as x402kit's client (its `depositPolicy`; a `minDeposit` the server announces wins).
      paidFetch: (key, depositMultiplier) =>
        createChannelPaidFetch({ ...clientSettings("reference"), key, depositMultiplier }),
    },
  };

  const get = (paidFetch: typeof globalThis.fetch, url: string) => async () => {
    const response = await paidFetch(url, { headers: { accept: "application/json" } });
    const body = await response.text();
    if (response.status !== 200) throw new Error(describeResponse(response, body));
  };

  /** New payers with USDC, a server, and the books before: what a figure needs to check the balances after. */
  const prepare = async (side: Side, payers: number, funds: bigint) => {
    const payTo = privateKeyToAddress(generatePrivateKey());
    const keys = Array.from({ length: payers }, () => generatePrivateKey());
    for (const key of keys) await chain.mint(privateKeyToAddress(key), funds);
    const server = await side.startServer(payTo);
    const books = async () => ({
      payers: (await Promise.all(keys.map((key) => balanceOf(privateKeyToAddress(key))))).reduce(
        (a, b) => a + b,
        0n,
      ),
      escrow: await balanceOf(escrow),
      payTo: await balanceOf(payTo),
    });
    return { keys, server, before: await books(), books };
  };
  /** Claims and sweeps, then checks that the payee got, and the payers paid, exactly `charged x price`. */
  const settleAndCheck = async (prepared: Awaited<ReturnType<typeof prepare>>, charged: number) => {
    await prepared.server.claimAndSettle();
    const after = await prepared.books();
    const { before } = prepared;
    const expected = BigInt(charged) * price;
    // What left the payers and is not still held for them by the escrow (nothing else moves during a figure).
    const buyerPaid = before.payers - after.payers - (after.escrow - before.escrow);
    const payToReceived = after.payTo - before.payTo;
    return {
      expected: expected.toString(),
      buyerPaid: buyerPaid.toString(),
      payToReceived: payToReceived.toString(),
      exact: buyerPaid === expected && payToReceived === expected,
    };
  };

  const rows: FigureRow[] = [];
  const channels: ChannelScenarioReturnType["channels"] = {};
  const push = (
    implementation: ImplementationName,
    name: string,
    parameters: FigureRow["parameters"],
    result: FigureRow["result"],
  ) => {
    rows.push({ scenario: "channel", name, parameters, implementation, result });
    const summary =
      "error" in result
        ? `failed: ${result.error}`
        : `median ${result.median} ms, p99 ${result.p99} ms, ${result.throughput}/s, ${result.failures} failed` +
          (result.balances ? `, balances ${result.balances.exact ? "exact" : "MISMATCH"}` : "");
    context.log(`  ${implementation} ${name}: ${summary}`);
  };
  const failed = (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) });

  try {
    for (const { implementation } of participants) {
      const name = implementation.name;
      const side = sides[name];
      const figure: ChannelFigure = { overheadMedian: null, gasPerRequest: null, requestsPerClaim };
      channels[name] = figure;

      // C = 1: a paid request over an open channel, paired with the same route unpaid (no middleware).
      const names = { unpaid: "channel unpaid c=1", paid: "channel paid c=1" };
      try {
        const bare = await listen(createBenchApp());
        const prepared = await prepare(side, 1, 10n ** 9n);
        try {
          const paidFetch = side.paidFetch(prepared.keys[0]!, pairs + warmup + 1);
          const paid = get(paidFetch, `${prepared.server.url}/paid`);
          const unpaid = get(benchFetch, `${bare.url}/paid`);
          for (let i = 0; i < warmup; i++) {
            await paid();
            await unpaid();
          }
          const tallies = { paid: createTally(), unpaid: createTally() };
          const differences: number[] = [];
          const profile = await profileThread();
          const cpuBefore = process.threadCpuUsage();
          for (let i = 0; i < pairs; i++) {
            const order = i % 2 === 0 ? (["paid", "unpaid"] as const) : (["unpaid", "paid"] as const);
            const times: Partial<Record<"paid" | "unpaid", number>> = {};
            for (const kind of order) times[kind] = await tallies[kind].time(kind === "paid" ? paid : unpaid);
            if (times.paid !== undefined && times.unpaid !== undefined)
              differences.push(times.paid - times.unpaid);
          }
          const cpu = process.threadCpuUsage(cpuBefore);
          await profile.stop(`channel-c1-${name}`);
          // One thread runs the client, the server and the facilitator here: CPU per pair (a paid and an unpaid request).
          context.log(
            `  ${name} channel c=1: CPU per pair ${((cpu.user + cpu.system) / 1000 / pairs).toFixed(3)} ms`,
          );
          const summary = (kind: "paid" | "unpaid"): Measurement =>
            tallies[kind].summarize({
              name: names[kind],
              concurrency: 1,
              count: pairs,
              durationMs: tallies[kind].busyMs(),
            });
          const median = percentile(
            differences.sort((a, b) => a - b),
            50,
          );
          figure.overheadMedian = median === undefined ? null : round(median);
          const paidResult = summary("paid");
          const balances = await settleAndCheck(prepared, warmup + paidResult.successes);
          push(name, names.unpaid, { concurrency: 1, count: pairs }, summary("unpaid"));
          push(name, names.paid, { concurrency: 1, count: pairs }, { ...paidResult, balances });
        } finally {
          await prepared.server.close();
          await bare.close();
        }
      } catch (error) {
        push(name, names.unpaid, { concurrency: 1, count: pairs }, failed(error));
        push(name, names.paid, { concurrency: 1, count: pairs }, failed(error));
      }

      // C = 32, 1 s blocks: one channel per worker, opened off the clock.
      const c32Name = "channel paid 1s blocks c=32";
      const c32Parameters = {
        mining: "interval",
        blockMs: plan.intervalMiningMs,
        concurrency: 32,
        count: c32,
      };
      try {
        const prepared = await prepare(side, 32, 10n ** 9n);
        try {
          // The deposits (one request each) before the blocks slow down: no request of the run waits for a block.
          // Each deposit covers the whole run, since a closed loop does not share the requests evenly: with c32 / 32
          // + 2 requests' worth, about ten clients topped up near the end and waited for the next block (~0.7 s).
          const result = await runClientWorker({
            implementation: name,
            name: c32Name,
            rpcUrl: chain.rpcUrl,
            chainId: chain.chainId,
            network: chain.network,
            usdc: chain.usdc.address,
            url: `${prepared.server.url}/paid`,
            keys: prepared.keys,
            depositMultiplier: c32 + 1,
            count: c32,
          });
          await chain.setIntervalMining(0);
          const balances = await settleAndCheck(prepared, 32 + result.successes);
          push(name, c32Name, c32Parameters, { ...result, balances });
        } finally {
          await chain.setIntervalMining(0);
          await prepared.server.close();
        }
      } catch (error) {
        push(name, c32Name, c32Parameters, failed(error));
      }

      // Gas per paid request: `requestsPerClaim` requests over one channel, one claim, one sweep.
      try {
        const prepared = await prepare(side, 1, 10n ** 9n);
        try {
          const from = await chain.publicClient.getBlockNumber();
          const paid = get(
            side.paidFetch(prepared.keys[0]!, requestsPerClaim),
            `${prepared.server.url}/paid`,
          );
          for (let i = 0; i < requestsPerClaim; i++) await paid();
          const balances = await settleAndCheck(prepared, requestsPerClaim);
          if (!balances.exact) throw new Error(`balances not exact: ${JSON.stringify(balances)}`);
          const to = await chain.publicClient.getBlockNumber();
          let gas = 0n;
          for (let block = from + 1n; block <= to; block++) {
            const { transactions } = await chain.publicClient.getBlock({
              blockNumber: block,
              includeTransactions: true,
            });
            for (const transaction of transactions)
              if (transaction.from.toLowerCase() === signer.address.toLowerCase())
                gas += (await chain.publicClient.getTransactionReceipt({ hash: transaction.hash })).gasUsed;
          }
          figure.gasPerRequest = Math.round(Number(gas) / requestsPerClaim);
          context.log(
            `  ${name} channel gas: ${figure.gasPerRequest} per request (${requestsPerClaim} per claim)`,
          );
        } finally {
          await prepared.server.close();
        }
      } catch (error) {
        figure.error = failed(error).error;
        context.log(`  ${name} channel gas: failed: ${figure.error}`);
      }
    }
  } finally {
    await facilitatorServer.close();
  }
  return { rows, channels };
}
