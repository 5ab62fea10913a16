import {
  appendTransactionMessageInstructions,
  type Blockhash,
  createSolanaRpcFromTransport,
  createTransactionMessage,
  generateKeyPairSigner,
  getBase64EncodedWireTransaction,
  partiallySignTransactionMessageWithSigners,
  pipe,
  setTransactionMessageFeePayer,
  setTransactionMessageLifetimeUsingBlockhash,
} from "@solana/kit";
import {
  getSetComputeUnitLimitInstruction,
  getSetComputeUnitPriceInstruction,
} from "@solana-program/compute-budget";
import { findAssociatedTokenPda, getTransferCheckedInstruction } from "@solana-program/token";
import type { PaymentRequirements } from "@x402kit/types";
import { describe, expect, it } from "vitest";
import {
  knownUsdcMints,
  lighthouseProgramAddress,
  solanaNetworks,
  tokenProgramAddress,
} from "../src/constants.js";
import { exactSvmFacilitator } from "../src/facilitator/exactSvmFacilitator.js";

/** An RPC whose every request is recorded and refused: checks that need no RPC must fail before any request. */
function refusingRpc() {
  const requests: string[] = [];
  const rpc = createSolanaRpcFromTransport(async ({ payload }) => {
    requests.push((payload as { method: string }).method);
    throw new Error("unexpected RPC");
  });
  return { rpc, requests };
}

const network = solanaNetworks.devnet;
const mint = knownUsdcMints[network]!;
const [feePayer, buyer, seller] = await Promise.all([
  generateKeyPairSigner(),
  generateKeyPairSigner(),
  generateKeyPairSigner(),
]);

async function payment(
  options: { price?: bigint; extra?: Record<string, unknown>; lighthouse?: boolean } = {},
) {
  const requirements: PaymentRequirements = {
    scheme: "exact",
    network,
    amount: "10000",
    asset: mint,
    payTo: seller.address,
    maxTimeoutSeconds: 60,
    extra: { feePayer: feePayer.address, ...options.extra },
  };
  const [[source], [destination]] = await Promise.all([
    findAssociatedTokenPda({ mint, owner: buyer.address, tokenProgram: tokenProgramAddress }),
    findAssociatedTokenPda({ mint, owner: seller.address, tokenProgram: tokenProgramAddress }),
  ]);
  const lighthouse = { programAddress: lighthouseProgramAddress, accounts: [], data: new Uint8Array([9]) };
  const message = pipe(
    createTransactionMessage({ version: 0 }),
    (draft) => setTransactionMessageFeePayer(feePayer.address, draft),
    (draft) =>
      setTransactionMessageLifetimeUsingBlockhash(
        {
          blockhash: "8VjU9epkB7o92aQaDoNybuqEaUuU4Gv9CWendJjnuyUw" as Blockhash,
          lastValidBlockHeight: 100n,
        },
        draft,
      ),
    (draft) =>
      appendTransactionMessageInstructions(
        [
          getSetComputeUnitLimitInstruction({ units: 20_000 }),
          getSetComputeUnitPriceInstruction({ microLamports: options.price ?? 1n }),
          getTransferCheckedInstruction({
            source,
            mint,
            destination,
            authority: buyer,
            amount: 10_000n,
            decimals: 6,
          }),
          ...(options.lighthouse ? [lighthouse, lighthouse, lighthouse] : []),
        ],
        draft,
      ),
  );
  const transaction = getBase64EncodedWireTransaction(
    await partiallySignTransactionMessageWithSigners(message),
  );
  return {
    requirements,
    payload: { x402Version: 2 as const, accepted: requirements, payload: { transaction } },
  };
}

function offlineFacilitator() {
  const { rpc, requests } = refusingRpc();
  const facilitator = exactSvmFacilitator({ networks: { [network]: { rpc, feePayer } } });
  return { facilitator, requests };
}

describe("exact SVM facilitator, offline", () => {
  it("refuses what needs no RPC before any request", async () => {
    const { facilitator, requests } = offlineFacilitator();
    const refusals = await Promise.all([
      facilitator.verify(await payment({ price: 5_000_001n })),
      facilitator.verify(await payment({ extra: { memo: "x".repeat(257) } })),
      facilitator.verify({
        ...(await payment()),
        payload: { x402Version: 2, accepted: (await payment()).requirements, payload: { transaction: "!!" } },
      }),
    ]);
    expect(refusals.map((response) => response.invalidReason)).toEqual([
      "invalid_exact_svm_payload_transaction_instructions_compute_price_instruction_too_high",
      "invalid_payment_requirements",
      "invalid_payload",
    ]);
    expect(requests).toEqual([]);
  });

  it("lets Lighthouse instructions through the static checks (§3.1), then asks the RPC, whose failure is unexpected", async () => {
    const { facilitator, requests } = offlineFacilitator();
    const verified = await facilitator.verify(await payment({ lighthouse: true }));
    expect(verified).toMatchObject({
      isValid: false,
      invalidReason: "unexpected_verify_error",
      payer: buyer.address,
    });
    expect(requests.sort()).toEqual(["getSignatureStatuses", "simulateTransaction"]);
  });

  it("refuses a configuration it cannot serve", () => {
    expect(() => exactSvmFacilitator({ networks: {} })).toThrow(/at least one network/);
    expect(() =>
      exactSvmFacilitator({ networks: { "eip155:1": { rpc: "http://127.0.0.1:1", feePayer } } }),
    ).toThrow(/not a Solana/);
    expect(() =>
      exactSvmFacilitator({ networks: { [network]: { rpc: "http://127.0.0.1:1", feePayer: [] } } }),
    ).toThrow(/feePayer/);
    expect(() =>
      exactSvmFacilitator({
        networks: { [network]: { rpc: "http://127.0.0.1:1", feePayer } },
        maxComputeUnits: 0,
      }),
    ).toThrow(/maxComputeUnits/);
  });
});
