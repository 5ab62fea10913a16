import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  address,
  appendTransactionMessageInstructions,
  createKeyPairSignerFromBytes,
  createSolanaRpc,
  createTransactionMessage,
  getBase58Encoder,
  getBase64EncodedWireTransaction,
  pipe,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
} from "@solana/kit";
import { getAddMemoInstruction } from "@solana-program/memo";
import { createWalletClient, defineChain, type Hex, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { expect, it } from "vitest";
import { startX402kitFacilitator } from "../peers/x402kitFacilitator.js";
import { runConformance } from "../src/index.js";

/**
 * A misbehaving facilitator for the transaction check itself: x402kit's facilitator behind a proxy that, after every
 * settlement it refuses, broadcasts a transaction from the facilitator's account anyway, as a facilitator that
 * broadcasts a refused payment would: on EVM one that reverts (a call of the token with data it has no function
 * for), on Solana one that costs the fee payer a fee.
 */
async function startMisbehavingFacilitator(env: Record<string, string | undefined>) {
  const inner = await startX402kitFacilitator({ ...env, PORT: "0" });
  // A Solana run starts no EVM chain (no RPC_URL): the wallet is built only on EVM.
  const wallet = env["RPC_URL"]
    ? createWalletClient({
        account: privateKeyToAccount(env["FACILITATOR_PRIVATE_KEY"] as Hex),
        chain: defineChain({
          id: Number(env["CHAIN_ID"]),
          name: "suite",
          nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
          rpcUrls: { default: { http: [env["RPC_URL"]] } },
        }),
        transport: http(env["RPC_URL"]),
      })
    : undefined;
  // On Solana: a transaction of the fee payer's own (a memo), so that it pays a fee while refusing the payment.
  const payFee = async () => {
    const rpc = createSolanaRpc(env["SVM_RPC_URL"]!);
    const feePayer = await createKeyPairSignerFromBytes(
      new Uint8Array(getBase58Encoder().encode(env["SVM_FEE_PAYER_KEY"]!)),
    );
    const { value: blockhash } = await rpc.getLatestBlockhash().send();
    const signed = await signTransactionMessageWithSigners(
      pipe(
        createTransactionMessage({ version: 0 }),
        (m) => setTransactionMessageFeePayerSigner(feePayer, m),
        (m) => setTransactionMessageLifetimeUsingBlockhash(blockhash, m),
        (m) =>
          appendTransactionMessageInstructions(
            [
              getAddMemoInstruction(
                { memo: "refused anyway" },
                { programAddress: address("MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr") },
              ),
            ],
            m,
          ),
      ),
    );
    await rpc.sendTransaction(getBase64EncodedWireTransaction(signed), { encoding: "base64" }).send();
  };
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const answer = await fetch(`${inner.url}${request.url}`, {
      method: request.method ?? "GET",
      headers: { "content-type": "application/json" },
      ...(request.method === "POST" ? { body: Buffer.concat(chunks) } : {}),
    });
    const text = await answer.text();
    const refused =
      request.url === "/settle" && (JSON.parse(text) as { success?: boolean }).success === false;
    if (refused && env["SVM_RPC_URL"]) await payFee().catch((error) => console.error("payFee:", error));
    else if (refused && wallet)
      await wallet
        .sendTransaction({ to: env["ASSET"] as Hex, data: "0xdeadbeef", gas: 100_000n })
        .catch(() => {}); // Hardhat mines the reverting transaction and answers with an error.
    response.writeHead(answer.status, { "content-type": "application/json" });
    response.end(text);
  });
  await new Promise<void>((resolve) => server.listen(Number(env["PORT"]), "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await inner.stop();
    },
  };
}

// The check after every facilitator case (README: "Transactions") must catch a facilitator that spends gas on a
// payment it refuses, and must not blame one that settles a valid payment.
it("the transaction check fails a case whose refused payment was broadcast anyway", {
  timeout: 120_000,
}, async () => {
  const report = await runConformance({
    target: "facilitator",
    start: startMisbehavingFacilitator,
    only: ["facilitator.settle.unverified-bad-signature", "facilitator.settle.success"],
  });
  const byId = Object.fromEntries(report.cases.map((c) => [c.id, c]));
  const refused = byId["facilitator.settle.unverified-bad-signature"]!;
  expect(refused.status).toBe("fail");
  expect(refused.message).toMatch(/reverted transaction/);
  expect(refused.message).toMatch(/for a refused payment \(gas spent\)/);
  expect(byId["facilitator.settle.success"]!.status).toBe("pass");
});

it("on Solana, it fails a refused case in which the fee payer paid a fee", { timeout: 120_000 }, async () => {
  const report = await runConformance({
    target: "facilitator",
    family: "solana",
    start: startMisbehavingFacilitator,
    only: ["facilitator.svm.verify.amount-mismatch", "facilitator.svm.settle-success"],
  });
  const byId = Object.fromEntries(report.cases.map((c) => [c.id, c]));
  const refused = byId["facilitator.svm.verify.amount-mismatch"]!;
  expect(refused.status).toBe("fail");
  expect(refused.message).toMatch(/the fee payer's lamports changed by -\d+ for a refused payment/);
  expect(byId["facilitator.svm.settle-success"]!.status).toBe("pass");
});
