import { createClient, custom, type Hash } from "viem";
import { describe, expect, it } from "vitest";
import { waitForReceipt } from "./waitForReceipt.js";

const hash = `0x${"ab".repeat(32)}` as Hash;
const receipt = {
  transactionHash: hash,
  transactionIndex: "0x0",
  blockHash: `0x${"cd".repeat(32)}`,
  blockNumber: "0x10",
  from: `0x${"11".repeat(20)}`,
  to: `0x${"22".repeat(20)}`,
  cumulativeGasUsed: "0x5208",
  gasUsed: "0x5208",
  effectiveGasPrice: "0x1",
  contractAddress: null,
  logs: [],
  logsBloom: `0x${"00".repeat(256)}`,
  status: "0x1",
  type: "0x2",
};

/** A client whose `eth_getTransactionReceipt` answers with `answers[i]` on the i-th poll (the last one after). */
function clientAnswering(answers: ("error" | "hang" | "missing" | "mined")[]) {
  let polls = 0;
  const client = createClient({
    transport: custom(
      {
        request: async ({ method }: { method: string }) => {
          if (method !== "eth_getTransactionReceipt") throw new Error(`unexpected ${method}`);
          const answer = answers[Math.min(polls++, answers.length - 1)];
          if (answer === "error") throw new Error("upstream RPC failure");
          if (answer === "hang") return new Promise(() => {});
          return answer === "mined" ? receipt : null;
        },
      },
      { retryCount: 0 },
    ),
  });
  return { client, polls: () => polls };
}

describe("waitForReceipt", () => {
  it("polls through RPC errors and 'not found yet' until the receipt comes (docs/reliability.md, bug 5)", async () => {
    const { client, polls } = clientAnswering(["error", "missing", "error", "mined"]);
    const waited = await waitForReceipt({ client, hash, timeoutMs: 2_000, pollingIntervalMs: 10 });
    expect(waited.status).toBe("mined");
    if (waited.status === "mined")
      expect(waited.receipt).toMatchObject({ transactionHash: hash, status: "success" });
    expect(polls()).toBe(4);
  });

  it("answers a timeout with the last failure when every poll fails", async () => {
    const { client, polls } = clientAnswering(["error"]);
    const started = Date.now();
    const waited = await waitForReceipt({ client, hash, timeoutMs: 200, pollingIntervalMs: 20 });
    expect(waited).toEqual({ status: "timeout", lastError: "An unknown RPC error occurred." });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(polls()).toBeGreaterThan(2);
  });

  it("cuts a hung poll at the deadline", async () => {
    const { client } = clientAnswering(["hang"]);
    const started = Date.now();
    const waited = await waitForReceipt({ client, hash, timeoutMs: 150, pollingIntervalMs: 10 });
    expect(waited).toEqual({ status: "timeout", lastError: "the receipt poll did not answer in time" });
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
