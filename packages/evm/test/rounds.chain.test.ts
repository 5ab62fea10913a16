import { createMemoryStore } from "@x402kit/core";
import { deriveTestAccounts, startTestChain, type TestChain } from "@x402kit/testchain";
import {
  createClient,
  encodeFunctionData,
  erc20Abi,
  type Hex,
  http,
  keccak256,
  parseTransaction,
  type TransactionReceipt,
} from "viem";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createNetworkContexts } from "../src/facilitator/createNetworkContexts.js";
import { createNonceManager } from "../src/facilitator/createNonceManager.js";
import {
  type SendSettlementTransactionReturnType,
  sendSettlementTransaction,
} from "../src/facilitator/sendSettlementTransaction.js";
import type { FacilitatorSigner, NetworkContext } from "../src/facilitator/types.js";

// Settlement transactions go out in rounds (issue 16): those waiting together get consecutive nonces, have their
// hashes persisted, then leave in one JSON-RPC batch. The chain mines only when a test says so (automine off), so that
// transactions behind a nonce gap stay visibly pending. The facilitator's transport passes every request to the node
// and logs those that carry transactions; a test can make it refuse one transaction of a batch, or lose a whole batch
// in transport before it reaches the node. A real node refuses one transaction of a batch and takes the next only for reasons (a full pool, an
// oversized transaction) that this chain cannot be brought to, so those answers are made up here, and only those.

type Logged =
  | { kind: "persisted" | "posted"; hash: Hex }
  | { kind: "reserved"; durability: string | undefined };

let chain: TestChain;
const log: Logged[] = [];
/** Raw transactions per HTTP request that carried any. */
const posts: Hex[][] = [];
let fault: { kind: "refuse"; index: number } | { kind: "lose" } | undefined;
let faultsFired = 0;
/** The transactions of the requests lost in transport. */
const lostRaws: Hex[] = [];

const rpcError = (id: unknown) => ({
  jsonrpc: "2.0",
  id,
  error: { code: -32000, message: "insufficient funds for gas * price + value" },
});

const fetchFn: typeof fetch = async (input, init) => {
  const body = JSON.parse(String(init?.body)) as unknown;
  const calls = (Array.isArray(body) ? body : [body]) as { id: unknown; method: string; params: [Hex] }[];
  const raws = calls.filter((call) => call.method === "eth_sendRawTransaction");
  if (raws.length === 0) return fetch(input, init);
  const active = fault;
  fault = undefined;
  if (active?.kind === "lose") {
    faultsFired++;
    lostRaws.push(...raws.map((call) => call.params[0]));
    throw new TypeError("fetch failed");
  }
  posts.push(raws.map((call) => call.params[0]));
  for (const call of raws) log.push({ kind: "posted", hash: keccak256(call.params[0]) });
  const refused = active?.kind === "refuse" ? raws[active.index] : undefined;
  if (refused === undefined) return fetch(input, init);
  faultsFired++;
  const forwarded = calls.filter((call) => call !== refused);
  const answers = (await (
    await fetch(input, { ...init, body: JSON.stringify(forwarded) })
  ).json()) as unknown[];
  return Response.json([...answers, rpcError(refused.id)]);
};

let nonceManager: ReturnType<typeof createNonceManager>;
const contextFor = (signer: FacilitatorSigner | readonly FacilitatorSigner[]): NetworkContext =>
  createNetworkContexts({
    networks: {
      [chain.network]: {
        publicClient: createClient({ transport: http(chain.rpcUrl, { batch: true, fetchFn }) }),
        signer,
      },
    },
    pollingIntervalMs: 50,
    feeCacheMs: 60_000,
    chainFactsMs: 60_000,
    nonceManager,
    receiptTimeoutMs: 10_000,
  }).get(chain.network)!;
let context: NetworkContext;
let submitted = 0;

