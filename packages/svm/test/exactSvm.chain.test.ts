import {
  type AccountMeta,
  AccountRole,
  type Address,
  appendTransactionMessageInstructions,
  createDefaultRpcTransport,
  createNoopSigner,
  createSolanaRpcFromTransport,
  createTransactionMessage,
  getBase64EncodedWireTransaction,
  getTransactionDecoder,
  pipe,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
} from "@solana/kit";
import {
  getRequestHeapFrameInstruction,
  getSetComputeUnitPriceInstruction,
} from "@solana-program/compute-budget";
import { getTransferSolInstruction } from "@solana-program/system";
import {
  findAssociatedTokenPda,
  getTransferCheckedInstruction,
  getTransferInstruction,
} from "@solana-program/token";
import { parsePrice } from "@x402kit/core";
import {
  deriveSolanaTestAccounts,
  type SolanaTestAccount,
  type SolanaTestChain,
  startSolanaTestChain,
} from "@x402kit/testchain/solana";
import type { PaymentRequirements } from "@x402kit/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lighthouseProgramAddress, memoProgramAddress, tokenProgramAddress } from "../src/constants.js";
import { exactSvmFacilitator } from "../src/facilitator/exactSvmFacilitator.js";
import { exactSvmClient, exactSvmServer, verifyExactSvmPayment } from "../src/index.js";
import { decodeSvmTransaction } from "../src/utils/decodeSvmTransaction.js";
import { type BuildPaymentReturnType, buildPayment, memoWithAccount } from "./buildPayment.js";

// One Solana test chain for the file.
let chain: SolanaTestChain;
let second: SolanaTestAccount;
let stranger: SolanaTestAccount;
let facilitator: ReturnType<typeof exactSvmFacilitator>;

beforeAll(async () => {
  chain = await startSolanaTestChain({ buyers: 3 });
  [second, stranger] = (await deriveSolanaTestAccounts({ from: 50, count: 2 })) as [
    SolanaTestAccount,
    SolanaTestAccount,
  ];
  await chain.airdrop(second!.address, 1_000_000_000n);
  // The fee payer holds tokens too: a payment must never move them.
  await chain.mint(chain.accounts.facilitator.address, 5_000_000n);
  facilitator = exactSvmFacilitator({
    networks: {
      [chain.network]: { rpc: chain.rpcUrl, feePayer: [chain.accounts.facilitator.signer, second!.signer] },
    },
    pollingIntervalMs: 20,
  });
});
afterAll(async () => {
  await chain?.stop();
});

/** Token balances of the parties, and the fee payers' lamports. */
async function snapshot() {
  const { buyer, seller, facilitator: feePayer } = chain.accounts;
  return Promise.all([
    chain.balanceOf(chain.usdc.address, buyer.address),
    chain.balanceOf(chain.usdc.address, seller.address),
    chain.balanceOf(chain.usdc.address, feePayer.address),
    chain.balanceOf(chain.usdc2022.address, buyer.address),
    chain.balanceOf(chain.usdc2022.address, seller.address),
    chain.lamports(feePayer.address),
    chain.lamports(second.address),
  ]);
}

/** The payment with other requirements, `accepted` included (the transaction is left as it was signed). */
function withRequirements(payment: BuildPaymentReturnType, patch: Partial<PaymentRequirements>) {
  const requirements = { ...payment.requirements, ...patch };
  return { requirements, payload: { ...payment.payload, accepted: requirements } };
}

/** The default payment with the TransferChecked's account list rewritten. */
function withTransferAccounts(rewrite: (accounts: readonly AccountMeta[]) => AccountMeta[]) {
  return buildPayment(chain, {
    instructions: (parts) => [
      parts.limit,
      parts.price,
      { ...parts.transfer, accounts: rewrite(parts.transfer.accounts ?? []) },
      parts.memo,
    ],
  });
}

/** Settles through the scheme alone, recording what `onBroadcast` saw. */
async function settle(payment: BuildPaymentReturnType) {
  const broadcasts: { signature: string; statusAtBroadcast: unknown }[] = [];
  const response = await facilitator.settle(payment, {
    onBroadcast: async (signature) => {
      const { value } = await chain.rpc.getSignatureStatuses([signature as never]).send();
      broadcasts.push({ signature, statusAtBroadcast: value[0] });
    },
  });
  return { response, broadcasts };
}

