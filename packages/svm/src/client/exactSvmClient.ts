import { randomBytes } from "node:crypto";
import {
  type Address,
  appendTransactionMessageInstructions,
  type Blockhash,
  createTransactionMessage,
  getBase58Encoder,
  getBase64EncodedWireTransaction,
  partiallySignTransactionMessageWithSigners,
  pipe,
  type Rpc,
  type SolanaRpcApi,
  setTransactionMessageFeePayer,
  setTransactionMessageLifetimeUsingBlockhash,
  type TransactionSigner,
} from "@solana/kit";
import {
  getSetComputeUnitLimitInstruction,
  getSetComputeUnitPriceInstruction,
} from "@solana-program/compute-budget";
import { getAddMemoInstruction } from "@solana-program/memo";
import { findAssociatedTokenPda, getTransferCheckedInstruction } from "@solana-program/token";
import type { CreatePaymentPayloadParameters, SchemeClient } from "@x402kit/core";
import { exactSvmExtraSchema, matchesNetworkPattern, svmAddressSchema } from "@x402kit/types";
import {
  defaultComputeUnitLimit,
  defaultComputeUnitPriceMicroLamports,
  memoProgramAddress,
  publicRpcUrls,
  token2022ProgramAddress,
  tokenProgramAddress,
} from "../constants.js";
import { ExactSvmError } from "../errors/ExactSvmError.js";
import { createSvmRpc, type SvmRpcOption } from "../utils/createSvmRpc.js";
import { describeError } from "../utils/describeError.js";
import { isSolanaNetwork } from "../utils/isSolanaNetwork.js";

export type ExactSvmClientParameters = {
  /** The payer: a `@solana/kit` TransactionSigner (a KeyPairSigner, or a wallet's signer). */
  signer: TransactionSigner;
  /**
   * The RPC to read the mint and a recent blockhash from: one for every network, or one per network. Default: the
   * public endpoint of mainnet, devnet or testnet.
   */
  rpc?: SvmRpcOption | Record<string, SvmRpcOption> | undefined;
  /** The networks to pay on. Default: every Solana network, `["solana:*"]`. */
  networks?: readonly string[] | undefined;
  /** SetComputeUnitLimit of the payment. Default 20 000 (a TransferChecked and a memo need about 7 000). */
  computeUnitLimit?: number | undefined;
  /** SetComputeUnitPrice, in micro-lamports per unit. Default 1. The facilitator pays it, and caps it. */
  computeUnitPriceMicroLamports?: bigint | undefined;
};

export type ExactSvmClientReturnType = SchemeClient;

export type ExactSvmClientErrorType = ExactSvmError;

type Mint = { tokenProgram: Address; decimals: number };

const base58 = getBase58Encoder();

/**
 * The client side of the exact scheme on Solana (scheme_exact_svm.md, client-driven flow steps 3-5): builds the
 * payment transaction, SetComputeUnitLimit, SetComputeUnitPrice, a TransferChecked of the mint's token program from
 * the signer's associated token account to `payTo`'s, and a Memo (the seller's `extra.memo`, or 16 random bytes in
 * hex, so that two equal payments are two transactions), with `extra.feePayer` as fee payer, and signs it partially.
 * The blockhash is `extra.recentBlockhash` when it is well formed, else the RPC's latest. Mints are looked up once.
 */