/** Submits `count` transactions in one tick (each reads a balance of its own), with their hashes logged. */
const submit = (
  count: number,
  onBroadcast: (index: number, hash: Hex) => Promise<void> = async () => {},
  on: NetworkContext = context,
) =>
  Promise.all(
    Array.from({ length: count }, (_, index) =>
      sendSettlementTransaction({
        context: on,
        nonceManager,
        to: chain.usdc.address,
        data: encodeFunctionData({
          abi: erc20Abi,
          functionName: "balanceOf",
          args: [`0x${(submitted++).toString(16).padStart(40, "0")}`],
        }),
        gas: 60_000n,
        onBroadcast: async (hash) => {
          log.push({ kind: "persisted", hash });
          await onBroadcast(index, hash);
        },
      }),
    ),
  );
const hashesOf = (results: SendSettlementTransactionReturnType[]) =>
  results.flatMap((result) => (result.status === "refused" ? [] : [result.hash]));
/** Mines one block; the receipts of `hashes` (undefined for a transaction still pending). */
const mine = async (hashes: Hex[]) => {
  await chain.mine();
  return Promise.all(
    hashes.map((hash) =>
      chain.publicClient
        .getTransactionReceipt({ hash })
        .catch((): TransactionReceipt | undefined => undefined),
    ),
  );
};
const nonceOf = (hash: Hex) => chain.publicClient.getTransaction({ hash }).then(({ nonce }) => nonce);

beforeAll(async () => {
  chain = await startTestChain({ buyers: 1 });
  await chain.setAutomine(false);
  // The memory store, with each round's reservation logged with the durability it asked for.
  const memory = createMemoryStore();
  nonceManager = createNonceManager({
    store: {
      reserveNonce: memory.reserveNonce,
      resetNonce: memory.resetNonce,
      reserveNonces: (account, chainId, count, chainNonce, options) => {
        log.push({ kind: "reserved", durability: options?.durability });
        return memory.reserveNonces!(account, chainId, count, chainNonce, options);
      },
    },
  });
  context = contextFor(chain.accounts.facilitator.account);
});
afterAll(async () => {
  await chain?.stop();
});
beforeEach(() => {
  log.length = 0;
  posts.length = 0;
  fault = undefined;
  faultsFired = 0;
  lostRaws.length = 0;
});