describe("exact on Solana: a valid payment", () => {
  it("verifies, then settles once: the signature is recorded before it is sent, and balances move to the unit", async () => {
    const payment = await buildPayment(chain);
    expect(await facilitator.verify(payment)).toEqual({ isValid: true, payer: chain.accounts.buyer.address });
    const before = await snapshot();
    const { response, broadcasts } = await settle(payment);
    expect(response).toMatchObject({
      success: true,
      network: chain.network,
      payer: chain.accounts.buyer.address,
      amount: "10000",
    });
    expect(broadcasts).toEqual([{ signature: response.transaction, statusAtBroadcast: null }]);
    const after = await snapshot();
    // The buyer pays 0.01 USDC; the fee payer pays two signatures and a 1-micro-lamport price on 20 000 units.
    expect(after.map((value, index) => value - before[index]!)).toEqual([
      -10_000n,
      10_000n,
      0n,
      0n,
      0n,
      -10_001n,
      0n,
    ]);
    // A replay: the transaction already landed.
    expect(await facilitator.verify(payment)).toMatchObject({
      isValid: false,
      invalidReason: "duplicate_settlement",
    });
    expect((await settle(payment)).response).toMatchObject({
      success: false,
      errorReason: "duplicate_settlement",
      transaction: "",
    });
    expect(await snapshot()).toEqual(after);
  });

  it("settles Token-2022, a seller's memo, a legacy transaction, and the second fee payer", async () => {
    const before = await snapshot();
    for (const payment of [
      await buildPayment(chain, { token: chain.usdc2022, amount: 2_500n }),
      await buildPayment(chain, { memo: "invoice 42 ✓", amount: 1n }),
      await buildPayment(chain, { version: "legacy", amount: 2n }),
      await buildPayment(chain, { requirementsFeePayer: second.address, amount: 3n }),
    ]) {
      const { response } = await settle(payment);
      expect(response, JSON.stringify(response)).toMatchObject({ success: true });
    }
    const after = await snapshot();
    expect(after.map((value, index) => value - before[index]!)).toEqual([
      -6n,
      6n,
      0n,
      -2_500n,
      2_500n,
      -30_003n,
      -10_001n,
    ]);
  });

  it("settles a merchant-sponsored payment: the fee payer is payTo (scheme_exact_svm.md §2.1.1)", async () => {
    // The fee payer may be the recipient: the transfer names payTo's token account, never the fee payer itself.
    const feePayer = chain.accounts.facilitator.address;
    const payment = await buildPayment(chain, { payTo: feePayer, amount: 7n });
    expect(await facilitator.verify(payment)).toEqual({ isValid: true, payer: chain.accounts.buyer.address });
    const before = await snapshot();
    expect((await settle(payment)).response).toMatchObject({
      success: true,
      payer: chain.accounts.buyer.address,
    });
    const after = await snapshot();
    expect(after.map((value, index) => value - before[index]!)).toEqual([-7n, 0n, 7n, 0n, 0n, -10_001n, 0n]);
  });

  it("announces a fee payer per network, in turn, with the v1 twin, and every fee payer under solana:*", () => {
    const first = facilitator.supportedKinds();
    const next = facilitator.supportedKinds();
    expect(first).toEqual([
      { x402Version: 2, scheme: "exact", network: chain.network, extra: { feePayer: expect.any(String) } },
      { x402Version: 1, scheme: "exact", network: "solana-devnet", extra: first[0]!.extra },
    ]);
    expect(new Set([first[0]!.extra!.feePayer, next[0]!.extra!.feePayer])).toEqual(
      new Set([chain.accounts.facilitator.address, second.address]),
    );
    expect(facilitator.signers()).toEqual({
      "solana:*": [chain.accounts.facilitator.address, second.address],
    });
    expect(
      facilitator.settlementKey({ payload: { payload: {} }, requirements: {} } as never),
    ).toBeUndefined();
  });
});

