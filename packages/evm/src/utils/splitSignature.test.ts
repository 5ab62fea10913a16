import { type Hex, hexToBigInt, numberToHex, parseSignature, serializeSignature } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { isHighS } from "./isHighS.js";
import { splitSignature } from "./splitSignature.js";

const secp256k1n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const account = privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");

describe("splitSignature", () => {
  it("splits a 65-byte signature into r, s and v = 27/28", async () => {
    const signature = await account.signMessage({ message: "x402" });
    const split = splitSignature(signature);
    const viem = parseSignature(signature);
    expect(split).toEqual({ r: viem.r, s: viem.s, v: Number(viem.v) });
    expect([27, 28]).toContain(split?.v);
  });

  it("normalises v = 0/1 to 27/28", async () => {
    const parsed = parseSignature(await account.signMessage({ message: "x402" }));
    const compactV = serializeSignature({ r: parsed.r, s: parsed.s, yParity: parsed.yParity }).slice(0, -2);
    const withYParity = `${compactV}${parsed.yParity === 0 ? "00" : "01"}` as Hex;
    expect(splitSignature(withYParity)?.v).toBe(parsed.yParity + 27);
  });

  it.each([
    ["64 bytes", `0x${"11".repeat(64)}`],
    ["66 bytes", `0x${"11".repeat(66)}`],
    ["v = 29", `0x${"11".repeat(64)}1d`],
    ["empty", "0x"],
  ])("returns undefined for %s", (_, signature) => {
    expect(splitSignature(signature as Hex)).toBeUndefined();
  });
});

describe("isHighS", () => {
  it("accepts s up to n/2 and refuses s above it", () => {
    expect(isHighS(secp256k1n / 2n)).toBe(false);
    expect(isHighS(secp256k1n / 2n + 1n)).toBe(true);
    expect(isHighS(1n)).toBe(false);
  });

  it("flags the malleable twin (n - s) of every real signature", async () => {
    for (const message of ["a", "b", "c", "d"]) {
      const { s } = parseSignature(await account.signMessage({ message }));
      expect(isHighS(s)).toBe(false);
      expect(isHighS(numberToHex(secp256k1n - hexToBigInt(s), { size: 32 }))).toBe(true);
    }
  });
});