describe("settlement transactions in rounds", () => {
  it("sends those waiting together in one request, each hash persisted before it leaves", async () => {
    const results = await submit(8);
    expect(results.map(({ status }) => status)).toEqual(Array(8).fill("sent"));
    expect(posts.map((raws) => raws.length)).toEqual([8]);
    // One reservation for the round, committed only: the hashes persisted after it are the durable writes.
    expect(log[0]).toEqual({ kind: "reserved", durability: "committed" });
    expect(log.filter((entry) => entry.kind === "reserved")).toHaveLength(1);
    for (const hash of hashesOf(results)) {
      const persisted = log.findIndex((entry) => entry.kind === "persisted" && entry.hash === hash);
      const posted = log.findIndex((entry) => entry.kind === "posted" && entry.hash === hash);
      expect(persisted).toBeGreaterThanOrEqual(0);
      expect(persisted).toBeLessThan(posted);
    }
    const receipts = await mine(hashesOf(results));
    expect(receipts.map((receipt) => receipt?.status)).toEqual(Array(8).fill("success"));
    const nonces = await Promise.all(hashesOf(results).map(nonceOf));
    expect(nonces).toEqual(nonces.map((_, i) => nonces[0]! + i));
  });

  it("fills a nonce that the node refused below ones it took, so that those are mined", async () => {
    fault = { kind: "refuse", index: 2 };
    const results = await submit(6);
    expect(faultsFired).toBe(1);
    expect(results.map(({ status }) => status)).toEqual(["sent", "sent", "refused", "sent", "sent", "sent"]);
    const sent = hashesOf(results);
    const nonces = await Promise.all(sent.map(nonceOf));
    const gap = nonces[1]! + 1;
    expect(nonces[2]).toBe(gap + 1);
    // The filler: a transfer of nothing from the account to itself at the refused nonce, in a request of its own.
    expect(posts).toHaveLength(2);
    const filler = parseTransaction(posts[1]![0]!);
    expect(filler).toMatchObject({
      nonce: gap,
      to: chain.accounts.facilitator.address.toLowerCase(),
    });
    expect(filler.value ?? 0n).toBe(0n);
    const receipts = await mine([...sent, keccak256(posts[1]![0]!)]);
    expect(receipts.map((receipt) => receipt?.status)).toEqual(Array(6).fill("success"));
  });

  it("stops a round at a hash that cannot be persisted; the later ones leave in the next round, re-signed", async () => {
    const seen = new Map<number, Hex[]>();
    const results = await submit(5, async (index, hash) => {
      seen.set(index, [...(seen.get(index) ?? []), hash]);
      if (index === 2) throw new Error("the store is down");
    });
    expect(results.map(({ status }) => status)).toEqual(["sent", "sent", "refused", "sent", "sent"]);
    expect(results[2]).toMatchObject({ message: expect.stringContaining("the store is down") });
    // Jobs 3 and 4 were signed and persisted once, not sent, then signed again with the nonces from job 2 on.
    expect(seen.get(3)).toHaveLength(2);
    expect(seen.get(4)).toHaveLength(2);
    expect(posts.map((raws) => raws.length)).toEqual([2, 2]);
    const posted = new Set(posts.flat().map((raw) => keccak256(raw)));
    for (const hash of [...seen.get(2)!, seen.get(3)![0]!, seen.get(4)![0]!])
      expect(posted.has(hash)).toBe(false);
    const sent = hashesOf(results);
    const nonces = await Promise.all(sent.map(nonceOf));
    expect(nonces).toEqual(nonces.map((_, i) => nonces[0]! + i));
    expect((await mine(sent)).map((receipt) => receipt?.status)).toEqual(Array(4).fill("success"));
  });

  it("after a request lost in transport, the next round takes the nonces it may not have delivered", async () => {
    fault = { kind: "lose" };
    const lost = await submit(3);
    expect(faultsFired).toBe(1);
    expect(lost.map(({ status }) => status)).toEqual(["unknown", "unknown", "unknown"]);
    expect(posts).toHaveLength(0);
    const next = await submit(2);
    expect(next.map(({ status }) => status)).toEqual(["sent", "sent"]);
    // They never reached the node: the next round re-read the account's nonce and took theirs, so that nothing
    // waits behind a gap and none of them can land later (it is never sent again).
    const lostNonces = lostRaws.map((raw) => parseTransaction(raw).nonce);
    expect(await Promise.all(hashesOf(next).map(nonceOf))).toEqual(lostNonces.slice(0, 2));
    const receipts = await mine(hashesOf(next));
    expect(receipts.map((receipt) => receipt?.status)).toEqual(["success", "success"]);
    for (const hash of hashesOf(lost))
      await expect(chain.publicClient.getTransaction({ hash })).rejects.toThrow(/could not be found/);
  });

  it("spreads the transactions over several signers, each account with its own nonces", async () => {
    const [second] = deriveTestAccounts({ from: 12, count: 1 });
    const both = contextFor([chain.accounts.facilitator.account, second!.account]);
    const results = await submit(10, undefined, both);
    expect(results.map(({ status }) => status)).toEqual(Array(10).fill("sent"));
    const sent = await Promise.all(
      hashesOf(results).map((hash) => chain.publicClient.getTransaction({ hash })),
    );
    const bySender = new Map<string, typeof sent>();
    for (const transaction of sent) {
      const from = transaction.from.toLowerCase();
      bySender.set(from, [...(bySender.get(from) ?? []), transaction]);
    }
    expect([...bySender.keys()].sort()).toEqual(
      [chain.accounts.facilitator.address, second!.address].map((address) => address.toLowerCase()).sort(),
    );
    for (const transactions of bySender.values()) {
      expect(transactions).toHaveLength(5);
      const nonces = transactions.map(({ nonce }) => nonce).sort((a, b) => a - b);
      expect(nonces).toEqual(nonces.map((_, i) => nonces[0]! + i));
    }
    expect((await mine(hashesOf(results))).map((receipt) => receipt?.status)).toEqual(
      Array(10).fill("success"),
    );
  });
});
