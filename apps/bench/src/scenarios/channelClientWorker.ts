/**
 * The C = 32 clients of the channel scenario, in a worker thread of their own (issue 16): a real client never runs
 * on the server's thread, and in one thread the 32 clients' signing, encoding and HTTP took as much CPU as the server.
 * Both implementations' clients run here the same way. Protocol: the worker makes one request per payer (the
 * deposits), posts `{ ready: true }`, waits for any message, runs the closed loop and posts `{ result }`.
 */
import { parentPort, workerData } from "node:worker_threads";
import { createPublicClient, defineChain, http } from "viem";
import { describeResponse } from "../harness/describeResponse.js";
import { measure } from "../harness/measure.js";
import { profileThread } from "../harness/profileThread.js";
import { type ChannelClientWorkerData, channelClientWorkerDataSchema } from "./channelClientWorkerData.js";
import { createChannelPaidFetch } from "./createChannelPaidFetch.js";

const data: ChannelClientWorkerData = channelClientWorkerDataSchema.parse(workerData);
const chain = defineChain({
  id: data.chainId,
  name: "bench",
  nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
  rpcUrls: { default: { http: [data.rpcUrl] } },
});
const publicClient = createPublicClient({ chain, transport: http(data.rpcUrl) });
const fetches = data.keys.map((key) =>
  createChannelPaidFetch({
    implementation: data.implementation,
    network: data.network,
    usdc: data.usdc,
    publicClient,
    key,
    depositMultiplier: data.depositMultiplier,
  }),
);
const get = async (paidFetch: typeof globalThis.fetch) => {
  const response = await paidFetch(data.url, { headers: { accept: "application/json" } });
  const body = await response.text();
  if (response.status !== 200) throw new Error(describeResponse(response, body));
};

await Promise.all(fetches.map((paidFetch) => get(paidFetch)));
parentPort!.postMessage({ ready: true });
parentPort!.once("message", async () => {
  const profile = await profileThread();
  const cpuBefore = process.threadCpuUsage();
  const result = await measure({
    name: data.name,
    concurrency: data.keys.length,
    count: data.count,
    run: (_, worker) => get(fetches[worker]!),
  });
  const cpu = process.threadCpuUsage(cpuBefore);
  await profile.stop(`channel-c32-${data.implementation}-clients`);
  // This thread's CPU (user + system) over the closed loop, in ms: the clients' share of the work.
  parentPort!.postMessage({ result, cpuMs: (cpu.user + cpu.system) / 1000 });
});
