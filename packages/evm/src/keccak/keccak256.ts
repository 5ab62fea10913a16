import { type Hex, hexToBytes, keccak256 as viemKeccak256 } from "viem";
import { nativeKeccak } from "./nativeKeccak.js";

export type Keccak256Parameters<to extends "hex" | "bytes" = "hex"> = [
  value: Hex | Uint8Array,
  to?: to | undefined,
];

export type Keccak256ReturnType<to extends "hex" | "bytes"> = to extends "bytes" ? Uint8Array : Hex;

/**
 * Keccak-256, as viem's `keccak256` (the same arguments and bytes), with the native binding when the optional peer
 * `keccak` loads: about 5 µs against noble's 20 to 24 µs for a 160-byte input on a 2-core x64 server. The EIP-712
 * digests of the hot paths (a voucher per paid request over a channel, an authorization per exact payment) use it.
 */
export function keccak256<to extends "hex" | "bytes" = "hex">(
  ...[value, to]: Keccak256Parameters<to>
): Keccak256ReturnType<to> {
  const native = nativeKeccak();
  if (!native) return viemKeccak256(value, to) as Keccak256ReturnType<to>;
  const bytes = typeof value === "string" ? hexToBytes(value) : value;
  const digest = native(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return (
    to === "bytes"
      ? new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength)
      : `0x${digest.toString("hex")}`
  ) as Keccak256ReturnType<to>;
}
