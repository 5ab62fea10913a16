import {
  type Address,
  getBase58Decoder,
  getBase58Encoder,
  getBase64Decoder,
  getBase64Encoder,
  getCompiledTransactionMessageDecoder,
  getTransactionDecoder,
  isAddress,
  type ReadonlyUint8Array,
} from "@solana/kit";
import type { LandedTransaction, SolanaLedger } from "./createSolanaLedger.js";
import { readTokenAccount, token2022ProgramAddress, tokenProgramAddress } from "./readTokenAccount.js";
import { SolanaRpcError } from "./SolanaRpcError.js";

/** The JSON-RPC methods of the Solana test chain, by name. Each takes the request's `params`. */
export type SolanaRpcMethods = Record<string, (params: unknown[]) => unknown>;

export type CreateSolanaRpcMethodsParameters = {
  ledger: SolanaLedger;
  /** What `getGenesisHash` answers (a cluster's CAIP-2 reference is its first 32 characters). */
  genesisHash: string;
};

const u64Max = 18_446_744_073_709_551_615n;
const base58 = getBase58Decoder();
const base58Bytes = getBase58Encoder();
const base64 = getBase64Decoder();
const base64Bytes = getBase64Encoder();
const transactionDecoder = getTransactionDecoder();
const messageDecoder = getCompiledTransactionMessageDecoder();

/** The methods that x402 clients, servers and facilitators call (the reference `@x402/svm`'s included). */
export const solanaRpcMethodNames = [
  "getHealth",
  "getVersion",
  "getGenesisHash",
  "getSlot",
  "getBlockHeight",
  "getEpochInfo",
  "getLatestBlockhash",
  "isBlockhashValid",
  "getFeeForMessage",
  "getMinimumBalanceForRentExemption",
  "getRecentPrioritizationFees",
  "getBalance",
  "getAccountInfo",
  "getMultipleAccounts",
  "getTokenAccountBalance",
  "simulateTransaction",
  "sendTransaction",
  "getSignatureStatuses",
  "getTransaction",
  "requestAirdrop",
] as const;

const invalidParams = (message: string) => new SolanaRpcError(-32602, `Invalid params: ${message}`);

function config(params: unknown[], index: number): Record<string, unknown> {
  const value = params[index];
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value))
    throw invalidParams("the configuration must be an object");
  return value as Record<string, unknown>;
}

function addressParam(value: unknown): Address {
  if (typeof value !== "string" || !isAddress(value))
    throw invalidParams(`not a base58 address: ${String(value).slice(0, 60)}`);
  return value;
}

function bytesParam(value: unknown, encoding: unknown): Uint8Array {
  if (typeof value !== "string") throw invalidParams("expected an encoded transaction string");
  try {
    if (encoding === "base58") return new Uint8Array(base58Bytes.encode(value));
    if (encoding === undefined || encoding === "base64") return new Uint8Array(base64Bytes.encode(value));
  } catch {
    throw invalidParams(`the transaction is not valid ${String(encoding ?? "base64")}`);
  }
  throw invalidParams(`unsupported encoding: ${String(encoding)}`);
}

