import { x402BatchSettlerAbi, x402BatchSettlerBytecode } from "@x402kit/contracts";
import { deriveTestAccounts, startTestChain, type TestChain } from "@x402kit/testchain";
import { type Address, createClient, decodeFunctionData, type Hex, http, toFunctionSelector } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchSettlerAbi } from "../src/abis.js";
import { exactEvmFacilitator } from "../src/facilitator/exactEvmFacilitator.js";
import { pay, recordBroadcasts, requirementsFor } from "./helpers.js";

let chain: TestChain;
let settler: Address;
let batched: ReturnType<typeof exactEvmFacilitator>;
const usdcOf = (owner: Address) => chain.balanceOf(chain.usdc.address, owner);

beforeAll(async () => {
  chain = await startTestChain({ buyers: 4 });
  settler = await chain.deploy({ abi: x402BatchSettlerAbi, bytecode: x402BatchSettlerBytecode });
  batched = exactEvmFacilitator({
    networks: {
      [chain.network]: {
        rpcUrl: chain.rpcUrl,
        signer: chain.accounts.facilitator.account,
        batchSettlement: { settler, maxSize: 8, maxWaitMs: 100 },
      },
    },
    pollingIntervalMs: 50,
  });
});
afterAll(async () => {
  await chain?.stop();
});

