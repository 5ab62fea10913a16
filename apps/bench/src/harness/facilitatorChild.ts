/**
 * A facilitator child process: runs one implementation's facilitator alone in its process, so that its memory
 * (RSS) is its own, and samples the RSS to report the peak. Started by `spawnFacilitator`; talks over IPC.
 */
import { loadImplementation } from "../adapters/implementations.js";
import {
  type ChildMessage,
  facilitatorChildConfigSchema,
  facilitatorConfigEnv,
  parentMessageSchema,
} from "./facilitatorProtocol.js";

const send = (message: ChildMessage) => process.send?.(message);
const sampleEveryMs = 10;

let peakRss = process.memoryUsage.rss();
const sample = () => {
  const rss = process.memoryUsage.rss();
  if (rss > peakRss) peakRss = rss;
  return rss;
};
setInterval(sample, sampleEveryMs).unref();
const memory = () => ({ rss: sample(), peakRss });

try {
  const config = facilitatorChildConfigSchema.parse(JSON.parse(process.env[facilitatorConfigEnv] ?? "null"));
  const service =
    "svm" in config
      ? // Loaded on demand: an EVM child never loads the Solana packages (its RSS is a figure).
        await (await import("../adapters/svm/svmSides.js")).svmSides[config.implementation].startFacilitator(
          config.svm,
        )
      : await (await loadImplementation(config.implementation)).startFacilitator({
          chain: config.chain,
          privateKey: config.privateKey,
          batchSettler: config.batchSettler,
          x402kit: config.x402kit,
        });
  process.on("message", (raw) => {
    const parsed = parentMessageSchema.safeParse(raw);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.type === "resetPeak") peakRss = process.memoryUsage.rss();
    if (message.type === "stop") {
      void service.close().finally(() => {
        send({ type: "reply", id: message.id, memory: memory() });
        process.disconnect?.();
        process.exit(0);
      });
      return;
    }
    send({ type: "reply", id: message.id, memory: memory() });
  });
  // The parent went away: do not linger.
  process.on("disconnect", () => process.exit(0));
  send({ type: "ready", url: service.url, memory: memory() });
} catch (error) {
  send({
    type: "failed",
    message: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
  });
  process.exitCode = 1;
  process.disconnect?.();
}