describe("exact on Solana: every refusal has its reason, and moves nothing", () => {
  const cases: {
    name: string;
    payment: () => Promise<BuildPaymentReturnType>;
    reason: string;
    message?: RegExp;
  }[] = [
    {
      name: "requirements without extra.feePayer",
      payment: async () => {
        const payment = await buildPayment(chain);
        payment.requirements = { ...payment.requirements, extra: {} };
        payment.payload = { ...payment.payload, accepted: payment.requirements };
        return payment;
      },
      reason: "invalid_exact_svm_payload_missing_fee_payer",
    },
    {
      name: "a fee payer that is not the facilitator's",
      payment: () => buildPayment(chain, { requirementsFeePayer: stranger.address }),
      reason: "invalid_exact_svm_fee_payer_not_managed_by_facilitator",
    },
    {
      name: "a payload without a transaction",
      payment: async () => {
        const payment = await buildPayment(chain);
        return { ...payment, payload: { ...payment.payload, payload: { signature: "x" } } };
      },
      reason: "invalid_payload",
    },
    {
      name: "bytes that are not a transaction",
      payment: () => buildPayment(chain, { tamper: () => new Uint8Array([1, 2, 3, 4, 5, 6]) }),
      reason: "invalid_exact_svm_payload_transaction_could_not_be_decoded",
    },
    {
      name: "bytes after the transaction",
      payment: () => buildPayment(chain, { tamper: (bytes) => new Uint8Array([...bytes, 0]) }),
      reason: "invalid_exact_svm_payload_transaction_could_not_be_decoded",
    },
    {
      name: "a transaction whose fee payer is not the requirements' (§2.1.1)",
      payment: () => buildPayment(chain, { feePayer: second.address }),
      reason: "invalid_exact_svm_fee_payer_mismatch",
    },
    {
      name: "a third signer (§2.1.4)",
      payment: () =>
        buildPayment(chain, {
          instructions: (parts) => [
            parts.limit,
            parts.price,
            parts.transfer,
            memoWithAccount(chain.accounts.buyers[1]!.signer),
          ],
        }),
      reason: "invalid_exact_svm_payload_excessive_signers",
    },
    {
      name: "two instructions (§3.1)",
      payment: () => buildPayment(chain, { instructions: (parts) => [parts.limit, parts.transfer] }),
      reason: "invalid_exact_svm_payload_transaction_instructions_length",
    },
    {
      name: "eight instructions (§3.1)",
      payment: () =>
        buildPayment(chain, {
          instructions: (parts) => [parts.limit, parts.price, parts.transfer, ...Array(5).fill(parts.memo)],
        }),
      reason: "invalid_exact_svm_payload_transaction_instructions_length",
    },
    {
      name: "no compute unit limit first",
      payment: () =>
        buildPayment(chain, {
          instructions: (parts) => [parts.price, parts.limit, parts.transfer, parts.memo],
        }),
      reason: "invalid_exact_svm_payload_transaction_instructions_compute_limit_instruction",
    },
    {
      name: "a compute unit limit above the cap (§2.2.1)",
      payment: () =>
        buildPayment(chain, {
          instructions: (parts) => [
            { ...parts.limit, data: new Uint8Array([2, 0x20, 0xa1, 0x07, 0x00]) }, // 500 000
            parts.price,
            parts.transfer,
            parts.memo,
          ],
        }),
      reason: "invalid_exact_svm_payload_transaction_instructions_compute_limit_instruction_too_high",
    },
    {
      name: "no compute unit price second",
      payment: () =>
        buildPayment(chain, {
          instructions: (parts) => [parts.limit, parts.memo, parts.transfer, parts.memo],
        }),
      reason: "invalid_exact_svm_payload_transaction_instructions_compute_price_instruction",
    },
    {
      name: "a compute unit price above 5 lamports per unit (§3.1)",
      payment: () =>
        buildPayment(chain, {
          instructions: (parts) => [
            parts.limit,
            { ...parts.price, data: new Uint8Array([3, 0x41, 0x4b, 0x4c, 0, 0, 0, 0, 0]) }, // 5 000 001
            parts.transfer,
            parts.memo,
          ],
        }),
      reason: "invalid_exact_svm_payload_transaction_instructions_compute_price_instruction_too_high",
    },
    {
      name: "a Transfer instead of a TransferChecked (§1.1)",
      payment: async () =>
        buildPayment(chain, {
          instructions: (parts) => [
            parts.limit,
            parts.price,
            getTransferInstruction({
              source: parts.transfer.accounts![0]!.address,
              destination: parts.transfer.accounts![2]!.address,
              authority: chain.accounts.buyer.signer,
              amount: 10_000n,
            }),
            parts.memo,
          ],
        }),
      reason: "invalid_exact_svm_payload_no_transfer_instruction",
    },
    {
      name: "a SOL transfer after the payment",
      payment: () =>
        buildPayment(chain, {
          instructions: (parts) => [
            parts.limit,
            parts.price,
            parts.transfer,
            getTransferSolInstruction({
              source: chain.accounts.buyer.signer,
              destination: chain.accounts.seller.address,
              amount: 1n,
            }),
          ],
        }),
      reason: "invalid_exact_svm_payload_unknown_fourth_instruction",
    },
    {
      name: "a transfer of the fee payer's own tokens (§2.1.3)",
      payment: () =>
        buildPayment(chain, {
          payer: createNoopSigner(chain.accounts.facilitator.address),
          sourceOwner: chain.accounts.facilitator.address,
        }),
      reason: "invalid_exact_svm_payload_transaction_fee_payer_transferring_funds",
    },
    {
      name: "a transfer of another fee payer's tokens, with the second fee payer paying",
      payment: () =>
        buildPayment(chain, {
          payer: createNoopSigner(chain.accounts.facilitator.address),
          sourceOwner: chain.accounts.facilitator.address,
          requirementsFeePayer: second.address,
        }),
      reason: "invalid_exact_svm_payload_transaction_fee_payer_transferring_funds",
    },
    {
      name: "the fee payer named in the memo's accounts (§2.1.1)",
      payment: () =>
        buildPayment(chain, {
          instructions: (parts) => [
            parts.limit,
            parts.price,
            parts.transfer,
            memoWithAccount(second.address),
          ],
        }),
      reason: "invalid_exact_svm_payload_fee_payer_not_isolated",
    },
    {
      // (@solana/kit will not even compile a message whose fee payer is invoked; the other fee payer can be.)
      name: "a fee payer of the facilitator invoked as a program (§2.1.1)",
      payment: () =>
        buildPayment(chain, {
          instructions: (parts) => [
            parts.limit,
            parts.price,
            parts.transfer,
            { programAddress: second.address, data: new Uint8Array([1]) },
          ],
        }),
      reason: "invalid_exact_svm_payload_unknown_fourth_instruction",
    },
    {
      name: "the fee payer as the transfer's delegate, moving the buyer's tokens (§2.1.1)",
      payment: () =>
        buildPayment(chain, {
          payer: createNoopSigner(chain.accounts.facilitator.address),
          sourceOwner: chain.accounts.buyer.address,
        }),
      reason: "invalid_exact_svm_payload_transaction_fee_payer_transferring_funds",
    },
    {
      name: "the fee payer's own address as the transfer's destination (§2.1.1)",
      payment: () =>
        withTransferAccounts((accounts) =>
          accounts.map((account, index) =>
            index === 2 ? { ...account, address: chain.accounts.facilitator.address } : account,
          ),
        ),
      reason: "invalid_exact_svm_payload_fee_payer_not_isolated",
    },
    {
      name: "the fee payer named in a Lighthouse instruction (§2.1.1)",
      payment: () =>
        buildPayment(chain, {
          instructions: (parts) => [
            parts.limit,
            parts.price,
            parts.transfer,
            memoWithAccount(chain.accounts.facilitator.address, "assert", lighthouseProgramAddress),
          ],
        }),
      reason: "invalid_exact_svm_payload_fee_payer_not_isolated",
    },
    {
      name: "a RequestHeapFrame instead of the compute unit limit (§2.2.1)",
      payment: () =>
        buildPayment(chain, {
          instructions: (parts) => [
            getRequestHeapFrameInstruction({ bytes: 64 * 1024 }),
            parts.price,
            parts.transfer,
            parts.memo,
          ],
        }),
      reason: "invalid_exact_svm_payload_transaction_instructions_compute_limit_instruction",
    },
    {
      name: "a second compute budget instruction after the transfer (§2.2.1)",
      payment: () =>
        buildPayment(chain, {
          instructions: (parts) => [
            parts.limit,
            parts.price,
            parts.transfer,
            parts.memo,
            getSetComputeUnitPriceInstruction({ microLamports: 4_000_000n }),
          ],
        }),
      reason: "invalid_exact_svm_payload_unknown_fifth_instruction",
    },
    {
      name: "a TransferChecked with a multisig authority (more than one authority account)",
      payment: () =>
        withTransferAccounts((accounts) => [
          ...accounts,
          { address: stranger.address, role: AccountRole.READONLY },
        ]),
      reason: "invalid_exact_svm_payload_no_transfer_instruction",
    },
    {
      name: "Token-2022 paying payTo's SPL Token account: the ATA is derived under the transfer's program (§1.2)",
      payment: async () => {
        const [splAccount] = await findAssociatedTokenPda({
          mint: chain.usdc2022.address,
          owner: chain.accounts.seller.address,
          tokenProgram: tokenProgramAddress,
        });
        return buildPayment(chain, {
          token: chain.usdc2022,
          instructions: (parts) => [
            parts.limit,
            parts.price,
            getTransferCheckedInstruction(
              {
                source: parts.transfer.accounts![0]!.address,
                mint: chain.usdc2022.address,
                destination: splAccount,
                authority: chain.accounts.buyer.signer,
                amount: 10_000n,
                decimals: 6,
              },
              { programAddress: chain.usdc2022.tokenProgram },
            ),
            parts.memo,
          ],
        });
      },
      reason: "invalid_exact_svm_payload_recipient_mismatch",
    },
    {
      name: "a memo that is not UTF-8 where the seller asks for one (§3.1)",
      payment: async () => {
        const payment = await buildPayment(chain, {
          instructions: (parts) => [
            parts.limit,
            parts.price,
            parts.transfer,
            { programAddress: memoProgramAddress, data: new Uint8Array([0xff, 0xfe, 0x6f]) },
          ],
        });
        return withRequirements(payment, { extra: { ...payment.requirements.extra, memo: "order 12" } });
      },
      reason: "invalid_exact_svm_payload_memo_mismatch",
    },
    {
      name: "a transaction larger than a packet (1232 bytes)",
      payment: async () => {
        const payment = await buildPayment(chain);
        return { ...payment, payload: { ...payment.payload, payload: { transaction: "A".repeat(1648) } } };
      },
      reason: "invalid_payload",
    },
    {
      name: "a signature slot missing (fewer signatures than signers)",
      payment: () => buildPayment(chain, { tamper: (bytes) => new Uint8Array([1, ...bytes.slice(1 + 64)]) }),
      reason: "invalid_exact_svm_payload_transaction_could_not_be_decoded",
    },
    {
      name: "another mint (§1.2)",
      payment: async () => {
        const payment = await buildPayment(chain, { token: chain.usdc2022 });
        return withRequirements(payment, { asset: chain.usdc.address });
      },
      reason: "invalid_exact_svm_payload_mint_mismatch",
    },
    {
      name: "another recipient (§1.2)",
      payment: () => buildPayment(chain, { destinationOwner: chain.accounts.buyers[1]!.address }),
      reason: "invalid_exact_svm_payload_recipient_mismatch",
    },
    {
      name: "less than the amount (§1.4)",
      payment: () => buildPayment(chain, { transferAmount: 9_999n }),
      reason: "invalid_exact_svm_payload_amount_mismatch",
    },
    {
      name: "more than the amount (exact)",
      payment: () => buildPayment(chain, { transferAmount: 10_001n }),
      reason: "invalid_exact_svm_payload_amount_mismatch",
    },
    {
      name: "no memo where the seller asks for one (§3.1)",
      payment: async () => {
        const payment = await buildPayment(chain, {
          instructions: (parts) => [parts.limit, parts.price, parts.transfer],
        });
        return withRequirements(payment, { extra: { ...payment.requirements.extra, memo: "order 7" } });
      },
      reason: "invalid_exact_svm_payload_memo_count",
    },
    {
      name: "another memo than the seller's",
      payment: async () => {
        const payment = await buildPayment(chain, { memo: "order 8" });
        return withRequirements(payment, { extra: { ...payment.requirements.extra, memo: "order 7" } });
      },
      reason: "invalid_exact_svm_payload_memo_mismatch",
    },
    {
      name: "the seller's memo twice",
      payment: () =>
        buildPayment(chain, {
          memo: "order 9",
          instructions: (parts) => [parts.limit, parts.price, parts.transfer, parts.memo, parts.memo],
        }),
      reason: "invalid_exact_svm_payload_memo_count",
    },
    {
      name: "a tampered client signature",
      payment: () =>
        buildPayment(chain, {
          tamper: (bytes) => {
            const copy = new Uint8Array(bytes);
            copy[1 + 64 + 5]! ^= 0xff; // inside the second signature (the client's)
            return copy;
          },
        }),
      reason: "invalid_exact_svm_payload_signature_invalid",
    },
    {
      name: "a transfer whose authority does not sign",
      payment: () => buildPayment(chain, { payer: createNoopSigner(chain.accounts.buyers[1]!.address) }),
      reason: "invalid_exact_svm_payload_signature_invalid",
    },
    {
      name: "accounts from an address lookup table (§2.1.2)",
      payment: () =>
        buildPayment(chain, {
          lookupTable: { address: stranger.address, addresses: [chain.usdc.address] },
        }),
      reason: "invalid_exact_svm_smart_wallet_alt_resolution_not_available",
    },
    {
      name: "more than the payer holds",
      payment: () => buildPayment(chain, { amount: 10n ** 12n }),
      reason: "insufficient_funds",
    },
    {
      name: "wrong decimals (the simulation fails)",
      payment: () => buildPayment(chain, { decimals: 9 }),
      reason: "invalid_exact_svm_transaction_simulation_failed",
      message: /decimals are not the mint's/,
    },
    {
      name: "a recipient without a token account (the simulation fails)",
      payment: async () => {
        const payment = await buildPayment(chain, { destinationOwner: stranger.address });
        return withRequirements(payment, { payTo: stranger.address });
      },
      reason: "invalid_exact_svm_transaction_simulation_failed",
    },
    {
      name: "a network this facilitator does not serve",
      payment: async () => {
        const payment = await buildPayment(chain);
        return withRequirements(payment, { network: "solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp" });
      },
      reason: "invalid_network",
    },
    {
      name: "an asset that is not a Solana address",
      payment: async () => {
        const payment = await buildPayment(chain);
        return withRequirements(payment, { asset: "0x036CbD53842c5426634e7929541eC2318f3dCF7e" });
      },
      reason: "invalid_payment_requirements",
    },
  ];

  it.each(cases)("$name: $reason", async ({ payment: build, reason, message }) => {
    const payment = await build();
    const before = await snapshot();
    const verified = await facilitator.verify(payment);
    expect(verified, JSON.stringify(verified)).toMatchObject({ isValid: false, invalidReason: reason });
    expect(verified.invalidMessage).toMatch(message ?? /./);
    const { response, broadcasts } = await settle(payment);
    expect(response).toMatchObject({ success: false, errorReason: reason, transaction: "" });
    expect(broadcasts).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a transaction whose blockhash expired, before and after it was sent", async () => {
    const payment = await buildPayment(chain);
    const valid = await verifyExactSvmPayment({
      payment,
      contexts: new Map(),
      settings: {} as never,
    });
    expect(valid.response).toMatchObject({ isValid: false, invalidReason: "invalid_network" });
    const before = await snapshot();
    chain.skipSlots(151);
    expect(await facilitator.verify(payment)).toMatchObject({
      isValid: false,
      invalidReason: "invalid_exact_svm_payload_blockhash_expired",
    });
    expect((await settle(payment)).response).toMatchObject({
      errorReason: "invalid_exact_svm_payload_blockhash_expired",
    });
    expect(await snapshot()).toEqual(before);
    // The decoder is strict: the payload is the same wire bytes a client sent.
    expect(
      getTransactionDecoder().decode(Buffer.from(payment.payload.payload.transaction as string, "base64")),
    ).toBeTruthy();
    expect(facilitator.settlementKey(payment)).toMatch(
      new RegExp(`^${chain.network}:[1-9A-HJ-NP-Za-km-z]{32,44}$`),
    );
  });
});

