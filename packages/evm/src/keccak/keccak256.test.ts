import { randomBytes } from "node:crypto";
import { bytesToHex, keccak256 as viemKeccak256 } from "viem";
import { describe, expect, it } from "vitest";
import { keccak256 } from "./keccak256.js";
import { nativeKeccak } from "./nativeKeccak.js";

describe("keccak256", () => {
  it("loads the native binding here (the optional peer is a devDependency)", () => {
    expect(nativeKeccak()).toBeTypeOf("function");
  });

  it("gives viem's bytes for every input length up to three blocks, as hex and as bytes", () => {
    for (let length = 0; length <= 3 * 136 + 1; length++) {
      const bytes = new Uint8Array(randomBytes(length));
      const hex = bytesToHex(bytes);
      const expected = viemKeccak256(bytes);
      expect(keccak256(bytes)).toBe(expected);
      expect(keccak256(hex)).toBe(expected);
      expect(bytesToHex(keccak256(bytes, "bytes"))).toBe(expected);
    }
  });

  it("hashes a view into a larger buffer by its own bytes only", () => {
    const backing = new Uint8Array(randomBytes(100));
    const view = backing.subarray(10, 42);
    expect(keccak256(view)).toBe(viemKeccak256(view));
  });

  it("refuses malformed hex as viem does", () => {
    expect(() => keccak256("0xzz")).toThrow();
  });

  it("answers the known digest of the empty input", () => {
    expect(keccak256(new Uint8Array())).toBe(
      "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
    );
  });
});
