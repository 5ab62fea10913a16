import { isHighS, splitSignature } from "@x402kit/evm";
import { hashMessage, recoverAddress } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { toHighS } from "./toHighS.js";

describe("toHighS", () => {
  it("gives the malleable twin: high s, the other v, and ecrecover still finds the signer", async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const signature = await account.signMessage({ message: "x402" });
    const twin = toHighS(signature);
    const [low, high] = [splitSignature(signature)!, splitSignature(twin)!];
    expect([isHighS(low.s), isHighS(high.s)]).toEqual([false, true]);
    expect(high.r).toBe(low.r);
    expect(high.v).toBe(low.v === 27 ? 28 : 27);
    expect(await recoverAddress({ hash: hashMessage("x402"), signature: twin })).toBe(account.address);
  });
});
