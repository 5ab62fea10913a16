import { evmAddressSchema, exactEvmEip3009PayloadSchema, type PaymentRequirements } from "@x402kit/types";
import { hashTypedData, recoverAddress } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { ExactEvmError } from "../errors/ExactEvmError.js";
import { eip3009TypedData } from "../utils/eip3009TypedData.js";
import { parseEip3009Authorization } from "../utils/parseEip3009Authorization.js";
import { exactEvmClient } from "./exactEvmClient.js";

const account = privateKeyToAccount("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");
const requirements: PaymentRequirements = {
  scheme: "exact",
  network: "eip155:84532",
  amount: "10000",
  asset: "0x036CbD53842c5426634e7929541eC2318f3dCF7e",
  payTo: "0x209693Bc6afc0C5328bA36FaF03C514EF312287C",
  maxTimeoutSeconds: 60,
  extra: { name: "USDC", version: "2" },
};
const now = 1_740_672_000;
const client = exactEvmClient({ account, now: () => now });

describe("exactEvmClient", () => {
  it("declares the exact scheme on every EVM network by default", () => {
    expect(client.scheme).toBe("exact");
    expect(client.networks).toEqual(["eip155:*"]);
    expect(exactEvmClient({ account, networks: ["eip155:8453"] }).networks).toEqual(["eip155:8453"]);
  });

  it("signs an authorization for payTo and the exact amount, in the window now-600 .. now+maxTimeout", async () => {
    const { payload } = await client.createPaymentPayload({ requirements });
    const parsed = exactEvmEip3009PayloadSchema.parse(payload);
    expect(parsed.authorization).toMatchObject({
      from: account.address,
      to: requirements.payTo,
      value: "10000",
      validAfter: String(now - 600),
      validBefore: String(now + 60),
    });
    expect(evmAddressSchema.safeParse(parsed.authorization.from).success).toBe(true);
    const hash = hashTypedData(
      eip3009TypedData({
        domain: {
          name: "USDC",
          version: "2",
          chainId: 84532,
          verifyingContract: requirements.asset as `0x${string}`,
        },
        authorization: parseEip3009Authorization(parsed.authorization),
      }),
    );
    expect(await recoverAddress({ hash, signature: parsed.signature as `0x${string}` })).toBe(
      account.address,
    );
  });

  it("uses a fresh 32-byte random nonce for every payment", async () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const { payload } = await client.createPaymentPayload({ requirements });
      const { nonce } = exactEvmEip3009PayloadSchema.parse(payload).authorization;
      expect(nonce).toMatch(/^0x[0-9a-f]{64}$/);
      nonces.add(nonce);
    }
    expect(nonces.size).toBe(20);
  });

  it.each([
    ["no EIP-712 domain", { extra: {} }, "invalid_payment_requirements"],
    ["no version", { extra: { name: "USDC" } }, "invalid_payment_requirements"],
    [
      "Permit2",
      { extra: { name: "USDC", version: "2", assetTransferMethod: "permit2" } },
      "invalid_payment_requirements",
    ],
    ["a non-EVM network", { network: "solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp" }, "invalid_network"],
    ["another scheme", { scheme: "upto" }, "invalid_payment_requirements"],
    ["a bad asset", { asset: "usdc" }, "invalid_payment_requirements"],
  ])("refuses requirements with %s", async (_, change, code) => {
    const promise = client.createPaymentPayload({ requirements: { ...requirements, ...change } });
    await expect(promise).rejects.toBeInstanceOf(ExactEvmError);
    await expect(promise).rejects.toMatchObject({ code });
  });
});