describe("exact on Solana: the client and server sides", () => {
  const directory = () => ({
    supported: async () => ({
      kinds: facilitator.supportedKinds(),
      extensions: [],
      signers: facilitator.signers(),
    }),
  });

  it("prices a route in USDC with the facilitator's fee payer; the client pays it, mints looked up once", async () => {
    const server = exactSvmServer({ facilitator: directory() });
    const requirements = await server.buildRequirements({
      network: chain.network,
      price: parsePrice("$0.25"),
      payTo: chain.accounts.seller.address,
      maxTimeoutSeconds: 60,
      extra: { memo: "order 11" },
    });
    expect(requirements).toMatchObject({
      scheme: "exact",
      amount: "250000",
      asset: chain.usdc.address,
      extra: { memo: "order 11", feePayer: expect.any(String) },
    });
    const client = exactSvmClient({ signer: chain.accounts.buyers[2]!.signer, rpc: chain.rpcUrl });
    chain.resetRequestCounts();
    const first = await client.createPaymentPayload({ requirements });
    const { value: latest } = await chain.rpc.getLatestBlockhash().send(); // the server's hint
    const hinted = {
      ...requirements,
      extra: {
        ...requirements.extra,
        recentBlockhash: latest.blockhash,
        lastValidBlockHeight: `${latest.lastValidBlockHeight}`,
      },
    };
    const second = await client.createPaymentPayload({ requirements: hinted });
    // One mint lookup for both; the second payment used the hint instead of asking for a blockhash.
    expect(chain.requestCounts()).toEqual({ getAccountInfo: 1, getLatestBlockhash: 2 });
    // The client's memo (scheme_exact_svm.md §3.1): the seller's `extra.memo`; without one, a 16-byte hex nonce.
    const unpriced = await client.createPaymentPayload({
      requirements: { ...requirements, extra: { feePayer: requirements.extra!.feePayer } },
    });
    const memos = (payload: Record<string, unknown>) => {
      const decoding = decodeSvmTransaction(payload.transaction as string);
      if (!decoding.ok) throw new Error(decoding.message);
      return decoding.decoded.instructions
        .filter((instruction) => instruction.programAddress === memoProgramAddress)
        .map((instruction) => new TextDecoder().decode(instruction.data));
    };
    expect(memos(first.payload)).toEqual(["order 11"]);
    expect(memos(unpriced.payload)).toEqual([expect.stringMatching(/^[0-9a-f]{32}$/)]);
    for (const [payload, accepted] of [
      [first.payload, requirements],
      [second.payload, hinted],
    ] as const) {
      const verified = await facilitator.verify({
        payload: { x402Version: 2, accepted, payload },
        requirements: accepted,
      });
      expect(verified).toEqual({ isValid: true, payer: chain.accounts.buyers[2]!.address });
    }
    const token2022 = await client.createPaymentPayload({
      requirements: {
        ...requirements,
        asset: chain.usdc2022.address,
        extra: { feePayer: requirements.extra!.feePayer },
      },
    });
    const accepted = {
      ...requirements,
      asset: chain.usdc2022.address,
      extra: { feePayer: requirements.extra!.feePayer },
    };
    expect(
      await facilitator.verify({
        payload: { x402Version: 2, accepted, payload: token2022.payload },
        requirements: accepted,
      }),
    ).toMatchObject({ isValid: true });
  });

  it("refuses what it cannot price or pay, with a reason", async () => {
    const server = exactSvmServer({ facilitator: directory() });
    const input = {
      network: chain.network,
      price: parsePrice("$1"),
      payTo: chain.accounts.seller.address,
      maxTimeoutSeconds: 60,
    };
    await expect(server.buildRequirements({ ...input, network: "eip155:1" })).rejects.toThrow(
      /not a Solana network/,
    );
    await expect(server.buildRequirements({ ...input, payTo: "0xabc" })).rejects.toThrow(
      /not a Solana address/,
    );
    await expect(server.buildRequirements({ ...input, extra: { memo: "x".repeat(257) } })).rejects.toThrow(
      /memo/,
    );
    await expect(exactSvmServer().buildRequirements(input)).rejects.toThrow(/fee payer/);
    await expect(
      server.buildRequirements({ ...input, network: "solana:11111111111111111111111111111111" }),
    ).rejects.toThrow(/No asset/);
    const client = exactSvmClient({ signer: chain.accounts.buyer.signer, rpc: chain.rpcUrl });
    const requirements = await server.buildRequirements(input);
    await expect(
      client.createPaymentPayload({ requirements: { ...requirements, network: "eip155:1" } }),
    ).rejects.toThrow(/does not pay/);
    await expect(
      client.createPaymentPayload({ requirements: { ...requirements, extra: {} } }),
    ).rejects.toMatchObject({
      code: "invalid_payment_requirements",
    });
    await expect(
      client.createPaymentPayload({
        requirements: { ...requirements, asset: chain.accounts.seller.address },
      }),
    ).rejects.toThrow(/not a mint/);
  });
});

