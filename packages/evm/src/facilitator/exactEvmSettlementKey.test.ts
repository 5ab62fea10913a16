import type { PaymentRequirements } from "@x402kit/types";
import { describe, expect, it } from "vitest";
import { baseSepoliaRequirements } from "../../test/offline.js";
import { exactEvmSettlementKey } from "./exactEvmSettlementKey.js";

const requirements: PaymentRequirements = baseSepoliaRequirements;
const authorization = {
  from: "0x857b06519E91e3A54538791bDbb0E22373e36b66",
  to: requirements.payTo,
  value: "10000",
  validAfter: "1740672089",
  validBefore: "1740672154",
  nonce: "0xF3746613C2D920B5FDABC0856F2AEB2D4F88EE6037B8CC5D04A71A4462F13480",
};
const paymentWith = (payload: Record<string, unknown>) => ({
  payload: { x402Version: 2 as const, accepted: requirements, payload },
  requirements,
});

describe("exactEvmSettlementKey", () => {
  it("names network, asset, payer and nonce, lowercased", () => {
    expect(exactEvmSettlementKey(paymentWith({ signature: "0x1234", authorization }))).toBe(
      "eip155:84532:0x036cbd53842c5426634e7929541ec2318f3dcf7e:0x857b06519e91e3a54538791bdbb0e22373e36b66:" +
        "0xf3746613c2d920b5fdabc0856f2aeb2d4f88ee6037b8cc5d04a71a4462f13480",
    );
  });

  it("ignores the signature bytes: a re-signed authorization has the same key", () => {
    const a = exactEvmSettlementKey(paymentWith({ signature: "0x1234", authorization }));
    const b = exactEvmSettlementKey(paymentWith({ signature: `0x${"ab".repeat(65)}`, authorization }));
    expect(a).toBe(b);
  });

  it("is undefined when the payload does not parse", () => {
    expect(exactEvmSettlementKey(paymentWith({ signature: "0x12" }))).toBeUndefined();
    expect(
      exactEvmSettlementKey(
        paymentWith({ signature: "0x12", authorization: { ...authorization, nonce: "1" } }),
      ),
    ).toBeUndefined();
  });

  it("names a Permit2 authorization by its uint256 nonce in decimal", () => {
    const permit2Authorization = {
      permitted: { token: requirements.asset, amount: "10000" },
      from: authorization.from,
      spender: "0x402085c248EeA27D92E8b30b2C58ed07f9E20001",
      nonce: "33247007178036348590600198031289925668252061821958005840077069883511451257277",
      deadline: "1740672154",
      witness: { to: requirements.payTo, validAfter: "1740672089" },
    };
    expect(exactEvmSettlementKey(paymentWith({ signature: "0x1234", permit2Authorization }))).toBe(
      "eip155:84532:0x036cbd53842c5426634e7929541ec2318f3dcf7e:0x857b06519e91e3a54538791bdbb0e22373e36b66:" +
        permit2Authorization.nonce,
    );
  });
});
