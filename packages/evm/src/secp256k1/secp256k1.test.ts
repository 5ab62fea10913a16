import { secp256k1 } from "@noble/curves/secp256k1";
import {
  type Hex,
  keccak256,
  parseTransaction,
  recoverAddress,
  recoverTransactionAddress,
  toHex,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { nativeSecp256k1 } from "./nativeSecp256k1.js";
import { privateKeyToFastAccount } from "./privateKeyToFastAccount.js";
import { recoverDigestAddress } from "./recoverDigestAddress.js";
import type { Secp256k1Backend } from "./secp256k1Backend.js";
import { signDigest } from "./signDigest.js";
import { verifyDigestSignature } from "./verifyDigestSignature.js";

// The workspace installs the optional peer `secp256k1`, so both backends run here; the tarball check runs a paid
// request with and without it.
const backends: Secp256k1Backend[] = ["native", "js"];
const digest = (i: number) => keccak256(toHex(`digest ${i}`));

/** Signatures that `ECDSA.tryRecover` refuses, built from a valid one. */
function malformed(signature: Hex): Hex[] {
  const r = signature.slice(2, 66);
  const s = BigInt(`0x${signature.slice(66, 130)}`);
  const v = Number.parseInt(signature.slice(130), 16);
  const other = (v === 27 ? 28 : 27).toString(16);
  const n = secp256k1.CURVE.n;
  const word = (value: bigint) => value.toString(16).padStart(64, "0");
  return [
    `0x${r}${word(n - s)}${other}`, // the malleable twin (high s)
    `0x${signature.slice(2, 130)}0${v - 27}`, // v 0/1
    `0x${signature.slice(2, 130)}1d`, // v 29
    signature.slice(0, 130) as Hex, // 64 bytes
    `${signature}00`, // 66 bytes
    `0x${word(0n)}${word(s)}1b`, // r = 0
    `0x${word(n)}${word(s)}1b`, // r = n
    `0x${r}${word(0n)}1b`, // s = 0
    `0x${word(5n)}${word(s)}1b`, // r not the x of any point
    `0x${"zz".repeat(65)}`, // not hex
  ];
}

describe("the secp256k1 seam", () => {
  it("has the native backend in the workspace", () => {
    expect(nativeSecp256k1()).toBeDefined();
  });

  it("signs random digests with the same bytes as viem on both backends, and recovers the same address", async () => {
    for (let i = 0; i < 20; i++) {
      const privateKey = generatePrivateKey();
      const account = privateKeyToAccount(privateKey);
      const hash = keccak256(generatePrivateKey());
      const expected = await account.sign({ hash });
      for (const backend of backends) {
        expect(signDigest({ digest: hash, privateKey, backend })).toBe(expected);
        expect(recoverDigestAddress({ digest: hash, signature: expected, backend })).toBe(account.address);
        expect(
          verifyDigestSignature({ digest: hash, signature: expected, signer: account.address, backend }),
        ).toBe(true);
        expect(
          verifyDigestSignature({ digest: digest(i), signature: expected, signer: account.address, backend }),
        ).toBe(false);
      }
      expect(await recoverAddress({ hash, signature: expected })).toBe(account.address);
    }
  });

  it("refuses malformed signatures identically on both backends", async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    for (let i = 0; i < 4; i++) {
      const signature = await account.sign({ hash: digest(i) });
      for (const bad of malformed(signature))
        for (const backend of backends) {
          expect(recoverDigestAddress({ digest: digest(i), signature: bad, backend }), bad).toBeUndefined();
          // twice: the js backend's first verification recovers, the next ones use the remembered key
          for (let twice = 0; twice < 2; twice++)
            expect(
              verifyDigestSignature({ digest: digest(i), signature: bad, signer: account.address, backend }),
              bad,
            ).toBe(false);
        }
      // a signature by someone else, and a digest that is not 32 bytes
      for (const backend of backends) {
        expect(
          verifyDigestSignature({ digest: digest(i), signature, signer: account.address, backend }),
        ).toBe(true);
        expect(
          verifyDigestSignature({
            digest: digest(i),
            signature,
            signer: privateKeyToAccount(generatePrivateKey()).address,
            backend,
          }),
        ).toBe(false);
        // another key's signature, claimed for a signer whose public key is remembered by now
        const other = await privateKeyToAccount(generatePrivateKey()).sign({ hash: digest(i) });
        expect(
          verifyDigestSignature({ digest: digest(i), signature: other, signer: account.address, backend }),
        ).toBe(false);
        expect(recoverDigestAddress({ digest: "0x1234", signature, backend })).toBeUndefined();
        expect(() => signDigest({ digest: "0x1234", privateKey: generatePrivateKey(), backend })).toThrow(
          TypeError,
        );
      }
    }
  });

  it("privateKeyToFastAccount signs messages, typed data and transactions as viem's account does", async () => {
    const privateKey = generatePrivateKey();
    const viemAccount = privateKeyToAccount(privateKey);
    const fast = privateKeyToFastAccount(privateKey);
    expect(fast.address).toBe(viemAccount.address);
    const hash = digest(7);
    expect(await fast.sign({ hash })).toBe(await viemAccount.sign({ hash }));
    expect(await fast.signMessage({ message: "hello" })).toBe(
      await viemAccount.signMessage({ message: "hello" }),
    );
    const typedData = {
      domain: { name: "x", version: "1", chainId: 1, verifyingContract: viemAccount.address },
      types: { Mail: [{ name: "contents", type: "string" }] },
      primaryType: "Mail",
      message: { contents: "hi" },
    } as const;
    expect(await fast.signTypedData(typedData)).toBe(await viemAccount.signTypedData(typedData));
    const transaction = {
      chainId: 31337,
      nonce: 3,
      to: viemAccount.address,
      value: 1n,
      gas: 21_000n,
      maxFeePerGas: 2n,
      maxPriorityFeePerGas: 1n,
    } as const;
    const signed = await fast.signTransaction(transaction);
    expect(signed).toBe(await viemAccount.signTransaction(transaction));
    expect(await recoverTransactionAddress({ serializedTransaction: signed as never })).toBe(
      viemAccount.address,
    );
    expect(parseTransaction(signed).nonce).toBe(3);
  });
});
