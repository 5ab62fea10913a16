import { createHash } from "node:crypto";
import {
  type Address,
  getAddressDecoder,
  getBase58Decoder,
  getBase64Decoder,
  getCompiledTransactionMessageDecoder,
  getTransactionDecoder,
  type Lamports,
} from "@solana/kit";
import { Clock, LiteSVM } from "litesvm";
import { readTokenAccount } from "./readTokenAccount.js";
import { SolanaRpcError } from "./SolanaRpcError.js";
import { type TransactionErrorJson, transactionErrorJson } from "./transactionErrorJson.js";

/** A blockhash stays usable for this many blocks after its own (Solana's MAX_PROCESSING_AGE). */
export const blockhashLifetimeSlots = 150;
/** A confirmed transaction counts as finalized once this many slots followed it. */
const finalizedAfterSlots = 32;
const lamportsPerSignature = 5_000n;
const computeBudgetProgram = "ComputeBudget111111111111111111111111111111";

export type TokenBalanceJson = {
  accountIndex: number;
  mint: string;
  owner: string;
  programId: string;
  uiTokenAmount: { amount: string; decimals: number; uiAmount: number | null; uiAmountString: string };
};

export type InnerInstructionsJson = {
  index: number;
  instructions: { programIdIndex: number; accounts: number[]; data: string; stackHeight: number }[];
}[];

/** A transaction that landed (succeeded, or failed and paid its fee), as the ledger keeps it. */
export type LandedTransaction = {
  signature: string;
  slot: number;
  blockTime: number;
  /** The wire transaction (empty for an airdrop, which getTransaction does not return). */
  bytes: Uint8Array;
  version: "legacy" | 0;
  err: TransactionErrorJson | null;
  fee: bigint;
  preBalances: bigint[];
  postBalances: bigint[];
  preTokenBalances: TokenBalanceJson[];
  postTokenBalances: TokenBalanceJson[];
  logs: string[];
  innerInstructions: InnerInstructionsJson;
  computeUnitsConsumed: bigint;
};

export type SimulationJson = {
  err: TransactionErrorJson | null;
  logs: string[] | null;
  accounts: (Record<string, unknown> | null)[] | null;
  unitsConsumed: bigint;
  returnData: { programId: string; data: [string, "base64"] } | null;
  innerInstructions?: InnerInstructionsJson | null;
  replacementBlockhash?: { blockhash: string; lastValidBlockHeight: bigint } | null;
  fee?: bigint | null;
};

export type SimulateOptions = {
  sigVerify?: boolean | undefined;
  replaceRecentBlockhash?: boolean | undefined;
  innerInstructions?: boolean | undefined;
  /** Accounts whose state after the simulation to return, encoded by `encodeAccount`. */
  accounts?: readonly Address[] | undefined;
  encodeAccount?: ((address: Address) => Record<string, unknown> | null) | undefined;
};

export type CreateSolanaLedgerParameters = {
  /** The slot clock: a new slot (and blockhash) every `slotMs`. */
  slotMs: number;
  /** true: a transaction executes when it is sent. false: transactions sent in a slot execute at its end. */
  instant: boolean;
  /** Seeds the blockhashes, so that two chains never share one. */
  seed: string;
};

export type SolanaLedger = {
  /** The runtime. Its own blockhash check and transaction history are off: the ledger keeps both. */
  readonly svm: LiteSVM;
  slot(): number;
  /** One block per slot: the block height is the slot. */
  blockHeight(): number;
  latestBlockhash(): { blockhash: string; lastValidBlockHeight: number };
  isBlockhashValid(blockhash: string): boolean;
  simulate(bytes: Uint8Array, options?: SimulateOptions): SimulationJson;
  /** sendTransaction: returns the signature, or throws SolanaRpcError for a refused preflight or malformed bytes. */
  submit(bytes: Uint8Array, options?: { skipPreflight?: boolean | undefined }): string;
  /** A landed transaction, or "pending" while it waits for the end of its slot. */
  lookup(signature: string): LandedTransaction | "pending" | undefined;
  /** `confirmed` until 32 slots followed it, then `finalized`. */
  confirmations(transaction: LandedTransaction): {
    confirmations: number | null;
    status: "confirmed" | "finalized";
  };
  /** Lamports from the runtime's faucet (requestAirdrop); the airdrop lands as a transaction with a status. */
  airdrop(address: Address, lamports: bigint): string;
  /** Moves the slot clock forward (every blockhash older than 150 slots expires). */
  skipSlots(slots: number): void;
  /** Executes the transactions waiting for the end of their slot now. */
  flush(): void;
  close(): void;
};

