import { permit2WitnessTypedData } from "@x402kit/evm";
import type { PaymentRequirements } from "@x402kit/types";
import { hashTypedData, recoverAddress } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { uptoPermit2ProxyAddress, uptoPermit2WitnessType } from "../constants.js";
import { uptoEvmPayloadSchema } from "../schemas.js";
import { uptoEvmClient } from "./uptoEvmClient.js";

const account = privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
const requirements: PaymentRequirements = {
  scheme: "upto",
  network: "eip155:84532",
  amount: "5000000",
  asset: "0x036cbd53842c5426634e7929541ec2318f3dcf7e",
  payTo: "0x209693bc6afc0c5328ba36faf03c514ef312287c",
  maxTimeoutSeconds: 300,
  extra: {
    name: "USDC",
    version: "2",
    assetTransferMethod: "permit2",
    facilitatorAddress: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
  },
};
const client = uptoEvmClient({ account, now: () => 1_740_000_000 });

describe("uptoEvmClient", () => {
  it("signs Permit2's PermitWitnessTransferFrom for the maximum, bound to payTo and the facilitator", async () => {
    const { payload } = await client.createPaymentPayload({ requirements });
    const parsed = uptoEvmPayloadSchema.parse(payload);
    expect(parsed.permit2Authorization).toMatchObject({
      permitted: { token: "0x036CbD53842c5426634e7929541eC2318f3dCF7e", amount: "5000000" },
      from: account.address,
      spender: uptoPermit2ProxyAddress,
      deadline: "1740000300",
      witness: {
        to: "0x209693Bc6afc0C5328bA36FaF03C514EF312287C",
        facilitator: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
        validAfter: "1739999400",
      },
    });
    expect(parsed.permit2Authorization.nonce).toMatch(/^\d+$/); // a uint256 in decimal, as on the wire
    const { permitted, spender, nonce, deadline, witness } = parsed.permit2Authorization;
    const hash = hashTypedData(
      permit2WitnessTypedData({
        chainId: 84532,
        authorization: {
          permitted: { token: permitted.token as `0x${string}`, amount: BigInt(permitted.amount) },
          spender: spender as `0x${string}`,
          nonce: BigInt(nonce),
          deadline: BigInt(deadline),
          witness: { ...witness, validAfter: BigInt(witness.validAfter) },
        },
        witnessType: uptoPermit2WitnessType,
      }),
    );
    expect(await recoverAddress({ hash, signature: parsed.signature as `0x${string}` })).toBe(
      account.address,
    );
  });

  it("uses a fresh nonce each time", async () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const { payload } = await client.createPaymentPayload({ requirements });
      nonces.add(uptoEvmPayloadSchema.parse(payload).permit2Authorization.nonce);
    }
    expect(nonces.size).toBe(3);
  });

  it("refuses requirements without a facilitator address, and other schemes", async () => {
    await expect(
      client.createPaymentPayload({
        requirements: { ...requirements, extra: { name: "USDC", version: "2" } },
      }),
    ).rejects.toMatchObject({ name: "UptoEvmError", code: "invalid_payment_requirements" });
    await expect(
      client.createPaymentPayload({ requirements: { ...requirements, scheme: "exact" } }),
    ).rejects.toMatchObject({ code: "invalid_payment_requirements" });
    await expect(
      client.createPaymentPayload({ requirements: { ...requirements, network: "solana:mainnet" } }),
    ).rejects.toMatchObject({ code: "invalid_network" });
  });
});
