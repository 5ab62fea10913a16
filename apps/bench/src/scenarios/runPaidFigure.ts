import { erc20Abi, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAddress } from "viem/accounts";
import type { RunningService } from "../adapters/types.js";
import { checkBalances } from "../harness/checkBalances.js";
import { measure } from "../harness/measure.js";
import { processCpuMs } from "../harness/processCpuMs.js";
import { profileThread } from "../harness/profileThread.js";
import type { SpawnedFacilitator } from "../harness/spawnFacilitator.js";
import type { FigureResult } from "../report/benchResultsSchema.js";
import type { PaidClientWorkerData } from "./paidClientWorkerData.js";
import { paidRequest } from "./paidRequest.js";
import { recordMemory } from "./recordMemory.js";
import { type PaidClients, startPaidClientWorker } from "./startPaidClientWorker.js";
import type { BaseScenarioContext, Participant, ScenarioContext, SideBySideParticipant } from "./types.js";

export type RunPaidFigureParameters = {
  context: BaseScenarioContext;
  participant: SideBySideParticipant;
  facilitator: SpawnedFacilitator;
  /**
   * The clients: a paying fetch on this thread, or (`worker`) the implementation's client built in a worker thread
   * of its own with this chain and key (the scale scenario: hundreds of clients beside the server).
   */
  clients: { paidFetch: typeof globalThis.fetch } | { worker: PaidClientWorkerData };
  name: string;
  concurrency: number;
  count: number;
  /** Paid requests off the clock first, `concurrency` at a time (a new server and facilitator initialise on them). */
  warmup: number;
  /** Waits until a transfer whose request failed has landed, before the balances are read. */
  settleDown: () => Promise<unknown>;
  /** Where the payments go and how they are counted (`evmLedger` on the Hardhat chain). */
  ledger: PaidLedger;
  /** Whether the facilitator's peak RSS goes into the memory table (the EVM facilitators' figures). */
  recordsMemory: boolean;
};

/** The chain side of a paid figure: a fresh payee, a server for it, and token balances. */
export type PaidLedger = {
  /** A fresh payee, ready to receive (on Solana: its token account exists). */
  newPayee(): Promise<string>;
  startServer(payTo: string): Promise<RunningService>;
  balanceOf(owner: string): Promise<bigint>;
  /** The buyer that pays for the figure's requests. */
  buyer: string;
  /** The chain's node process, when it runs in one (for its CPU per request). */
  nodePid?: number | undefined;
};

export const paidPrice = 1_000n; // 0.001 USDC
const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;

/** The EVM chain's ledger: a new random payee, the participant's server, MockUSDC balances. */
export function evmLedger(
  context: ScenarioContext,
  participant: Participant,
  facilitator: SpawnedFacilitator,
): PaidLedger {
  const { chain, benchChain } = context;
  return {
    newPayee: async () => privateKeyToAddress(generatePrivateKey()),
    startServer: (payTo) =>
      participant.implementation.startServer({
        chain: benchChain,
        facilitatorUrl: facilitator.url,
        payTo: payTo as Hex,
        amount: paidPrice,
        payment: true,
      }),
    balanceOf: (owner) =>
      chain.publicClient.readContract({
        address: benchChain.usdc.address,
        abi: erc20Abi,
        functionName: "balanceOf",
        args: [owner as Hex],
      }),
    buyer: participant.buyerAddress,
    nodePid: chain.pid,
  };
}

/**
 * One paid-request figure for one implementation: a fresh payee and a server for it, closed-loop paid requests
 * (client -> server -> facilitator -> chain), a success being a 200 with the handler's body. After the run the
 * buyer's and the payee's balances must have moved by exactly (successes x price): no payment lost, none taken twice.
 */
export async function runPaidFigure(parameters: RunPaidFigureParameters): Promise<FigureResult> {
  const { context, participant, facilitator, name, concurrency, count, warmup, settleDown } = parameters;
  const { ledger } = parameters;
  const payTo = await ledger.newPayee();
  const server = await ledger.startServer(payTo);
  const clients =
    "worker" in parameters.clients
      ? await startPaidClientWorker(parameters.clients.worker)
      : inThread(parameters.clients.paidFetch);
  try {
    const url = `${server.url}/paid`;
    // Warm-up, off the clock and before the balances are read: rounds of at most `concurrency` requests at once.
    for (let left = warmup; left > 0; left -= concurrency)
      await clients.warmup(url, Math.min(left, concurrency));
    await settleDown();
    const before = { buyer: await ledger.balanceOf(ledger.buyer), payTo: await ledger.balanceOf(payTo) };

    await facilitator.resetPeak();
    const cpu = () => ({
      bench: processCpuMs(process.pid),
      facilitator: processCpuMs(facilitator.pid),
      node: ledger.nodePid === undefined ? undefined : processCpuMs(ledger.nodePid),
    });
    const profile = "worker" in parameters.clients ? await profileThread() : undefined;
    const cpuBefore = cpu();
    const threadBefore = process.threadCpuUsage();
    const { result, clientsCpuMs } = await clients.measure({ url, name, concurrency, count });
    const thread = process.threadCpuUsage(threadBefore);
    const cpuMsPerRequest = perRequest(cpuBefore, cpu(), result.successes);
    await profile?.stop(`${name}-${participant.implementation.name}-server`);
    // With the clients in a worker, this thread runs the server alone: the bench's CPU split by thread.
    const threads = clientsCpuMs !== undefined &&
      result.successes > 0 && {
        server: round2((thread.user + thread.system) / 1000 / result.successes),
        clients: round2(clientsCpuMs / result.successes),
      };
    const { peakRss } = await facilitator.memory();
    if (parameters.recordsMemory)
      recordMemory(context.memory, participant.implementation.name, "paid", peakRss);

    await settleDown();
    const after = { buyer: await ledger.balanceOf(ledger.buyer), payTo: await ledger.balanceOf(payTo) };
    const balances = checkBalances({ before, after, successes: result.successes, price: paidPrice });
    return {
      ...result,
      balances,
      facilitatorPeakRssMb: mb(peakRss),
      ...(cpuMsPerRequest && { cpuMsPerRequest: { ...cpuMsPerRequest, ...threads } }),
    };
  } finally {
    await clients.close();
    await server.close();
  }
}

const round2 = (value: number) => Math.round(value * 100) / 100;

type CpuSnapshot = { bench: number | undefined; facilitator: number | undefined; node: number | undefined };

/** CPU ms per successful request, by process, between two snapshots; undefined without /proc or successes. */
function perRequest(before: CpuSnapshot, after: CpuSnapshot, successes: number) {
  const of = (name: keyof CpuSnapshot) => {
    const [from, to] = [before[name], after[name]];
    return from === undefined || to === undefined ? undefined : round2((to - from) / successes);
  };
  const bench = of("bench");
  const facilitator = of("facilitator");
  if (successes === 0 || bench === undefined || facilitator === undefined) return undefined;
  const node = of("node");
  return { bench, facilitator, ...(node === undefined ? {} : { node }) };
}

/** The clients as one paying fetch on this thread. */
function inThread(paidFetch: typeof globalThis.fetch): PaidClients {
  const pay = (url: string) => paidRequest(paidFetch, url);
  return {
    warmup: async (url, count) => {
      await Promise.all(Array.from({ length: count }, () => pay(url).catch(() => {})));
    },
    measure: async ({ url, name, concurrency, count }) => ({
      result: await measure({ name, concurrency, count, run: () => pay(url) }),
    }),
    close: async () => {},
  };
}
