import {
  appendTransactionMessageInstructions,
  createTransactionMessage,
  getBase64EncodedWireTransaction,
  getSignatureFromTransaction,
  type KeyPairSigner,
  pipe,
  type Signature,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
} from "@solana/kit";
import { getTransferCheckedInstruction } from "@solana-program/token";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SolanaTestChain, startSolanaTestChain } from "../src/solana/index.js";

// One Solana test chain for the file (litesvm in process behind JSON-RPC on loopback).
let chain: SolanaTestChain;
beforeAll(async () => {
  chain = await startSolanaTestChain({ buyers: 2 });
});
afterAll(async () => {
  await chain?.stop();
});

/** A token transfer from a buyer to the seller, paid and signed by the buyer, on the chain's latest blockhash. */
async function transfer(from: KeyPairSigner, amount: bigint, options: { unsigned?: boolean } = {}) {
  const { value: lifetime } = await chain.rpc.getLatestBlockhash().send();
  const message = pipe(
    createTransactionMessage({ version: 0 }),
    (draft) => setTransactionMessageFeePayerSigner(from, draft),
    (draft) => setTransactionMessageLifetimeUsingBlockhash(lifetime, draft),
    (draft) =>
      appendTransactionMessageInstructions(
        [
          getTransferCheckedInstruction({
            source: awaitedAta.get(from.address)!,
            mint: chain.usdc.address,
            destination: awaitedAta.get(chain.accounts.seller.address)!,
            authority: from,
            amount,
            decimals: 6,
          }),
        ],
        draft,
      ),
  );
  const complete = await signTransactionMessageWithSigners(message);
  // Unsigned: the signature slot left empty (64 zero bytes on the wire).
  const signed = options.unsigned ? { ...complete, signatures: { [from.address]: null } } : complete;
  return {
    signed,
    wire: getBase64EncodedWireTransaction(signed),
    signature: getSignatureFromTransaction(complete),
  };
}
const awaitedAta = new Map<string, Awaited<ReturnType<SolanaTestChain["tokenAccount"]>>>();
beforeAll(async () => {
  for (const account of [chain.accounts.buyer, chain.accounts.buyers[1]!, chain.accounts.seller])
    awaitedAta.set(account.address, await chain.tokenAccount(account.address));
});