type LiteSvmResult = {
  err?: () => unknown;
  meta?: () => LiteSvmMeta;
  logs?: () => string[];
  innerInstructions?: () => LiteSvmInner[][];
  computeUnitsConsumed?: () => bigint;
  returnData?: () => { programId(): Uint8Array; data(): Uint8Array };
  postAccounts?: () => { address(): Uint8Array; account(): unknown }[];
};
type LiteSvmMeta = Required<
  Pick<LiteSvmResult, "logs" | "innerInstructions" | "computeUnitsConsumed" | "returnData">
>;
type LiteSvmInner = {
  instruction(): { programIdIndex(): number; accounts(): Uint8Array; data(): Uint8Array };
  stackHeight(): number;
};
/** litesvm's native handle: it takes wire bytes, and lets sigverify be switched per call. */
type LiteSvmNative = {
  setSigverify(on: boolean): void;
  sendLegacyTransaction(bytes: Uint8Array): LiteSvmResult;
  sendVersionedTransaction(bytes: Uint8Array): LiteSvmResult;
  simulateLegacyTransaction(bytes: Uint8Array): LiteSvmResult;
  simulateVersionedTransaction(bytes: Uint8Array): LiteSvmResult;
};

type Decoded = {
  signature: string;
  signatureCount: number;
  version: "legacy" | 0;
  blockhash: string;
  accounts: Address[];
  /** The prioritization fee's inputs (SetComputeUnitLimit / SetComputeUnitPrice). */
  fee: bigint;
};

const transactionDecoder = getTransactionDecoder();
const messageDecoder = getCompiledTransactionMessageDecoder();
const base58 = getBase58Decoder();
const base64 = getBase64Decoder();
const addressDecoder = getAddressDecoder();
const maxLanded = 100_000;

