import { type Address, getAddressDecoder } from "@solana/kit";
import type { LiteSVM } from "litesvm";

export const tokenProgramAddress = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA" as Address;
export const token2022ProgramAddress = "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb" as Address;

const addressDecoder = getAddressDecoder();
const isTokenProgram = (owner: string) => owner === tokenProgramAddress || owner === token2022ProgramAddress;

export type TokenAccountJson = {
  mint: string;
  owner: string;
  programId: string;
  uiTokenAmount: { amount: string; decimals: number; uiAmount: number | null; uiAmountString: string };
};

/** The decimals of a mint of either token program (offset 44 of the base mint layout), or undefined. */
export function readMintDecimals(svm: LiteSVM, mint: Address): number | undefined {
  const account = svm.getAccount(mint);
  if (!account.exists || !isTokenProgram(account.programAddress) || account.data.length < 82)
    return undefined;
  return account.data[44];
}

/** A token account of either token program (the base layout: mint, owner, amount), in the RPC's JSON form. */
export function readTokenAccount(svm: LiteSVM, address: Address): TokenAccountJson | undefined {
  const account = svm.getAccount(address);
  if (!account.exists || !isTokenProgram(account.programAddress) || account.data.length < 165)
    return undefined;
  const data = account.data;
  if (data[108] === 0) return undefined; // uninitialized
  const mint = addressDecoder.decode(data.subarray(0, 32));
  const owner = addressDecoder.decode(data.subarray(32, 64));
  const amount = new DataView(data.buffer, data.byteOffset, data.byteLength).getBigUint64(64, true);
  const decimals = readMintDecimals(svm, mint) ?? 0;
  return { mint, owner, programId: account.programAddress, uiTokenAmount: uiTokenAmount(amount, decimals) };
}

/** `{ amount, decimals, uiAmount, uiAmountString }` as the RPC writes a token amount. */
export function uiTokenAmount(amount: bigint, decimals: number): TokenAccountJson["uiTokenAmount"] {
  const text = amount.toString().padStart(decimals + 1, "0");
  const whole = text.slice(0, text.length - decimals);
  const fraction = text.slice(text.length - decimals).replace(/0+$/, "");
  const uiAmountString = fraction ? `${whole}.${fraction}` : whole;
  return { amount: amount.toString(), decimals, uiAmount: Number(uiAmountString), uiAmountString };
}
