import { encodeFunctionData, type Hex, maxUint256 } from "viem";
import { generatePrivateKey, privateKeyToAddress } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { batchSettlerAbi, eip3009Abi } from "../abis.js";
import { randomBytes32 } from "../utils/randomBytes32.js";
import { encodeBatchSettle } from "./encodeBatchSettle.js";
import { encodeTransferWithAuthorization } from "./encodeTransferWithAuthorization.js";

const address = () => privateKeyToAddress(generatePrivateKey());
// Checksummed and lower-case addresses, the extremes of uint256, and both values of v.
const item = (index: number) => ({
  token: index % 2 ? address() : (address().toLowerCase() as Hex),
  authorization: {
    from: address(),
    to: address(),
    value: index === 0 ? 0n : index === 1 ? maxUint256 : BigInt(index) * 10n ** 6n,
    validAfter: BigInt(1_700_000_000 + index),
    validBefore: index === 2 ? maxUint256 : BigInt(1_800_000_000 + index),
    nonce: randomBytes32(),
  },
  signature: { v: (index % 2 ? 27 : 28) as 27 | 28, r: randomBytes32(), s: randomBytes32() },
});

describe("encodeTransferWithAuthorization and encodeBatchSettle", () => {
  it("write the same calldata as viem's encodeFunctionData", () => {
    const items = Array.from({ length: 7 }, (_, index) => item(index));
    for (const { authorization: a, signature: s } of items)
      expect(encodeTransferWithAuthorization({ authorization: a, signature: s })).toBe(
        encodeFunctionData({
          abi: eip3009Abi,
          functionName: "transferWithAuthorization",
          args: [a.from, a.to, a.value, a.validAfter, a.validBefore, a.nonce, s.v, s.r, s.s],
        }).toLowerCase(),
      );
    for (const batch of [items.slice(0, 1), items, []])
      expect(encodeBatchSettle(batch)).toBe(
        encodeFunctionData({
          abi: batchSettlerAbi,
          functionName: "settle",
          args: [batch.map(({ token, authorization, signature: s }) => ({ token, ...authorization, ...s }))],
        }).toLowerCase(),
      );
  });

  it("keep viem's encoding for a smart wallet's bytes signature", () => {
    const { authorization } = item(3);
    const signature = `0x${"ab".repeat(97)}` as Hex;
    expect(encodeTransferWithAuthorization({ authorization, signature })).toBe(
      encodeFunctionData({
        abi: eip3009Abi,
        functionName: "transferWithAuthorization",
        args: [
          authorization.from,
          authorization.to,
          authorization.value,
          authorization.validAfter,
          authorization.validBefore,
          authorization.nonce,
          signature,
        ],
      }),
    );
  });

  it("refuse a value that does not fit a word", () => {
    const { authorization, signature } = item(4);
    expect(() =>
      encodeTransferWithAuthorization({
        authorization: { ...authorization, value: maxUint256 + 1n },
        signature,
      }),
    ).toThrow();
    expect(() =>
      encodeTransferWithAuthorization({ authorization: { ...authorization, value: -1n }, signature }),
    ).toThrow();
    expect(() =>
      encodeBatchSettle([{ ...item(5), signature: { ...signature, r: `0x${"11".repeat(33)}` as Hex } }]),
    ).toThrow();
  });
});