/** Decodes wire bytes far enough to route, key and charge them; throws SolanaRpcError(-32602) if it cannot. */
function decode(bytes: Uint8Array): Decoded {
  try {
    const transaction = transactionDecoder.decode(bytes);
    const message = messageDecoder.decode(transaction.messageBytes);
    if (message.version === 1) throw new Error("transaction version 1 is not supported");
    const first = Object.values(transaction.signatures)[0];
    const signature = base58.decode(first ?? new Uint8Array(64));
    const accounts = [...message.staticAccounts];
    let limit: bigint | undefined;
    let price = 0n;
    let other = 0n;
    for (const instruction of message.instructions) {
      const program = accounts[instruction.programAddressIndex];
      const data = instruction.data;
      if (program === computeBudgetProgram && data?.[0] === 2 && data.length >= 5)
        limit = BigInt(new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(1, true));
      else if (program === computeBudgetProgram && data?.[0] === 3 && data.length >= 9)
        price = new DataView(data.buffer, data.byteOffset, data.byteLength).getBigUint64(1, true);
      else if (program !== computeBudgetProgram) other++;
    }
    const units = limit ?? (other * 200_000n > 1_400_000n ? 1_400_000n : other * 200_000n);
    const signatureCount = Object.keys(transaction.signatures).length;
    return {
      signature,
      signatureCount,
      version: message.version,
      blockhash: message.lifetimeToken,
      accounts,
      fee: lamportsPerSignature * BigInt(signatureCount) + (price * units + 999_999n) / 1_000_000n,
    };
  } catch (error) {
    throw new SolanaRpcError(
      -32602,
      `invalid transaction: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function innerInstructionsJson(inner: LiteSvmInner[][]): InnerInstructionsJson {
  return inner
    .map((instructions, index) => ({
      index,
      instructions: instructions.map((entry) => {
        const compiled = entry.instruction();
        return {
          programIdIndex: compiled.programIdIndex(),
          accounts: [...compiled.accounts()],
          data: base58.decode(compiled.data()),
          stackHeight: entry.stackHeight(),
        };
      }),
    }))
    .filter((entry) => entry.instructions.length > 0);
}

/**
 * The chain behind the test chain's JSON-RPC: litesvm runs the transactions; the ledger adds what a cluster has and
 * litesvm has not: a slot clock, blockhashes that expire after 150 slots, the signature status cache (a transaction
 * lands once; a duplicate is dropped), fees, and landed transactions with their metadata. Simulation checks the
 * blockhash but not the status cache, as a cluster's does.
 */
export function createSolanaLedger(parameters: CreateSolanaLedgerParameters): SolanaLedger {
  const { slotMs, instant, seed } = parameters;
  const svm = new LiteSVM().withBlockhashCheck(false).withTransactionHistory(0n);
  const native = (svm as unknown as { inner: LiteSvmNative }).inner;
  const started = performance.now();
  let skipped = 0;
  let clockSlot = -1;
  const slotOfHash = new Map<string, number>();
  const hashOfSlot = new Map<number, string>();
  const landed = new Map<string, LandedTransaction>();
  const pending = new Map<string, { bytes: Uint8Array; decoded: Decoded }>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const slot = () => Math.floor((performance.now() - started) / slotMs) + skipped;

  const blockhashOf = (at: number): string => {
    let hash = hashOfSlot.get(at);
    if (hash === undefined) {
      const digest = createHash("sha256").update(`${seed}:${at}`).digest();
      hash = base58.decode(digest);
      hashOfSlot.set(at, hash);
      slotOfHash.set(hash, at);
      if (hashOfSlot.size > 4 * blockhashLifetimeSlots) {
        for (const [old, oldHash] of hashOfSlot) {
          if (old >= at - 2 * blockhashLifetimeSlots) break;
          hashOfSlot.delete(old);
          slotOfHash.delete(oldHash);
        }
      }
    }
    return hash;
  };

  const isBlockhashValid = (blockhash: string) => {
    const at = slotOfHash.get(blockhash);
    return at !== undefined && slot() <= at + blockhashLifetimeSlots;
  };

  /** Keeps the Clock sysvar on the slot clock and the wall clock. */
  const syncClock = () => {
    const now = slot();
    if (now === clockSlot) return;
    clockSlot = now;
    svm.setClock(new Clock(BigInt(now), 0n, 0n, 0n, BigInt(Math.floor(Date.now() / 1000))));
  };

  const tokenBalances = (accounts: readonly Address[]): TokenBalanceJson[] =>
    accounts.flatMap((address, accountIndex) => {
      const token = readTokenAccount(svm, address);
      return token ? [{ accountIndex, ...token }] : [];
    });

  function run(bytes: Uint8Array, decoded: Decoded, simulate: boolean): LiteSvmResult {
    syncClock();
    if (decoded.version === "legacy")
      return simulate ? native.simulateLegacyTransaction(bytes) : native.sendLegacyTransaction(bytes);
    return simulate ? native.simulateVersionedTransaction(bytes) : native.sendVersionedTransaction(bytes);
  }

  /** Executes a sent transaction. One that fails before it could pay its fee is dropped, as a leader drops it. */
  function execute(bytes: Uint8Array, decoded: Decoded): void {
    if (landed.has(decoded.signature) || !isBlockhashValid(decoded.blockhash)) return;
    const balance = (address: Address) => svm.getBalance(address) ?? 0n;
    const preBalances = decoded.accounts.map(balance);
    const preTokenBalances = tokenBalances(decoded.accounts);
    const result = run(bytes, decoded, false);
    const postBalances = decoded.accounts.map(balance);
    const failed = typeof result.err === "function";
    if (failed && postBalances[0] === preBalances[0]) return;
    const meta = (failed ? result.meta!() : result) as LiteSvmMeta;
    landed.set(decoded.signature, {
      signature: decoded.signature,
      slot: slot(),
      blockTime: Math.floor(Date.now() / 1000),
      bytes,
      version: decoded.version,
      err: failed ? transactionErrorJson(result.err!()) : null,
      fee: decoded.fee,
      preBalances,
      postBalances,
      preTokenBalances,
      postTokenBalances: tokenBalances(decoded.accounts),
      logs: meta.logs(),
      innerInstructions: innerInstructionsJson(meta.innerInstructions()),
      computeUnitsConsumed: meta.computeUnitsConsumed(),
    });
    if (landed.size > maxLanded) landed.delete(landed.keys().next().value!);
  }

  function flush(): void {
    clearTimeout(timer);
    timer = undefined;
    const batch = [...pending.values()];
    pending.clear();
    for (const { bytes, decoded } of batch) execute(bytes, decoded);
  }

  /** Transactions sent during a slot execute at its end. */
  function schedule(): void {
    if (timer || closed) return;
    const elapsed = performance.now() - started;
    const untilNextSlot = slotMs - (elapsed % slotMs);
    timer = setTimeout(flush, Math.max(1, Math.ceil(untilNextSlot)));
    timer.unref();
  }

  function simulate(bytes: Uint8Array, options: SimulateOptions = {}): SimulationJson {
    const decoded = decode(bytes);
    const sigVerify = options.sigVerify ?? false;
    if (sigVerify && options.replaceRecentBlockhash)
      throw new SolanaRpcError(-32602, "sigVerify may not be used with replaceRecentBlockhash");
    const current = slot();
    const replacement = options.replaceRecentBlockhash
      ? { blockhash: blockhashOf(current), lastValidBlockHeight: BigInt(current + blockhashLifetimeSlots) }
      : undefined;
    const base = {
      accounts: null,
      returnData: null,
      ...(options.innerInstructions ? { innerInstructions: null } : {}),
      ...(replacement ? { replacementBlockhash: replacement } : {}),
    };
    if (!replacement && !isBlockhashValid(decoded.blockhash))
      return { ...base, err: "BlockhashNotFound", logs: [], unitsConsumed: 0n, fee: null };
    native.setSigverify(sigVerify);
    let result: LiteSvmResult;
    try {
      result = run(bytes, decoded, true);
    } finally {
      native.setSigverify(true);
    }
    const failed = typeof result.err === "function";
    const meta = (failed ? result.meta!() : result.meta!()) as LiteSvmMeta;
    const returned = meta.returnData();
    const returnedData = returned.data();
    const post = new Map<string, unknown>();
    if (!failed && options.accounts && result.postAccounts)
      for (const entry of result.postAccounts()) post.set(addressDecoder.decode(entry.address()), true);
    return {
      ...base,
      err: failed ? transactionErrorJson(result.err!()) : null,
      logs: meta.logs(),
      accounts:
        options.accounts && options.encodeAccount
          ? options.accounts.map((address) => (failed ? null : options.encodeAccount!(address)))
          : null,
      unitsConsumed: meta.computeUnitsConsumed(),
      returnData:
        returnedData.length > 0
          ? {
              programId: addressDecoder.decode(returned.programId()),
              data: [base64.decode(returnedData), "base64"],
            }
          : null,
      ...(options.innerInstructions
        ? { innerInstructions: innerInstructionsJson(meta.innerInstructions()) }
        : {}),
      fee: decoded.fee,
    };
  }

  return {
    svm,
    slot,
    blockHeight: slot,
    latestBlockhash() {
      const current = slot();
      return { blockhash: blockhashOf(current), lastValidBlockHeight: current + blockhashLifetimeSlots };
    },
    isBlockhashValid,
    simulate,

    submit(bytes, options = {}) {
      const decoded = decode(bytes);
      if (!options.skipPreflight) {
        const preflight = simulate(bytes, { sigVerify: true });
        if (preflight.err === "SignatureFailure")
          throw new SolanaRpcError(-32003, "Transaction signature verification failure");
        if (preflight.err !== null)
          throw new SolanaRpcError(
            -32002,
            `Transaction simulation failed: ${typeof preflight.err === "string" ? preflight.err : JSON.stringify(preflight.err)}`,
            preflight,
          );
      }
      // A duplicate goes nowhere: the status cache already has it (or it waits in this slot).
      if (landed.has(decoded.signature) || pending.has(decoded.signature)) return decoded.signature;
      if (instant) execute(bytes, decoded);
      else {
        pending.set(decoded.signature, { bytes, decoded });
        schedule();
      }
      return decoded.signature;
    },

    lookup(signature) {
      return landed.get(signature) ?? (pending.has(signature) ? "pending" : undefined);
    },

    confirmations(transaction) {
      const behind = slot() - transaction.slot;
      return behind >= finalizedAfterSlots
        ? { confirmations: null, status: "finalized" }
        : { confirmations: behind, status: "confirmed" };
    },

    airdrop(address, lamports) {
      syncClock();
      const result = svm.airdrop(address, lamports as Lamports) as LiteSvmResult & {
        signature?: () => Uint8Array;
      };
      if (!result || typeof result.err === "function" || !result.signature)
        throw new SolanaRpcError(-32603, `airdrop failed: ${String(result)}`);
      const signature = base58.decode(result.signature());
      const meta = result as unknown as LiteSvmMeta;
      landed.set(signature, {
        signature,
        slot: slot(),
        blockTime: Math.floor(Date.now() / 1000),
        bytes: new Uint8Array(),
        version: "legacy",
        err: null,
        fee: lamportsPerSignature,
        preBalances: [],
        postBalances: [],
        preTokenBalances: [],
        postTokenBalances: [],
        logs: meta.logs(),
        innerInstructions: [],
        computeUnitsConsumed: meta.computeUnitsConsumed(),
      });
      return signature;
    },

    skipSlots(slots) {
      if (!Number.isSafeInteger(slots) || slots < 0)
        throw new RangeError("skipSlots: a non-negative integer");
      skipped += slots;
    },

    flush,

    close() {
      closed = true;
      clearTimeout(timer);
      pending.clear();
    },
  };
}
