import { createHash } from "node:crypto";
import {
  type Address,
  appendTransactionMessageInstructions,
  type Blockhash,
  createSolanaRpc,
  createTransactionMessage,
  getBase58Decoder,
  getTransactionEncoder,
  type Instruction,
  type KeyPairSigner,
  none,
  pipe,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
  some,
  lamports as toLamports,
} from "@solana/kit";
import {
  findAssociatedTokenPda,
  getCreateAssociatedTokenIdempotentInstruction,
  getMintEncoder,
  getMintToCheckedInstruction,
} from "@solana-program/token";
import { TestChainError } from "../errors/TestChainError.js";
import { createSolanaLedger } from "./createSolanaLedger.js";
import { createSolanaRpcMethods } from "./createSolanaRpcMethods.js";
import { deriveSolanaTestAccounts } from "./deriveSolanaTestAccounts.js";
import { readTokenAccount, token2022ProgramAddress, tokenProgramAddress } from "./readTokenAccount.js";
import { serveSolanaRpc } from "./serveSolanaRpc.js";
import type { SolanaTestChain, SolanaTestToken } from "./types.js";

export type StartSolanaTestChainParameters = {
  /**
   * The cluster the chain answers as (CAIP-2). Default devnet, `solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1`, so that
   * clients built for devnet (the reference `@x402/svm` knows only mainnet, devnet and testnet) work unchanged.
   */
  network?: `solana:${string}`;
  /**
   * The slot clock: a new slot and blockhash every `slotMs` (default 400, as on mainnet). A blockhash expires
   * 150 slots after its own.
   */
  slotMs?: number;
  /**
   * "instant" (default): a sent transaction executes at once and is confirmed when `sendTransaction` answers.
   * "slot": transactions sent during a slot execute together at its end, as in a block.
   */
  landing?: "instant" | "slot";
  /** How many funded buyer accounts (default 4). */
  buyers?: number;
  /** Mock USDC of each mint per buyer, in atomic units (default 1_000_000_000n = 1000 USDC). */
  fundUsdc?: bigint;
};

export type StartSolanaTestChainReturnType = SolanaTestChain;

/** The clusters the chain can pose as: their genesis hash and USDC mint. */
const clusters: Record<string, { genesisHash: string; usdc: Address }> = {
  "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1": {
    genesisHash: "EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG",
    usdc: "4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU" as Address,
  },
  "solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp": {
    genesisHash: "5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d",
    usdc: "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v" as Address,
  },
  "solana:4uhcVJyU9pJkvQyS88uRDiswHXSCkY3z": {
    genesisHash: "4uhcVJyU9pJkvQyS88uRDiswHXSCkY3zZ2PNwDfzbf3H",
    usdc: "4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU" as Address,
  },
};

const memoV1 = "Memo1UhkJRfHyvLMcVucJwxXeuD728EqVDDwQDxFMNo" as Address;
const memoV3 = "MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr" as Address;
const base58 = getBase58Decoder();
const transactionEncoder = getTransactionEncoder();

/**
 * Starts a local Solana chain: litesvm (the Solana runtime, in process) behind a minimal Solana JSON-RPC server on a
 * free 127.0.0.1 port, with mock USDC under SPL Token and Token-2022 and funded accounts. A test chain, not a
 * validator: see the README for what it answers and how it differs. Always `stop()` it (or `await using`).
 */
