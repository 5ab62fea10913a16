import { bytesToHex, type Hex } from "viem";

/** 32 random bytes from the platform CSPRNG, as an EIP-3009 nonce. */
export function randomBytes32(): Hex {
  return bytesToHex(crypto.getRandomValues(new Uint8Array(32)));
}
