import { Worker } from "node:worker_threads";
import type { Measurement } from "../report/benchResultsSchema.js";
import type { PaidClientWorkerData, PaidClientWorkerRequest } from "./paidClientWorkerData.js";

/** A figure's paying clients: `warmup` paid requests at once (failures ignored), then the measured closed loop. */
export type PaidClients = {
  warmup(url: string, count: number): Promise<void>;
  /** The closed loop's measurement, with the clients' thread CPU in ms when they run in a thread of their own. */
  measure(parameters: {
    url: string;
    name: string;
    concurrency: number;
    count: number;
  }): Promise<{ result: Measurement; clientsCpuMs?: number }>;
  close(): Promise<void>;
};

export type StartPaidClientWorkerReturnType = PaidClients;

type WorkerMessage = { ready?: true; done?: true; result?: Measurement; cpuMs?: number };

/** Starts the clients of a paid figure in a worker thread of their own (`paidClientWorker.ts`), once it is ready. */
export function startPaidClientWorker(data: PaidClientWorkerData): Promise<StartPaidClientWorkerReturnType> {
  const worker = new Worker(new URL("./paidClientWorker.ts", import.meta.url), {
    workerData: data,
    // The worker is TypeScript source importing ".js" paths: it needs tsx's loader, also under vitest.
    execArgv: ["--import", "tsx", "--conditions=source"],
  });
  let pending: { resolve: (message: WorkerMessage) => void; reject: (error: Error) => void } | undefined;
  let failure: Error | undefined;
  const fail = (error: Error) => {
    failure ??= error;
    pending?.reject(failure);
    pending = undefined;
  };
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new Error(`the client worker exited (${code})`)));
  const ask = (request: PaidClientWorkerRequest) =>
    new Promise<WorkerMessage>((resolve, reject) => {
      if (failure) return reject(failure);
      pending = { resolve, reject };
      worker.postMessage(request);
    });
  worker.on("message", (message: WorkerMessage) => {
    if (message.ready) return;
    const waiting = pending;
    pending = undefined;
    waiting?.resolve(message);
  });
  const clients: PaidClients = {
    warmup: async (url, count) => {
      await ask({ type: "warmup", url, count });
    },
    measure: async (parameters) => {
      const { result, cpuMs } = await ask({ type: "measure", ...parameters });
      if (!result) throw new Error("the client worker answered no measurement");
      return { result, ...(cpuMs !== undefined && { clientsCpuMs: cpuMs }) };
    },
    close: async () => {
      worker.removeAllListeners("exit");
      await worker.terminate();
    },
  };
  return new Promise((resolve, reject) => {
    const onReady = (message: { ready?: true }) => {
      if (!message.ready) return;
      worker.off("message", onReady);
      resolve(clients);
    };
    worker.on("message", onReady);
    worker.once("error", reject);
    worker.once("exit", (code) =>
      reject(new Error(`the client worker exited (${code}) before it was ready`)),
    );
  });
}
