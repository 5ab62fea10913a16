import { secp256k1 } from "@noble/curves/secp256k1";
import { type Hex, keccak256, toHex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { verifyEoaSignature } from "./verifyEoaSignature.js";

const account = privateKeyToAccount(generatePrivateKey());
const other = privateKeyToAccount(generatePrivateKey());
const digest = (i: number) => keccak256(toHex(`voucher ${i}`));

/** The same (r, s) with `v` flipped, and the malleable twin (r, n − s, v flipped): both refused by OpenZeppelin's ECDSA. */
function twins(signature: Hex) {
  const r = signature.slice(2, 66);
  const s = BigInt(`0x${signature.slice(66, 130)}`);
  const v = Number.parseInt(signature.slice(130), 16);
  const flipped = (v === 27 ? 28 : 27).toString(16);
  const highS = (secp256k1.CURVE.n - s).toString(16).padStart(64, "0");
  return {
    flippedV: `0x${r}${s.toString(16).padStart(64, "0")}${flipped}` as Hex,
    highS: `0x${r}${highS}${flipped}` as Hex,
  };
}

describe("verifyEoaSignature", () => {
  it("accepts the signer's signatures, the first by recovery and the next against the remembered key", async () => {
    for (let i = 0; i < 5; i++) {
      const signature = await account.sign({ hash: digest(i) });
      expect(verifyEoaSignature({ digest: digest(i), signature, signer: account.address })).toBe(true);
      // another digest, another signer
      expect(verifyEoaSignature({ digest: digest(i + 100), signature, signer: account.address })).toBe(false);
      expect(verifyEoaSignature({ digest: digest(i), signature, signer: other.address })).toBe(false);
    }
  });

  it("refuses what ecrecover in the escrow would refuse or read otherwise", async () => {
    for (const signer of [account, privateKeyToAccount(generatePrivateKey())]) {
      // a fresh signer exercises the recovery path, a known one the cached-key path
      const signature = await signer.sign({ hash: digest(1) });
      const { flippedV, highS } = twins(signature);
      expect(verifyEoaSignature({ digest: digest(1), signature: flippedV, signer: signer.address })).toBe(
        false,
      );
      expect(verifyEoaSignature({ digest: digest(1), signature: highS, signer: signer.address })).toBe(false);
      expect(
        verifyEoaSignature({
          digest: digest(1),
          signature: signature.slice(0, 130) as Hex,
          signer: signer.address,
        }),
      ).toBe(false);
      const v01 = `${signature.slice(0, 130)}0${Number.parseInt(signature.slice(130), 16) - 27}` as Hex;
      expect(verifyEoaSignature({ digest: digest(1), signature: v01, signer: signer.address })).toBe(false);
      expect(verifyEoaSignature({ digest: digest(1), signature, signer: signer.address })).toBe(true);
    }
  });
});