export function exactSvmClient(parameters: ExactSvmClientParameters): ExactSvmClientReturnType {
  const { signer } = parameters;
  if (typeof signer?.address !== "string")
    throw new ExactSvmError("invalid_config", "`signer` must be a @solana/kit TransactionSigner.");
  const networks = parameters.networks ?? ["solana:*"];
  const limit = parameters.computeUnitLimit ?? defaultComputeUnitLimit;
  const price = parameters.computeUnitPriceMicroLamports ?? defaultComputeUnitPriceMicroLamports;
  if (!Number.isSafeInteger(limit) || limit <= 0 || limit > 1_400_000)
    throw new ExactSvmError("invalid_config", "`computeUnitLimit` must be an integer from 1 to 1 400 000.");
  const rpcs = new Map<string, Rpc<SolanaRpcApi>>();
  const mints = new Map<string, Promise<Mint>>();

  const rpcFor = (network: string): Rpc<SolanaRpcApi> => {
    let rpc = rpcs.get(network);
    if (!rpc) {
      const option = parameters.rpc;
      const chosen =
        option === undefined
          ? publicRpcUrls[network]
          : typeof option === "string" ||
              typeof (option as Rpc<SolanaRpcApi>).getLatestBlockhash === "function"
            ? (option as SvmRpcOption)
            : (option as Record<string, SvmRpcOption>)[network];
      if (chosen === undefined)
        throw new ExactSvmError("invalid_config", `No RPC for ${network}: pass \`rpc\` for it.`, {
          details: { network },
        });
      rpc = createSvmRpc(chosen);
      rpcs.set(network, rpc);
    }
    return rpc;
  };

  /** The mint's token program (its owner) and decimals, once per network and mint. */
  const mintOf = (network: string, asset: Address): Promise<Mint> => {
    const key = `${network}:${asset}`;
    let mint = mints.get(key);
    if (!mint) {
      mint = (async () => {
        const { value } = await rpcFor(network).getAccountInfo(asset, { encoding: "base64" }).send();
        if (!value)
          throw new ExactSvmError(
            "invalid_payment_requirements",
            `The mint ${asset} does not exist on ${network}.`,
          );
        const owner = value.owner;
        const data = Buffer.from(value.data[0], "base64");
        if ((owner !== tokenProgramAddress && owner !== token2022ProgramAddress) || data.length < 82)
          throw new ExactSvmError(
            "invalid_payment_requirements",
            `${asset} is not a mint of SPL Token or Token-2022.`,
          );
        return { tokenProgram: owner, decimals: data[44]! };
      })();
      mints.set(key, mint);
      mint.catch(() => mints.delete(key));
    }
    return mint;
  };

  return {
    scheme: "exact",
    networks,
    async createPaymentPayload({ requirements }: CreatePaymentPayloadParameters) {
      const { network } = requirements;
      if (!isSolanaNetwork(network) || !networks.some((pattern) => matchesNetworkPattern(network, pattern)))
        throw new ExactSvmError("invalid_network", `This client does not pay on ${network}.`, {
          details: { network },
        });
      const extra = exactSvmExtraSchema.safeParse(requirements.extra ?? {});
      if (!extra.success)
        throw new ExactSvmError(
          "invalid_payment_requirements",
          `The requirements' extra is not exact SVM's: ${extra.error.issues[0]?.path.join(".")} ${extra.error.issues[0]?.message}`,
        );
      if (
        !svmAddressSchema.safeParse(requirements.asset).success ||
        !svmAddressSchema.safeParse(requirements.payTo).success
      )
        throw new ExactSvmError("invalid_payment_requirements", "asset and payTo must be Solana addresses.");
      const asset = requirements.asset as Address;
      const payTo = requirements.payTo as Address;
      const { feePayer, memo } = extra.data;
      const hinted = extra.data.recentBlockhash;
      let mint: Mint;
      let lifetime: { blockhash: Blockhash; lastValidBlockHeight: bigint };
      try {
        const useHint = hinted !== undefined && isBlockhash(hinted);
        [mint, lifetime] = await Promise.all([
          mintOf(network, asset),
          useHint
            ? {
                blockhash: hinted as Blockhash,
                lastValidBlockHeight: /^\d{1,20}$/.test(extra.data.lastValidBlockHeight ?? "")
                  ? BigInt(extra.data.lastValidBlockHeight!)
                  : 0n,
              }
            : rpcFor(network)
                .getLatestBlockhash()
                .send()
                .then(({ value }) => value),
        ]);
      } catch (error) {
        if (error instanceof ExactSvmError) throw error;
        throw new ExactSvmError("rpc_failed", `Reading ${network}: ${describeError(error)}`, {
          cause: error,
        });
      }
      const [[source], [destination]] = await Promise.all([
        findAssociatedTokenPda({ mint: asset, owner: signer.address, tokenProgram: mint.tokenProgram }),
        findAssociatedTokenPda({ mint: asset, owner: payTo, tokenProgram: mint.tokenProgram }),
      ]);
      const message = pipe(
        createTransactionMessage({ version: 0 }),
        (draft) => setTransactionMessageFeePayer(feePayer as Address, draft),
        (draft) => setTransactionMessageLifetimeUsingBlockhash(lifetime, draft),
        (draft) =>
          appendTransactionMessageInstructions(
            [
              getSetComputeUnitLimitInstruction({ units: limit }),
              getSetComputeUnitPriceInstruction({ microLamports: price }),
              getTransferCheckedInstruction(
                {
                  source,
                  mint: asset,
                  destination,
                  authority: signer,
                  amount: BigInt(requirements.amount),
                  decimals: mint.decimals,
                },
                { programAddress: mint.tokenProgram },
              ),
              // SPL Memo (scheme_exact_svm.md §3.1); the memo client's own default is another program.
              getAddMemoInstruction(
                { memo: memo ?? randomBytes(16).toString("hex") },
                { programAddress: memoProgramAddress },
              ),
            ],
            draft,
          ),
      );
      const signed = await partiallySignTransactionMessageWithSigners(message);
      return { payload: { transaction: getBase64EncodedWireTransaction(signed) } };
    },
  };
}

/** A base58 string of 32 bytes. */
function isBlockhash(value: string): boolean {
  try {
    return base58.encode(value).length === 32;
  } catch {
    return false;
  }
}