describe("exact on Solana: what changes between verify and landing", () => {
  /** Moves `amount` of the buyer's USDC to the seller in a transaction the buyer pays and signs alone. */
  async function spendElsewhere(buyer: SolanaTestAccount, amount: bigint) {
    const [[source], [destination], { value: lifetime }] = await Promise.all([
      findAssociatedTokenPda({
        mint: chain.usdc.address,
        owner: buyer.address,
        tokenProgram: tokenProgramAddress,
      }),
      findAssociatedTokenPda({
        mint: chain.usdc.address,
        owner: chain.accounts.seller.address,
        tokenProgram: tokenProgramAddress,
      }),
      chain.rpc.getLatestBlockhash().send(),
    ]);
    const transfer = getTransferCheckedInstruction({
      source,
      mint: chain.usdc.address,
      destination,
      authority: buyer.signer,
      amount,
      decimals: 6,
    });
    const signed = await signTransactionMessageWithSigners(
      pipe(
        createTransactionMessage({ version: 0 }),
        (draft) => setTransactionMessageFeePayerSigner(buyer.signer, draft),
        (draft) => setTransactionMessageLifetimeUsingBlockhash(lifetime, draft),
        (draft) => appendTransactionMessageInstructions([transfer], draft),
      ),
    );
    await chain.rpc.sendTransaction(getBase64EncodedWireTransaction(signed), { encoding: "base64" }).send();
  }

  it("a transfer that fails on-chain is invalid_transaction_state with its signature; only the fee is spent", async () => {
    const buyer = chain.accounts.buyers[1]!;
    await chain.airdrop(buyer.address, 1_000_000_000n);
    const payment = await buildPayment(chain, { payer: buyer.signer, amount: 10_000n });
    const balance = await chain.balanceOf(chain.usdc.address, buyer.address);
    const before = await snapshot();
    // Verified and simulated; then, before it is sent, the buyer spends all but 1 unit elsewhere.
    const response = await facilitator.settle(payment, {
      onBroadcast: () => spendElsewhere(buyer, balance - 1n),
    });
    expect(response).toMatchObject({
      success: false,
      errorReason: "invalid_transaction_state",
      transaction: expect.stringMatching(/^[1-9A-HJ-NP-Za-km-z]{64,88}$/),
      payer: buyer.address,
    });
    const { value } = await chain.rpc.getSignatureStatuses([response.transaction as never]).send();
    expect(value[0]?.err).toBeTruthy();
    expect(await chain.balanceOf(chain.usdc.address, buyer.address)).toBe(1n);
    const after = await snapshot();
    // The seller got what was spent elsewhere, no more; the fee payer paid the fee of the failed transaction.
    expect(after[1]! - before[1]!).toBe(balance - 1n);
    expect(after[5]! - before[5]!).toBe(-10_001n);
  });

  it("a send that is lost: settlement_pending with the signature; recovery sends it again, and it lands once", async () => {
    // The node answers sendTransaction but the transaction goes nowhere, as when a leader drops it (a fault the
    // local chain cannot produce by itself); every other request reaches the chain.
    const transport = createDefaultRpcTransport({ url: chain.rpcUrl });
    let dropped = 0;
    const losing = exactSvmFacilitator({
      networks: {
        [chain.network]: {
          rpc: createSolanaRpcFromTransport(async (request) => {
            const { method, id } = request.payload as { method: string; id: unknown };
            if (method !== "sendTransaction") return transport(request);
            dropped++;
            return { jsonrpc: "2.0", id, result: "1".repeat(64) } as never;
          }),
          feePayer: chain.accounts.facilitator.signer,
        },
      },
      pollingIntervalMs: 20,
      confirmTimeoutMs: 200,
    });
    const payment = await buildPayment(chain, { amount: 11n });
    const before = await snapshot();
    const broadcasts: string[] = [];
    const response = await losing.settle(payment, {
      onBroadcast: async (signature) => {
        broadcasts.push(signature);
      },
    });
    expect(dropped).toBeGreaterThan(0);
    expect(response).toMatchObject({
      success: false,
      errorReason: "settlement_pending",
      transaction: broadcasts[0],
    });
    expect(await snapshot()).toEqual(before);
    // Crash recovery with the real node: no status, a valid blockhash, so it signs and sends the same transaction.
    const broadcast = {
      transaction: broadcasts[0]!,
      network: chain.network,
      requirements: payment.requirements,
      payload: payment.payload,
    };
    expect(await facilitator.resolveBroadcast(broadcast)).toBeUndefined();
    expect(await facilitator.resolveBroadcast(broadcast)).toMatchObject({
      success: true,
      transaction: broadcasts[0],
    });
    const after = await snapshot();
    expect(after.map((value, index) => value - before[index]!)).toEqual([
      -11n,
      11n,
      0n,
      0n,
      0n,
      -10_001n,
      0n,
    ]);
  });

  it("fee caps: a refused fee sends nothing; an approved one reports exactly the lamports the fee payer paid", async () => {
    const payment = await buildPayment(chain, { amount: 14n });
    const before = await snapshot();
    const refused = await facilitator.settle(payment, {
      onBroadcast: async () => {
        throw new Error("a refused fee must not be broadcast");
      },
      approveFee: () => ({ approved: false, reason: "policy_fee_too_high", message: "over the cap" }),
    });
    expect(refused).toMatchObject({ success: false, errorReason: "policy_fee_too_high", transaction: "" });
    expect(await snapshot()).toEqual(before);
    const asked: bigint[] = [];
    const paid: (bigint | undefined)[] = [];
    const response = await facilitator.settle(payment, {
      onBroadcast: async () => {},
      approveFee: ({ maximum }) => {
        asked.push(maximum);
        return { approved: true, paid: (amount) => paid.push(amount) };
      },
    });
    expect(response).toMatchObject({ success: true });
    const after = await snapshot();
    const spent = before[5]! - after[5]! + (before[6]! - after[6]!);
    expect(spent).toBeGreaterThan(0n);
    expect([asked, paid]).toEqual([[spent], [spent]]);
  });

  it("a sent transaction is asked about at once, not after the polling interval (a chain that lands at once)", async () => {
    // An hour's interval: were the first ask held for it, the second settlement would outlive the test's timeout.
    const patient = exactSvmFacilitator({
      networks: { [chain.network]: { rpc: chain.rpcUrl, feePayer: chain.accounts.facilitator.signer } },
      pollingIntervalMs: 3_600_000,
    });
    for (const amount of [12n, 13n]) {
      const response = await patient.settle(await buildPayment(chain, { amount }), {
        onBroadcast: async () => {},
      });
      expect(response).toMatchObject({ success: true, network: chain.network });
    }
  });

  it("a blockhash that expires before the transaction lands: nothing is paid, no transaction, sign again", async () => {
    const impatient = exactSvmFacilitator({
      networks: { [chain.network]: { rpc: chain.rpcUrl, feePayer: chain.accounts.facilitator.signer } },
      pollingIntervalMs: 20,
      confirmTimeoutMs: 200,
    });
    const payment = await buildPayment(chain);
    const before = await snapshot();
    const broadcasts: string[] = [];
    const response = await impatient.settle(payment, {
      onBroadcast: async (signature) => {
        broadcasts.push(signature);
        chain.skipSlots(151); // the transaction is sent after its blockhash expired: the chain drops it
      },
    });
    expect(broadcasts).toHaveLength(1);
    expect(response).toMatchObject({
      success: false,
      errorReason: "invalid_exact_svm_payload_blockhash_expired",
      transaction: "",
    });
    expect(await snapshot()).toEqual(before);
    // Crash recovery agrees: the recorded signature can never land.
    expect(
      await impatient.resolveBroadcast({
        transaction: broadcasts[0]!,
        network: chain.network,
        requirements: payment.requirements,
        payload: payment.payload,
      }),
    ).toMatchObject({
      success: false,
      errorReason: "invalid_exact_svm_payload_blockhash_expired",
      transaction: "",
    });
  });
});

export type { Address };
