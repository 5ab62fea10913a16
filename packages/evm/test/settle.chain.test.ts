import { mockSmartWalletAbi, mockSmartWalletBytecode } from "@x402kit/contracts";
import { startTestChain, type TestChain } from "@x402kit/testchain";
import {
  type Address,
  decodeFunctionData,
  type Hex,
  keccak256,
  parseEther,
  TransactionNotFoundError,
} from "viem";
import { getTransaction } from "viem/actions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eip3009Abi } from "../src/abis.js";
import { exactEvmFacilitator } from "../src/facilitator/exactEvmFacilitator.js";
import { pay, recordBroadcasts, requirementsFor } from "./helpers.js";

let chain: TestChain;
let facilitator: ReturnType<typeof exactEvmFacilitator>;
const usdcOf = (owner: Address) => chain.balanceOf(chain.usdc.address, owner);

beforeAll(async () => {
  chain = await startTestChain({ buyers: 4 });
  facilitator = exactEvmFacilitator({
    networks: { [chain.network]: { rpcUrl: chain.rpcUrl, signer: chain.accounts.facilitator.account } },
    pollingIntervalMs: 50,
  });
});
afterAll(async () => {
  await chain?.stop();
});

describe("exact EVM settle on a chain", () => {
  it("settles a valid payment, moving exactly the amount, with the hash persisted before it is sent", async () => {
    const { buyer, seller } = chain.accounts;
    const requirements = requirementsFor(chain, { amount: "12345" });
    const payload = await pay(buyer.account, requirements);
    const before = { buyer: await usdcOf(buyer.address), seller: await usdcOf(seller.address) };
    const unknownAtBroadcast: boolean[] = [];
    const { context, hashes } = recordBroadcasts(async (hash) => {
      const known = await getTransaction(chain.publicClient, { hash: hash as Hex }).then(
        () => true,
        (error) => !(error instanceof TransactionNotFoundError),
      );
      unknownAtBroadcast.push(!known);
    });

    const response = await facilitator.settle({ payload, requirements }, context);

    expect(response).toEqual({
      success: true,
      transaction: expect.stringMatching(/^0x[0-9a-f]{64}$/),
      network: chain.network,
      payer: buyer.address,
      amount: "12345",
    });
    expect(hashes).toEqual([response.transaction]);
    expect(unknownAtBroadcast).toEqual([true]);
    expect(await usdcOf(buyer.address)).toBe(before.buyer - 12345n);
    expect(await usdcOf(seller.address)).toBe(before.seller + 12345n);
    const receipt = await chain.publicClient.getTransactionReceipt({ hash: response.transaction as Hex });
    expect(receipt.from.toLowerCase()).toBe(chain.accounts.facilitator.address.toLowerCase());

    // Settling the same authorization again is refused before anything is sent.
    const again = recordBroadcasts();
    expect(await facilitator.settle({ payload, requirements }, again.context)).toMatchObject({
      success: false,
      errorReason: "invalid_exact_evm_payload_authorization_nonce_used",
      transaction: "",
      payer: buyer.address,
    });
    expect(again.hashes).toEqual([]);
    expect(await usdcOf(buyer.address)).toBe(before.buyer - 12345n);
  });

  it("does not settle a payer without enough funds", async () => {
    const poor = chain.accounts.buyers[3]!;
    const requirements = requirementsFor(chain, { amount: String((await usdcOf(poor.address)) + 1n) });
    const { context, hashes } = recordBroadcasts();
    expect(
      await facilitator.settle({ payload: await pay(poor.account, requirements), requirements }, context),
    ).toMatchObject({
      success: false,
      errorReason: "insufficient_funds",
      transaction: "",
      network: chain.network,
      payer: poor.address,
    });
    expect(hashes).toEqual([]);
  });

  it("settles an EIP-1271 smart-wallet payment through the bytes overload", async () => {
    const owner = chain.accounts.buyers[1]!;
    const wallet = await chain.deploy({
      abi: mockSmartWalletAbi,
      bytecode: mockSmartWalletBytecode,
      args: [owner.address],
    });
    await chain.mint(wallet, 1_000_000n);
    const requirements = requirementsFor(chain);
    const payload = await pay({ address: wallet, signTypedData: owner.account.signTypedData }, requirements);
    const sellerBefore = await usdcOf(chain.accounts.seller.address);

    expect(await facilitator.verify({ payload, requirements })).toEqual({ isValid: true, payer: wallet });
    const response = await facilitator.settle({ payload, requirements }, recordBroadcasts().context);

    expect(response).toMatchObject({ success: true, payer: wallet, amount: "10000" });
    expect(await usdcOf(wallet)).toBe(1_000_000n - 10_000n);
    expect(await usdcOf(chain.accounts.seller.address)).toBe(sellerBefore + 10_000n);
    const tx = await chain.publicClient.getTransaction({ hash: response.transaction as Hex });
    const call = decodeFunctionData({ abi: eip3009Abi, data: tx.input });
    expect(call.functionName).toBe("transferWithAuthorization");
    expect(call.args).toHaveLength(7);
    expect(call.args?.[6]).toBe(payload.payload.signature);

    // The wallet refuses another key's signature (EIP-1271).
    const stranger = chain.accounts.buyers[2]!;
    const forged = await pay(
      { address: wallet, signTypedData: stranger.account.signTypedData },
      requirements,
    );
    expect(await facilitator.verify({ payload: forged, requirements })).toMatchObject({
      isValid: false,
      invalidReason: "invalid_exact_evm_payload_signature",
    });
  });

  it("settles 20 concurrent payments, each with its own transaction nonce", async () => {
    const buyers = chain.accounts.buyers.slice(0, 4);
    const requirements = requirementsFor(chain, { amount: "1000" });
    const sellerBefore = await usdcOf(chain.accounts.seller.address);
    const payloads = await Promise.all(
      Array.from({ length: 20 }, (_, i) => pay(buyers[i % buyers.length]!.account, requirements)),
    );
    const responses = await Promise.all(
      payloads.map((payload) => facilitator.settle({ payload, requirements }, recordBroadcasts().context)),
    );
    expect(responses.map((r) => r.errorReason)).toEqual(Array(20).fill(undefined));
    expect(responses.every((r) => r.success)).toBe(true);
    expect(new Set(responses.map((r) => r.transaction)).size).toBe(20);
    const nonces = await Promise.all(
      responses.map(
        async (r) => (await chain.publicClient.getTransaction({ hash: r.transaction as Hex })).nonce,
      ),
    );
    expect(new Set(nonces).size).toBe(20);
    expect(await usdcOf(chain.accounts.seller.address)).toBe(sellerBefore + 20_000n);
  });

  it("re-signs with a fresh nonce when another sender used the account's nonce", async () => {
    const requirements = requirementsFor(chain);
    // Warm the nonce manager, then spend the facilitator account's next nonce behind its back.
    await facilitator.settle(
      { payload: await pay(chain.accounts.buyer.account, requirements), requirements },
      recordBroadcasts().context,
    );
    const hash = await chain.walletClient(chain.accounts.facilitator).sendTransaction({
      to: chain.accounts.seller.address,
      value: parseEther("0.001"),
    });
    await chain.publicClient.waitForTransactionReceipt({ hash });

    const { context, hashes } = recordBroadcasts();
    const response = await facilitator.settle(
      { payload: await pay(chain.accounts.buyer.account, requirements), requirements },
      context,
    );
    expect(response).toMatchObject({ success: true });
    expect(hashes).toHaveLength(2);
    expect(hashes[1]).toBe(response.transaction);
    expect(hashes[0]).not.toBe(hashes[1]);
  });

  it("answers settlement_pending with the hash when the receipt is slow, and resolves it once mined", async () => {
    const slow = exactEvmFacilitator({
      networks: { [chain.network]: { rpcUrl: chain.rpcUrl, signer: chain.accounts.facilitator.account } },
      receiptTimeoutMs: 500,
      pollingIntervalMs: 50,
    });
    const requirements = requirementsFor(chain);
    const payload = await pay(chain.accounts.buyers[2]!.account, requirements);
    const { context, hashes } = recordBroadcasts();
    await chain.setAutomine(false);
    try {
      const response = await slow.settle({ payload, requirements }, context);
      expect(response).toMatchObject({
        success: false,
        errorReason: "settlement_pending",
        transaction: hashes[0],
        network: chain.network,
        payer: chain.accounts.buyers[2]!.address,
      });
      const broadcast = { transaction: response.transaction, network: chain.network, requirements, payload };
      expect(await slow.resolveBroadcast(broadcast)).toBeUndefined();
      await chain.mine();
      expect(await slow.resolveBroadcast(broadcast)).toEqual({
        success: true,
        transaction: response.transaction,
        network: chain.network,
        payer: chain.accounts.buyers[2]!.address,
        amount: "10000",
      });
    } finally {
      await chain.setAutomine(true);
    }
  });

  it("resolves a broadcast the node never saw as safe to retry while the authorization is unused", async () => {
    const requirements = requirementsFor(chain);
    const payload = await pay(chain.accounts.buyer.account, requirements);
    const transaction = keccak256("0x1234");
    expect(
      await facilitator.resolveBroadcast({ transaction, network: chain.network, requirements, payload }),
    ).toEqual({
      success: false,
      errorReason: "invalid_transaction_state",
      errorMessage: "not broadcast",
      transaction: "",
      network: chain.network,
      payer: chain.accounts.buyer.address,
    });
    // Once the authorization is used by another transaction, the unknown one can no longer succeed.
    await facilitator.settle({ payload, requirements }, recordBroadcasts().context);
    expect(
      await facilitator.resolveBroadcast({ transaction, network: chain.network, requirements, payload }),
    ).toMatchObject({
      success: false,
      errorReason: "invalid_exact_evm_payload_authorization_nonce_used",
      transaction: "",
    });
  });
});
