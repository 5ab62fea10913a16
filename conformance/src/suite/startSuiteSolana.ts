import {
  type Address,
  createKeyPairSignerFromPrivateKeyBytes,
  generateKeyPairSigner,
  getAddressEncoder,
  getBase58Decoder,
  type KeyPairSigner,
  type Rpc,
  type Signature,
  type SolanaRpcApi,
} from "@solana/kit";
import { startSolanaTestChain } from "@x402kit/testchain/solana";

/** A mock USDC mint on the suite's Solana chain. */
export type SuiteSolanaToken = { address: Address; tokenProgram: Address; decimals: number };

/**
 * The suite's Solana chain, as the Solana cases see it: JSON-RPC only (a litesvm test chain behind a loopback
 * JSON-RPC endpoint, `@x402kit/testchain/solana`). Token balances are the ground truth of every case that moves money.
 */
export type SuiteSolana = {
  rpcUrl: string;
  /** CAIP-2, `solana:<genesis hash prefix>` (v2 §11.1). */
  network: string;
  rpc: Rpc<SolanaRpcApi>;
  /** Mock USDC under SPL Token: the asset every Solana requirement names. */
  usdc: SuiteSolanaToken;
  /** The fee payer handed to the facilitator under test (`SVM_FEE_PAYER_ADDRESS`), with SOL and no token account. */
  feePayer: Address;
  /** Its 64-byte secret key, base58 (`SVM_FEE_PAYER_KEY`). */
  feePayerKey: string;
  /** Its signer: the fee payer of the suite's own facilitator (server and client targets). */
  feePayerSigner: KeyPairSigner;
  /** A fresh keypair holding `usdc` mock USDC in its associated token account (default 1 USDC) and no SOL. */
  newBuyer: (options?: { usdc?: bigint }) => Promise<KeyPairSigner>;
  /** Like `newBuyer`, with its 64-byte secret key in base58 (a client under test's `PRIVATE_KEY`). */
  newKeyedBuyer: (options?: { usdc?: bigint }) => Promise<{ signer: KeyPairSigner; secretKey: string }>;
  /** A fresh address with an empty associated token account, to receive payments. */
  newPayTo: () => Promise<Address>;
  /** `owner`'s mock USDC, read from its associated token account (0 when it has none). */
  balanceOf: (owner: Address) => Promise<bigint>;
  lamports: (address: Address) => Promise<bigint>;
  /** Has the chain executed this signature without an error? Undefined when it does not know it. */
  signatureSucceeded: (signature: string) => Promise<boolean | undefined>;
  /** Moves the slot clock past every blockhash's lifetime (151 slots). */
  expireBlockhashes: () => void;
  stop: () => Promise<void>;
};

/** Starts the suite's Solana chain: mock USDC, a funded fee payer for the subject. */
export async function startSuiteSolana(): Promise<SuiteSolana> {
  const chain = await startSolanaTestChain({ buyers: 1 });
  const { facilitator } = chain.accounts;
  const fund = async (owner: Address, usdc: bigint) => {
    if (usdc > 0n) await chain.mint(owner, usdc);
    else await chain.createTokenAccount(owner);
  };
  return {
    rpcUrl: chain.rpcUrl,
    network: chain.network,
    rpc: chain.rpc,
    usdc: {
      address: chain.usdc.address,
      tokenProgram: chain.usdc.tokenProgram,
      decimals: chain.usdc.decimals,
    },
    feePayer: facilitator.address,
    feePayerKey: getBase58Decoder().decode(facilitator.secretKey),
    feePayerSigner: facilitator.signer,
    newBuyer: async ({ usdc = 1_000_000n } = {}) => {
      const buyer = await generateKeyPairSigner();
      await fund(buyer.address, usdc);
      return buyer;
    },
    newKeyedBuyer: async ({ usdc = 1_000_000n } = {}) => {
      // A key kept as bytes, as solana-keygen writes it (seed, then public key): a child process gets it.
      const seed = crypto.getRandomValues(new Uint8Array(32));
      const signer = await createKeyPairSignerFromPrivateKeyBytes(seed);
      const secretKey = new Uint8Array(64);
      secretKey.set(seed, 0);
      secretKey.set(getAddressEncoder().encode(signer.address), 32);
      await fund(signer.address, usdc);
      return { signer, secretKey: getBase58Decoder().decode(secretKey) };
    },
    newPayTo: async () => {
      const { address } = await generateKeyPairSigner();
      await chain.createTokenAccount(address);
      return address;
    },
    balanceOf: (owner) => chain.balanceOf(chain.usdc.address, owner),
    lamports: (address) => chain.lamports(address),
    signatureSucceeded: async (signature) => {
      const { value } = await chain.rpc
        .getSignatureStatuses([signature as Signature], { searchTransactionHistory: true })
        .send();
      const status = value[0];
      return status ? status.err === null : undefined;
    },
    expireBlockhashes: () => chain.skipSlots(151),
    stop: () => chain.stop(),
  };
}