describe("exact EVM batch settlement on a chain", () => {
  it("settles concurrent payments in one X402BatchSettler transaction, its hash persisted for each first", async () => {
    const buyers = chain.accounts.buyers;
    const requirements = requirementsFor(chain, { amount: "1000" });
    const sellerBefore = await usdcOf(chain.accounts.seller.address);
    const buyersBefore = await Promise.all(buyers.map((buyer) => usdcOf(buyer.address)));
    const payloads = await Promise.all(
      Array.from({ length: 8 }, (_, i) => pay(buyers[i % buyers.length]!.account, requirements)),
    );
    const recorders = payloads.map(() =>
      // The hash is persisted before the transaction leaves: the node must not know it yet.
      recordBroadcasts(async (hash) => {
        await expect(chain.publicClient.getTransaction({ hash: hash as Hex })).rejects.toThrow();
      }),
    );
    const responses = await Promise.all(
      payloads.map((payload, i) => batched.settle({ payload, requirements }, recorders[i]!.context)),
    );

    expect(responses.map((r) => r.errorReason)).toEqual(Array(8).fill(undefined));
    const hashes = new Set(responses.map((r) => r.transaction));
    expect(hashes.size).toBe(1);
    const [hash] = [...hashes] as [Hex];
    expect(recorders.map((r) => r.hashes)).toEqual(Array(8).fill([hash]));
    const tx = await chain.publicClient.getTransaction({ hash });
    expect(tx.to?.toLowerCase()).toBe(settler.toLowerCase());
    const call = decodeFunctionData({ abi: batchSettlerAbi, data: tx.input });
    expect(call.functionName).toBe("settle");
    expect(call.args[0]).toHaveLength(8);
    expect(await usdcOf(chain.accounts.seller.address)).toBe(sellerBefore + 8_000n);
    for (const [i, buyer] of buyers.entries())
      expect(await usdcOf(buyer.address)).toBe(buyersBefore[i]! - 2_000n);
  });

  it("answers a payment that fails inside a batch as failed, without sinking the others", async () => {
    const [first, second] = chain.accounts.buyers;
    const requirements = requirementsFor(chain, { amount: "1000" });
    const sellerBefore = await usdcOf(chain.accounts.seller.address);
    const once = await pay(first!.account, requirements);
    const other = await pay(second!.account, requirements);
    // The same authorization twice in one batch: both verify, the token takes it once.
    const responses = await Promise.all(
      [once, once, other].map((payload) =>
        batched.settle({ payload, requirements }, recordBroadcasts().context),
      ),
    );

    expect(new Set(responses.map((r) => r.transaction)).size).toBe(1);
    expect(responses.map((r) => r.success)).toEqual([true, false, true]);
    expect(responses[1]).toMatchObject({
      success: false,
      errorReason: "invalid_transaction_state",
      payer: first!.address,
    });
    expect(responses[1]?.errorMessage).toMatch(/refused this authorization/);
    expect(await usdcOf(chain.accounts.seller.address)).toBe(sellerBefore + 2_000n);

    // Resolving the batch's hash later (a restart, a lost answer) gives each payment its own outcome.
    const resolve = (payload: typeof once) =>
      batched.resolveBroadcast({
        transaction: responses[0]!.transaction,
        network: chain.network,
        requirements,
        payload,
      });
    expect(await resolve(other)).toMatchObject({ success: true, transaction: responses[0]!.transaction });
  });

  it("costs less gas per payment than one transferWithAuthorization each", async () => {
    const buyers = chain.accounts.buyers;
    const requirements = requirementsFor(chain, { amount: "1000" });
    const payloads = await Promise.all(
      Array.from({ length: 8 }, (_, i) => pay(buyers[i % buyers.length]!.account, requirements)),
    );
    const responses = await Promise.all(
      payloads.map((payload) => batched.settle({ payload, requirements }, recordBroadcasts().context)),
    );
    const batch = await chain.publicClient.getTransactionReceipt({ hash: responses[0]!.transaction as Hex });

    const single = exactEvmFacilitator({
      networks: { [chain.network]: { rpcUrl: chain.rpcUrl, signer: chain.accounts.facilitator.account } },
      pollingIntervalMs: 50,
    });
    const alone = await single.settle(
      { payload: await pay(buyers[0]!.account, requirements), requirements },
      recordBroadcasts().context,
    );
    const one = await chain.publicClient.getTransactionReceipt({ hash: alone.transaction as Hex });
    expect(alone.success).toBe(true);
    expect(batch.gasUsed / 8n).toBeLessThan(one.gasUsed);
  });

  it("settles a payment that /verify just verified without simulating it again; one spent in between fails alone", async () => {
    // The JSON-RPC calls this facilitator sends, read from its requests (batched or not): an eth_call as its selector.
    const methods: string[] = [];
    const transfer = toFunctionSelector(
      "transferWithAuthorization(address,address,uint256,uint256,uint256,bytes32,uint8,bytes32,bytes32)",
    );
    const client = createClient({
      transport: http(chain.rpcUrl, {
        batch: true,
        onFetchRequest: async (_, init) => {
          for (const one of [JSON.parse(String(init.body))].flat())
            methods.push(one.method === "eth_call" ? String(one.params[0].data).slice(0, 10) : one.method);
        },
      }),
    });
    // Its own account (Hardhat's 14th), so that its nonces never meet the other facilitators' in this file.
    const reusing = exactEvmFacilitator({
      networks: {
        [chain.network]: {
          publicClient: client,
          signer: deriveTestAccounts({ from: 13, count: 1 })[0]!.account,
          batchSettlement: { settler, maxSize: 8, maxWaitMs: 20 },
        },
      },
      pollingIntervalMs: 50,
    });
    const [first, second, third] = chain.accounts.buyers;
    const requirements = requirementsFor(chain, { amount: "1000" });
    const sellerBefore = await usdcOf(chain.accounts.seller.address);
    const simulationsDuring = async <value>(work: () => Promise<value>) => {
      methods.length = 0;
      const value = await work();
      return { value, simulations: methods.filter((method) => method === transfer).length };
    };

    // Verified, then settled: the settle sends it without an eth_call.
    const fresh = { payload: await pay(first!.account, requirements), requirements };
    expect(await simulationsDuring(() => reusing.verify(fresh))).toEqual({
      value: { isValid: true, payer: first!.address },
      simulations: 1,
    });
    const settled = await simulationsDuring(() => reusing.settle(fresh, recordBroadcasts().context));
    expect(settled.simulations).toBe(0);
    expect(settled.value).toMatchObject({ success: true, payer: first!.address });

    // Verified, then spent by another facilitator, then settled here on the old verification: it fails alone in
    // its batch, with the batch's hash, and the payer pays once.
    const spent = { payload: await pay(second!.account, requirements), requirements };
    expect((await reusing.verify(spent)).isValid).toBe(true);
    expect((await batched.settle(spent, recordBroadcasts().context)).success).toBe(true);
    const stale = await simulationsDuring(() => reusing.settle(spent, recordBroadcasts().context));
    expect(stale.simulations).toBe(0);
    expect(stale.value).toMatchObject({ success: false, errorReason: "invalid_transaction_state" });
    expect(stale.value.transaction).toMatch(/^0x[0-9a-f]{64}$/);

    // A settle without a /verify before it simulates, as always.
    const unverified = { payload: await pay(third!.account, requirements), requirements };
    const checked = await simulationsDuring(() => reusing.settle(unverified, recordBroadcasts().context));
    expect(checked.simulations).toBe(1);
    expect(checked.value.success).toBe(true);
    expect(await usdcOf(chain.accounts.seller.address)).toBe(sellerBefore + 3_000n);
  });

  it("refuses a batchSettlement without a settler address, or with a bad size, at start-up", () => {
    const start = (batchSettlement: { settler: Address; maxSize?: number }) => () =>
      exactEvmFacilitator({
        networks: {
          [chain.network]: {
            rpcUrl: chain.rpcUrl,
            signer: chain.accounts.facilitator.account,
            batchSettlement,
          },
        },
      });
    expect(start({ settler: "nope" as Address })).toThrow(/batchSettlement.settler/);
    expect(start({ settler, maxSize: 0 })).toThrow(/maxSize/);
    expect(start({ settler, reuseVerificationMs: -1 } as never)).toThrow(/reuseVerificationMs/);
  });
});