export async function startSolanaTestChain(
  parameters: StartSolanaTestChainParameters = {},
): Promise<StartSolanaTestChainReturnType> {
  const network = parameters.network ?? "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1";
  if (!/^solana:[1-9A-HJ-NP-Za-km-z]{32}$/.test(network))
    throw new TestChainError(
      `network must be "solana:" and a 32-character base58 reference, not ${network}.`,
    );
  const slotMs = parameters.slotMs ?? 400;
  if (!Number.isFinite(slotMs) || slotMs < 10) throw new TestChainError("slotMs must be at least 10.");
  const buyerCount = parameters.buyers ?? 4;
  const fundUsdc = parameters.fundUsdc ?? 1_000_000_000n;
  const known = clusters[network];
  const genesisHash =
    known?.genesisHash ??
    `${network.slice(7)}${base58.decode(createHash("sha256").update(network).digest()).slice(0, 12)}`;

  const ledger = createSolanaLedger({
    slotMs,
    instant: (parameters.landing ?? "instant") === "instant",
    seed: `${genesisHash}:${process.pid}:${performance.now()}`,
  });
  const { svm } = ledger;
  // litesvm 1.5.0 ships SPL Memo v3 as an ELF that its runtime refuses (InvalidProgramForExecution); its Memo v1
  // program runs, and takes the same instruction (v1 does not require the listed accounts to sign).
  const memo = svm.getAccount(memoV1);
  if (memo.exists) svm.addProgram(memoV3, memo.data);

  const [mintAuthority, facilitator, seller, ...buyers] = await deriveSolanaTestAccounts({
    count: 3 + buyerCount,
  });
  const [token2022Mint] = await deriveSolanaTestAccounts({ from: 1_000, count: 1 });
  for (const account of [mintAuthority!, facilitator!, seller!, ...buyers])
    svm.airdrop(account.address, toLamports(account === facilitator ? 1_000_000_000_000n : 10_000_000_000n));

  const usdc: SolanaTestToken = {
    address: known?.usdc ?? token2022Mint!.address,
    decimals: 6,
    tokenProgram: tokenProgramAddress,
  };
  const usdc2022: SolanaTestToken = {
    address: known
      ? token2022Mint!.address
      : (await deriveSolanaTestAccounts({ from: 1_001, count: 1 }))[0]!.address,
    decimals: 6,
    tokenProgram: token2022ProgramAddress,
  };
  const mintData = getMintEncoder().encode({
    mintAuthority: some(mintAuthority!.address),
    supply: 0n,
    decimals: 6,
    isInitialized: true,
    freezeAuthority: none(),
  });
  for (const token of [usdc, usdc2022])
    svm.setAccount({
      address: token.address,
      data: new Uint8Array(mintData),
      executable: false,
      lamports: toLamports(svm.minimumBalanceForRentExemption(BigInt(mintData.length))),
      programAddress: token.tokenProgram,
      space: BigInt(mintData.length),
    });

  /** Runs setup instructions as one transaction, straight on the runtime; throws if it fails. */
  async function execute(payer: KeyPairSigner, instructions: Instruction[]): Promise<void> {
    const { blockhash, lastValidBlockHeight } = ledger.latestBlockhash();
    const transaction = await signTransactionMessageWithSigners(
      pipe(
        createTransactionMessage({ version: 0 }),
        (message) => setTransactionMessageFeePayerSigner(payer, message),
        (message) =>
          setTransactionMessageLifetimeUsingBlockhash(
            { blockhash: blockhash as Blockhash, lastValidBlockHeight: BigInt(lastValidBlockHeight) },
            message,
          ),
        (message) => appendTransactionMessageInstructions(instructions, message),
      ),
    );
    const signature = ledger.submit(new Uint8Array(transactionEncoder.encode(transaction)), {
      skipPreflight: false,
    });
    ledger.flush();
    const landed = ledger.lookup(signature);
    if (landed === undefined || landed === "pending" || landed.err !== null)
      throw new TestChainError(
        `A setup transaction failed: ${JSON.stringify(landed === undefined || landed === "pending" ? landed : landed.err)}`,
      );
  }

  const tokenAccount = async (owner: Address, token: SolanaTestToken = usdc) =>
    (await findAssociatedTokenPda({ mint: token.address, owner, tokenProgram: token.tokenProgram }))[0];

  const createInstruction = async (owner: Address, token: SolanaTestToken) =>
    getCreateAssociatedTokenIdempotentInstruction({
      payer: mintAuthority!.signer,
      ata: await tokenAccount(owner, token),
      owner,
      mint: token.address,
      tokenProgram: token.tokenProgram,
    });

  const mintInstruction = async (owner: Address, amount: bigint, token: SolanaTestToken) =>
    getMintToCheckedInstruction(
      {
        mint: token.address,
        token: await tokenAccount(owner, token),
        mintAuthority: mintAuthority!.signer,
        amount,
        decimals: 6,
      },
      { programAddress: token.tokenProgram },
    );

  for (const token of [usdc, usdc2022]) {
    await execute(mintAuthority!.signer, [await createInstruction(seller!.address, token)]);
    for (const buyer of buyers)
      await execute(mintAuthority!.signer, [
        await createInstruction(buyer.address, token),
        await mintInstruction(buyer.address, fundUsdc, token),
      ]);
  }

  const counts = new Map<string, number>();
  let served: Awaited<ReturnType<typeof serveSolanaRpc>>;
  try {
    served = await serveSolanaRpc({
      methods: createSolanaRpcMethods({ ledger, genesisHash }),
      onRequest: (method) => counts.set(method, (counts.get(method) ?? 0) + 1),
    });
  } catch (error) {
    ledger.close();
    throw new TestChainError("The Solana test chain's RPC server could not listen.", { cause: error });
  }
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      ledger.close();
      await served.stop();
    })());

  return {
    rpcUrl: served.rpcUrl,
    network,
    genesisHash,
    rpc: createSolanaRpc(served.rpcUrl),
    accounts: {
      mintAuthority: mintAuthority!,
      facilitator: facilitator!,
      seller: seller!,
      buyer: buyers[0]!,
      buyers,
    },
    usdc,
    usdc2022,
    ledger,
    svm,
    async balanceOf(mint, owner) {
      const token = mint === usdc2022.address ? usdc2022 : mint === usdc.address ? usdc : undefined;
      const programs = token ? [token.tokenProgram] : [tokenProgramAddress, token2022ProgramAddress];
      for (const tokenProgram of programs) {
        const [ata] = await findAssociatedTokenPda({ mint, owner, tokenProgram });
        const found = readTokenAccount(svm, ata);
        if (found) return BigInt(found.uiTokenAmount.amount);
      }
      return 0n;
    },
    lamports: async (address) => svm.getBalance(address) ?? 0n,
    async mint(owner, amount, token = usdc) {
      await execute(mintAuthority!.signer, [
        await createInstruction(owner, token),
        await mintInstruction(owner, amount, token),
      ]);
    },
    async createTokenAccount(owner, token = usdc) {
      await execute(mintAuthority!.signer, [await createInstruction(owner, token)]);
      return tokenAccount(owner, token);
    },
    tokenAccount,
    async airdrop(address, amount) {
      ledger.airdrop(address, amount);
    },
    skipSlots: (slots) => ledger.skipSlots(slots),
    requestCounts: () => Object.fromEntries(counts),
    resetRequestCounts: () => counts.clear(),
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
