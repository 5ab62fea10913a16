import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFacilitatorClient } from "@x402kit/core";
import type { TestChain } from "@x402kit/testchain";
import type { PaymentRequirements } from "@x402kit/types";
import { createServedLog, type ServedLog } from "./createServedLog.js";
import type { ListenReturnType } from "./listen.js";
import { requestPaymentRequired } from "./requestPaymentRequired.js";
import { type FacilitatorProcess, startFacilitatorProcess } from "./startFacilitatorProcess.js";
import { type FaultProxy, startFaultProxy } from "./startFaultProxy.js";
import { startPaidApp } from "./startPaidApp.js";

export type StartCrashStackParameters = {
  chain: TestChain;
  /** The facilitator's name in its store, stable across the restart. */
  instanceId: string;
  /** More CLI flags. */
  args?: readonly string[] | undefined;
};

export type CrashStack = {
  /** The facilitator CLI now running (a new process after `restart`). */
  readonly facilitator: FacilitatorProcess;
  app: ListenReturnType;
  /** The first requirement that `GET /cheap` offers. */
  offer: PaymentRequirements;
  served: ServedLog;
  /** SIGKILLs the facilitator the moment its next `eth_sendRawTransaction` has reached the node. */
  killOnNextBroadcast(): void;
  /** Starts the CLI again on the same port and SQLite store. */
  restart(): Promise<FacilitatorProcess>;
  close(): Promise<void>;
};

/**
 * The stack of the crash tests: the facilitator CLI (`--store sqlite:…`) as a child process behind an RPC proxy that
 * can SIGKILL it right after a broadcast, and an express app that reaches it by URL, so that the restarted
 * facilitator (same port, same store) serves the same app.
 */
export async function startCrashStack(parameters: StartCrashStackParameters): Promise<CrashStack> {
  const { chain, instanceId } = parameters;
  const directory = mkdtempSync(join(tmpdir(), "x402kit-reliability-"));
  const served = createServedLog();
  let killOnBroadcast = false;
  let facilitator: FacilitatorProcess | undefined;
  let rpcProxy: FaultProxy | undefined;
  let app: ListenReturnType | undefined;
  const start = (port?: number) =>
    startFacilitatorProcess({
      rpcUrl: rpcProxy!.url,
      privateKey: chain.accounts.facilitator.privateKey,
      store: `sqlite:${join(directory, "facilitator.db")}`,
      assets: [chain.usdc.address],
      instanceId,
      port,
      args: parameters.args,
    });
  const close = async () => {
    await app?.close();
    await facilitator?.stop();
    await rpcProxy?.close();
    rmSync(directory, { recursive: true, force: true });
  };

  try {
    rpcProxy = await startFaultProxy({
      target: chain.rpcUrl,
      onForwarded: (call) => {
        if (!killOnBroadcast || !call.rpcMethods.includes("eth_sendRawTransaction")) return;
        killOnBroadcast = false;
        void facilitator?.kill();
      },
    });
    facilitator = await start();
    const client = createFacilitatorClient({
      url: facilitator.url,
      timeoutMs: 5_000,
      settleTimeoutMs: 20_000,
      retries: 0,
    });
    app = await startPaidApp({ adapter: "express", chain, facilitator: client, servedLog: served });
    const offer = (await requestPaymentRequired(`${app.url}/cheap`)).accepts[0]!;
    return {
      get facilitator() {
        return facilitator!;
      },
      app,
      offer,
      served,
      killOnNextBroadcast: () => {
        killOnBroadcast = true;
      },
      restart: async () => {
        facilitator = await start(facilitator!.port);
        return facilitator;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