async function rpcCall(body: unknown) {
  const response = await fetch(chain.rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return response.json() as Promise<unknown>;
}

describe("Solana test chain", () => {
  it("answers as devnet, with mock USDC under SPL Token and Token-2022 and funded buyers", async () => {
    expect(chain.network).toBe("solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1");
    expect(await chain.rpc.getGenesisHash().send()).toBe("EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG");
    expect(chain.usdc.address).toBe("4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU");
    const { buyer } = chain.accounts;
    expect(await chain.balanceOf(chain.usdc.address, buyer.address)).toBe(1_000_000_000n);
    expect(await chain.balanceOf(chain.usdc2022.address, buyer.address)).toBe(1_000_000_000n);
    const mint = await chain.rpc.getAccountInfo(chain.usdc.address, { encoding: "jsonParsed" }).send();
    expect(mint.value?.owner).toBe("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
    expect(mint.value?.data).toMatchObject({
      program: "spl-token",
      parsed: { type: "mint", info: { decimals: 6 } },
    });
    const mint2022 = await chain.rpc.getAccountInfo(chain.usdc2022.address, { encoding: "base64" }).send();
    expect(mint2022.value?.owner).toBe("TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb");
    const balance = await chain.rpc.getTokenAccountBalance(awaitedAta.get(buyer.address)!).send();
    expect(balance.value).toMatchObject({ amount: "1000000000", decimals: 6, uiAmountString: "1000" });
    expect((await chain.rpc.getBalance(chain.accounts.facilitator.address).send()).value).toBe(
      1_000_000_000_000n,
    );
  });

  it("lands a sent transaction once, with its status, fee and token balances; a duplicate is dropped", async () => {
    const { buyer, seller } = chain.accounts;
    const sellerBefore = await chain.balanceOf(chain.usdc.address, seller.address);
    const lamportsBefore = await chain.lamports(buyer.address);
    const { wire, signature } = await transfer(buyer.signer, 1_500n);
    expect(await chain.rpc.sendTransaction(wire, { encoding: "base64" }).send()).toBe(signature);
    // Sent again (as a client retrying would): the same signature, no second transfer.
    expect(await chain.rpc.sendTransaction(wire, { encoding: "base64", skipPreflight: true }).send()).toBe(
      signature,
    );
    expect((await chain.balanceOf(chain.usdc.address, seller.address)) - sellerBefore).toBe(1_500n);
    expect(lamportsBefore - (await chain.lamports(buyer.address))).toBe(5_000n);
    const { value } = await chain.rpc.getSignatureStatuses([signature]).send();
    expect(value[0]).toMatchObject({ err: null, confirmationStatus: "confirmed", status: { Ok: null } });
    const landed = await chain.rpc
      .getTransaction(signature, { maxSupportedTransactionVersion: 0, encoding: "json" })
      .send();
    expect(landed?.meta?.fee).toBe(5_000n);
    expect(landed?.meta?.err).toBeNull();
    expect(
      landed?.meta?.postTokenBalances?.find((entry) => entry.owner === seller.address)?.uiTokenAmount.amount,
    ).toBe((sellerBefore + 1_500n).toString());
    await expect(chain.rpc.getTransaction(signature, { encoding: "json" }).send()).rejects.toThrow(/version/);
  });

  it("simulates without the status cache or signatures when asked, and checks the blockhash", async () => {
    const { wire } = await transfer(chain.accounts.buyers[1]!.signer, 10n, { unsigned: true });
    const unsigned = await chain.rpc
      .simulateTransaction(wire, { encoding: "base64", sigVerify: false, innerInstructions: true })
      .send();
    expect(unsigned.value.err).toBeNull();
    expect(unsigned.value.unitsConsumed).toBeGreaterThan(0n);
    const verified = await chain.rpc
      .simulateTransaction(wire, { encoding: "base64", sigVerify: true })
      .send();
    expect(verified.value.err).toBe("SignatureFailure");
    // Preflight refuses an unsigned transaction the way a cluster does (-32003).
    await expect(chain.rpc.sendTransaction(wire, { encoding: "base64" }).send()).rejects.toMatchObject({
      context: { __code: -32003 },
    });
  });

  it("fails a transfer above the balance in preflight, and lands it with its error and fee without preflight", async () => {
    const buyer = chain.accounts.buyers[1]!;
    const { wire, signature } = await transfer(buyer.signer, 10n ** 15n);
    await expect(chain.rpc.sendTransaction(wire, { encoding: "base64" }).send()).rejects.toMatchObject({
      context: { __code: -32002 },
    });
    const before = await chain.lamports(buyer.address);
    await chain.rpc.sendTransaction(wire, { encoding: "base64", skipPreflight: true }).send();
    const { value } = await chain.rpc.getSignatureStatuses([signature]).send();
    expect(value[0]?.err).toEqual({ InstructionError: [0n, { Custom: 1n }] });
    expect(before - (await chain.lamports(buyer.address))).toBe(5_000n);
  });

  it("expires a blockhash 150 slots after its own: simulation says BlockhashNotFound and a send never lands", async () => {
    const { wire, signature } = await transfer(chain.accounts.buyer.signer, 7n);
    const { value: lifetime } = await chain.rpc.getLatestBlockhash().send();
    expect((await chain.rpc.isBlockhashValid(lifetime.blockhash).send()).value).toBe(true);
    chain.skipSlots(151);
    expect((await chain.rpc.isBlockhashValid(lifetime.blockhash).send()).value).toBe(false);
    expect((await chain.rpc.simulateTransaction(wire, { encoding: "base64" }).send()).value.err).toBe(
      "BlockhashNotFound",
    );
    expect(await chain.rpc.sendTransaction(wire, { encoding: "base64", skipPreflight: true }).send()).toBe(
      signature,
    );
    expect((await chain.rpc.getSignatureStatuses([signature as Signature]).send()).value[0]).toBeNull();
    expect((await chain.rpc.getBlockHeight().send()) >= lifetime.lastValidBlockHeight).toBe(true);
  });

  it("speaks JSON-RPC 2.0: batches, unknown methods, bad params, parse errors", async () => {
    const batch = (await rpcCall([
      { jsonrpc: "2.0", id: 1, method: "getHealth" },
      { jsonrpc: "2.0", id: 2, method: "eth_chainId" },
      { jsonrpc: "2.0", id: 3, method: "getBalance", params: ["not-an-address"] },
      {
        jsonrpc: "2.0",
        id: 4,
        method: "getTokenAccountBalance",
        params: [chain.accounts.facilitator.address],
      },
    ])) as { id: number; result?: unknown; error?: { code: number } }[];
    expect(batch.map((entry) => entry.result ?? entry.error?.code)).toEqual(["ok", -32601, -32602, -32602]);
    const response = await fetch(chain.rpcUrl, { method: "POST", body: "{not json" });
    expect(await response.json()).toMatchObject({ error: { code: -32700 } });
  });
});

describe("Solana test chain with slots", () => {
  it("lands the transactions sent during a slot together at its end", async () => {
    const slotted = await startSolanaTestChain({ buyers: 1, landing: "slot", slotMs: 100 });
    try {
      const buyer = slotted.accounts.buyer;
      const { value: lifetime } = await slotted.rpc.getLatestBlockhash().send();
      const [source, destination] = [
        await slotted.tokenAccount(buyer.address),
        await slotted.tokenAccount(slotted.accounts.seller.address),
      ];
      const tx = await signTransactionMessageWithSigners(
        pipe(
          createTransactionMessage({ version: 0 }),
          (draft) => setTransactionMessageFeePayerSigner(buyer.signer, draft),
          (draft) => setTransactionMessageLifetimeUsingBlockhash(lifetime, draft),
          (draft) =>
            appendTransactionMessageInstructions(
              [
                getTransferCheckedInstruction({
                  source,
                  mint: slotted.usdc.address,
                  destination,
                  authority: buyer.signer,
                  amount: 1n,
                  decimals: 6,
                }),
              ],
              draft,
            ),
        ),
      );
      const sentIn = slotted.ledger.slot();
      const signature = await slotted.rpc
        .sendTransaction(getBase64EncodedWireTransaction(tx), { encoding: "base64" })
        .send();
      let status = (await slotted.rpc.getSignatureStatuses([signature]).send()).value[0];
      for (let polls = 0; !status && polls < 200; polls++) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        status = (await slotted.rpc.getSignatureStatuses([signature]).send()).value[0];
      }
      expect(status?.confirmationStatus).toBe("confirmed");
      // It ran when its slot ended, not when it was sent.
      expect(status!.slot).toBeGreaterThan(BigInt(sentIn));
      expect(await slotted.balanceOf(slotted.usdc.address, slotted.accounts.seller.address)).toBe(1n);
    } finally {
      await slotted.stop();
    }
  });
});
