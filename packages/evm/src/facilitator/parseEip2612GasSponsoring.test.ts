import type { PaymentPayload } from "@x402kit/types";
import { describe, expect, it } from "vitest";
import { permit2Address } from "../constants.js";
import { parseEip2612GasSponsoring } from "./parseEip2612GasSponsoring.js";

const payer = "0x857b06519E91e3A54538791bDbb0E22373e36b66";
const token = "0x036CbD53842c5426634e7929541eC2318f3dCF7e";
const r = `0x${"11".repeat(32)}`;
const s = `0x${"22".repeat(32)}`;
const info = {
  from: payer,
  asset: token,
  spender: permit2Address,
  amount: "10000",
  nonce: "0",
  deadline: "2000",
  signature: `${r}${s.slice(2)}1b`,
  version: "1",
};
const parse = (extensions: Record<string, unknown> | undefined) =>
  parseEip2612GasSponsoring({
    payload: { ...(extensions ? { extensions } : {}) } as PaymentPayload,
    payer,
    token,
    permitted: 10_000n,
    notBefore: 1_000n,
  });

describe("parseEip2612GasSponsoring", () => {
  it("is empty without the extension, and reads a permit that fits the payment", () => {
    expect(parse(undefined)).toEqual({ ok: true, permit2612: undefined });
    expect(parse({ eip2612GasSponsoring: { info } })).toEqual({
      ok: true,
      permit2612: { value: 10_000n, deadline: 2_000n, r, s, v: 27 },
    });
  });

  it.each([
    ["a malformed info", { ...info, amount: "-1" }, "malformed"],
    ["another owner", { ...info, from: token }, "not the payer's"],
    ["another token", { ...info, asset: payer }, "another token"],
    ["a spender other than Permit2", { ...info, spender: payer }, "not Permit2"],
    ["too small an amount", { ...info, amount: "9999" }, "less than"],
    ["an expired deadline", { ...info, deadline: "1000" }, "expired"],
    ["a signature that is not 65 bytes", { ...info, signature: r }, "65 bytes"],
  ])("refuses %s", (_, bad, message) => {
    expect(parse({ eip2612GasSponsoring: { info: bad } })).toEqual({
      ok: false,
      message: expect.stringContaining(message),
    });
  });
});