/** Solana's JSON-RPC over a ledger: only the methods listed in `solanaRpcMethodNames`. */
export function createSolanaRpcMethods(parameters: CreateSolanaRpcMethodsParameters): SolanaRpcMethods {
  const { ledger, genesisHash } = parameters;
  const { svm } = ledger;
  const context = () => ({ slot: BigInt(ledger.slot()), apiVersion: "2.2.0" });

  /** One account in the requested encoding (base64, base58 or jsonParsed), as getAccountInfo answers. */
  function encodeAccount(
    address: Address,
    options: Record<string, unknown> = {},
  ): Record<string, unknown> | null {
    const account = svm.getAccount(address);
    if (!account.exists) return null;
    const encoding = options.encoding ?? "base58";
    let data = account.data;
    const slice = options.dataSlice as { offset?: unknown; length?: unknown } | undefined;
    if (slice && typeof slice.offset === "number" && typeof slice.length === "number")
      data = data.subarray(slice.offset, slice.offset + slice.length);
    const common = {
      executable: account.executable,
      lamports: account.lamports,
      owner: account.programAddress,
      rentEpoch: u64Max,
      space: BigInt(account.data.length),
    };
    if (encoding === "jsonParsed") {
      const parsed = parseTokenProgramAccount(address, account.programAddress, account.data);
      if (parsed) return { ...common, data: parsed };
      return { ...common, data: [base64.decode(data), "base64"] };
    }
    if (encoding === "base64") return { ...common, data: [base64.decode(data), "base64"] };
    if (encoding === "base58") return { ...common, data: [base58.decode(data), "base58"] };
    throw invalidParams(`unsupported encoding: ${String(encoding)}`);
  }

  /** jsonParsed for the token programs' mints and accounts (the rest stays base64, as on a cluster). */
  function parseTokenProgramAccount(address: Address, owner: string, data: Uint8Array) {
    if (owner !== tokenProgramAddress && owner !== token2022ProgramAddress) return undefined;
    const program = owner === tokenProgramAddress ? "spl-token" : "spl-token-2022";
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const option = (offset: number) =>
      view.getUint32(offset, true) === 1 ? base58.decode(data.subarray(offset + 4, offset + 36)) : null;
    if (data.length >= 165 && (data.length === 165 || data[165] === 2)) {
      const token = readTokenAccount(svm, address);
      if (!token) return undefined;
      return {
        program,
        parsed: {
          type: "account",
          info: {
            isNative: false,
            mint: token.mint,
            owner: token.owner,
            state: "initialized",
            tokenAmount: token.uiTokenAmount,
          },
        },
        space: BigInt(data.length),
      };
    }
    if (data.length >= 82 && data[45] === 1)
      return {
        program,
        parsed: {
          type: "mint",
          info: {
            decimals: data[44],
            freezeAuthority: option(46),
            isInitialized: true,
            mintAuthority: option(0),
            supply: view.getBigUint64(36, true).toString(),
          },
        },
        space: BigInt(data.length),
      };
    return undefined;
  }

  function statusOf(signature: string) {
    const found = ledger.lookup(signature);
    if (found === undefined || found === "pending") return null;
    const { confirmations, status } = ledger.confirmations(found);
    return {
      slot: BigInt(found.slot),
      confirmations: confirmations === null ? null : BigInt(confirmations),
      err: found.err,
      status: found.err === null ? { Ok: null } : { Err: found.err },
      confirmationStatus: status,
    };
  }

  function transactionJson(landed: LandedTransaction, options: Record<string, unknown>) {
    const encoding = options.encoding ?? "json";
    if (landed.version !== "legacy" && options.maxSupportedTransactionVersion === undefined)
      throw new SolanaRpcError(
        -32015,
        'Transaction version (0) is not supported by the requesting client. Please try the request again with the following configuration parameter: "maxSupportedTransactionVersion": 0',
      );
    const transaction = transactionDecoder.decode(landed.bytes);
    const message = messageDecoder.decode(transaction.messageBytes);
    if (message.version === 1) throw invalidParams("transaction version 1 is not supported");
    const keys = message.staticAccounts;
    const { numSignerAccounts, numReadonlySignerAccounts, numReadonlyNonSignerAccounts } = message.header;
    const parsed = encoding === "jsonParsed";
    const instruction = (entry: {
      programAddressIndex: number;
      accountIndices?: readonly number[] | undefined;
      data?: ReadonlyUint8Array | undefined;
    }) =>
      parsed
        ? {
            programId: keys[entry.programAddressIndex],
            accounts: (entry.accountIndices ?? []).map((index) => keys[index]),
            data: base58.decode(entry.data ?? new Uint8Array()),
            stackHeight: null,
          }
        : {
            programIdIndex: entry.programAddressIndex,
            accounts: [...(entry.accountIndices ?? [])],
            data: base58.decode(entry.data ?? new Uint8Array()),
            stackHeight: null,
          };
    const writable = (index: number) =>
      index < numSignerAccounts
        ? index < numSignerAccounts - numReadonlySignerAccounts
        : index < keys.length - numReadonlyNonSignerAccounts;
    const body =
      encoding === "base64"
        ? [base64.decode(landed.bytes), "base64"]
        : encoding === "json" || parsed
          ? {
              signatures: Object.values(transaction.signatures).map((signature) =>
                base58.decode(signature ?? new Uint8Array(64)),
              ),
              message: {
                accountKeys: parsed
                  ? keys.map((pubkey, index) => ({
                      pubkey,
                      signer: index < numSignerAccounts,
                      writable: writable(index),
                      source: "transaction",
                    }))
                  : keys,
                header: {
                  numRequiredSignatures: numSignerAccounts,
                  numReadonlySignedAccounts: numReadonlySignerAccounts,
                  numReadonlyUnsignedAccounts: numReadonlyNonSignerAccounts,
                },
                recentBlockhash: message.lifetimeToken,
                instructions: message.instructions.map(instruction),
                ...(landed.version === "legacy" ? {} : { addressTableLookups: [] }),
              },
            }
          : (() => {
              throw invalidParams(`unsupported encoding: ${String(encoding)}`);
            })();
    return {
      slot: BigInt(landed.slot),
      blockTime: BigInt(landed.blockTime),
      ...(options.maxSupportedTransactionVersion === undefined ? {} : { version: landed.version }),
      meta: {
        err: landed.err,
        status: landed.err === null ? { Ok: null } : { Err: landed.err },
        fee: landed.fee,
        preBalances: landed.preBalances,
        postBalances: landed.postBalances,
        innerInstructions: parsed
          ? landed.innerInstructions.map(({ index, instructions }) => ({
              index,
              instructions: instructions.map((inner) => ({
                programId: keys[inner.programIdIndex],
                accounts: inner.accounts.map((account) => keys[account]),
                data: inner.data,
                stackHeight: inner.stackHeight,
              })),
            }))
          : landed.innerInstructions,
        logMessages: landed.logs,
        preTokenBalances: landed.preTokenBalances,
        postTokenBalances: landed.postTokenBalances,
        rewards: [],
        loadedAddresses: { writable: [], readonly: [] },
        computeUnitsConsumed: landed.computeUnitsConsumed,
      },
      transaction: body,
    };
  }

  return {
    getHealth: () => "ok",
    getVersion: () => ({ "solana-core": "2.2.0", "feature-set": 0 }),
    getGenesisHash: () => genesisHash,
    getSlot: () => BigInt(ledger.slot()),
    getBlockHeight: () => BigInt(ledger.blockHeight()),
    getEpochInfo: () => ({
      absoluteSlot: BigInt(ledger.slot()),
      blockHeight: BigInt(ledger.blockHeight()),
      epoch: 0n,
      slotIndex: BigInt(ledger.slot()),
      slotsInEpoch: 432_000n,
      transactionCount: null,
    }),
    getLatestBlockhash: () => {
      const { blockhash, lastValidBlockHeight } = ledger.latestBlockhash();
      return { context: context(), value: { blockhash, lastValidBlockHeight: BigInt(lastValidBlockHeight) } };
    },
    isBlockhashValid: (params) => {
      if (typeof params[0] !== "string") throw invalidParams("expected a blockhash");
      return { context: context(), value: ledger.isBlockhashValid(params[0]) };
    },
    getFeeForMessage: (params) => {
      const bytes = bytesParam(params[0], "base64");
      let message: ReturnType<typeof messageDecoder.decode>;
      try {
        message = messageDecoder.decode(bytes);
      } catch {
        throw invalidParams("the message does not decode");
      }
      if (!ledger.isBlockhashValid(message.lifetimeToken)) return { context: context(), value: null };
      return { context: context(), value: 5_000n * BigInt(message.header.numSignerAccounts) };
    },
    getMinimumBalanceForRentExemption: (params) => {
      const size = params[0];
      if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0)
        throw invalidParams("expected a data length");
      return svm.minimumBalanceForRentExemption(BigInt(size));
    },
    getRecentPrioritizationFees: () => [],
    getBalance: (params) => ({ context: context(), value: svm.getBalance(addressParam(params[0])) ?? 0n }),
    getAccountInfo: (params) => ({
      context: context(),
      value: encodeAccount(addressParam(params[0]), config(params, 1)),
    }),
    getMultipleAccounts: (params) => {
      const addresses = params[0];
      if (!Array.isArray(addresses) || addresses.length > 100)
        throw invalidParams("expected at most 100 addresses");
      const options = config(params, 1);
      return {
        context: context(),
        value: addresses.map((address) => encodeAccount(addressParam(address), options)),
      };
    },
    getTokenAccountBalance: (params) => {
      const address = addressParam(params[0]);
      const token = readTokenAccount(svm, address);
      if (!token) throw invalidParams("could not find account");
      return { context: context(), value: token.uiTokenAmount };
    },
    simulateTransaction: (params) => {
      const options = config(params, 1);
      const accounts = options.accounts as { addresses?: unknown; encoding?: unknown } | undefined;
      const addresses = accounts?.addresses;
      if (addresses !== undefined && !Array.isArray(addresses))
        throw invalidParams("accounts.addresses must be a list");
      const value = ledger.simulate(bytesParam(params[0], options.encoding ?? "base58"), {
        sigVerify: options.sigVerify === true,
        replaceRecentBlockhash: options.replaceRecentBlockhash === true,
        innerInstructions: options.innerInstructions === true,
        accounts: addresses?.map(addressParam),
        encodeAccount: (address) => encodeAccount(address, { encoding: accounts?.encoding ?? "base64" }),
      });
      return { context: context(), value };
    },
    sendTransaction: (params) => {
      const options = config(params, 1);
      return ledger.submit(bytesParam(params[0], options.encoding ?? "base58"), {
        skipPreflight: options.skipPreflight === true,
      });
    },
    getSignatureStatuses: (params) => {
      const signatures = params[0];
      if (!Array.isArray(signatures) || signatures.length > 256)
        throw invalidParams("expected at most 256 signatures");
      return { context: context(), value: signatures.map((signature) => statusOf(String(signature))) };
    },
    getTransaction: (params) => {
      if (typeof params[0] !== "string") throw invalidParams("expected a signature");
      const found = ledger.lookup(params[0]);
      if (found === undefined || found === "pending" || found.bytes.length === 0) return null;
      return transactionJson(found, config(params, 1));
    },
    requestAirdrop: (params) => {
      const address = addressParam(params[0]);
      const lamports = params[1];
      if (typeof lamports !== "number" || !Number.isSafeInteger(lamports) || lamports <= 0)
        throw invalidParams("expected a positive lamport amount");
      return ledger.airdrop(address, BigInt(lamports));
    },
  } satisfies Record<(typeof solanaRpcMethodNames)[number], (params: unknown[]) => unknown>;
}
