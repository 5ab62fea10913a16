/**
 * The clients of a paid figure, in a worker thread of their own (issue 16), as the channel scenario's: a real client
 * never runs on the server's thread, and at C = 256 the clients' signing, encoding and HTTP took about as much CPU
 * as the server, all on one thread. Both implementations' clients run here the same way. Protocol: the worker
 * creates the implementation's paid fetch, posts `{ ready: true }`, then answers each request (`warmup`: that many
 * paid requests at once, failures ignored; `measure`: the closed loop) with `{ done: true }` or `{ result, cpuMs }`
 * (this thread's CPU over the loop; with `BENCH_CPU_PROF`, also its profile).
 */
import { parentPort, workerData } from "node:worker_threads";
import { loadImplementation } from "../adapters/implementations.js";
import { measure } from "../harness/measure.js";
import { profileThread } from "../harness/profileThread.js";
import {
  type PaidClientWorkerData,
  paidClientWorkerDataSchema,
  paidClientWorkerRequestSchema,
} from "./paidClientWorkerData.js";
import { paidRequest } from "./paidRequest.js";

const data: PaidClientWorkerData = paidClientWorkerDataSchema.parse(workerData);
const implementation = await loadImplementation(data.implementation);
const paidFetch = implementation.createPaidFetch({ chain: data.chain, privateKey: data.privateKey });
const pay = (url: string) => paidRequest(paidFetch, url);

parentPort!.on("message", async (raw) => {
  const request = paidClientWorkerRequestSchema.parse(raw);
  if (request.type === "warmup") {
    await Promise.all(Array.from({ length: request.count }, () => pay(request.url).catch(() => {})));
    parentPort!.postMessage({ done: true });
    return;
  }
  const { name, concurrency, count, url } = request;
  const profile = await profileThread();
  const cpuBefore = process.threadCpuUsage();
  const result = await measure({ name, concurrency, count, run: () => pay(url) });
  const cpu = process.threadCpuUsage(cpuBefore);
  await profile.stop(`${name}-${data.implementation}-clients`);
  // This thread's CPU (user + system) over the closed loop, in ms: the clients' share of the bench's work.
  parentPort!.postMessage({ result, cpuMs: (cpu.user + cpu.system) / 1000 });
});
parentPort!.postMessage({ ready: true });
