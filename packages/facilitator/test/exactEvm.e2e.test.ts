import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFacilitatorClient } from "@x402kit/core";
import { exactEvmClient, exactEvmFacilitator } from "@x402kit/evm";
import { startTestChain, type TestChain } from "@x402kit/testchain";
import type { FacilitatorRequest, PaymentRequirements } from "@x402kit/types";
import { pino } from "pino";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFacilitator } from "../src/facilitator/createFacilitator.js";
import {
  createFacilitatorServer,
  type RunningFacilitatorServer,
} from "../src/server/createFacilitatorServer.js";
import { createSqliteStore } from "../src/store/createSqliteStore.js";
import { expectOneDelivery } from "./expectOneDelivery.js";

describe("the facilitator with the exact EVM scheme, on a Hardhat chain", () => {
  let chain: TestChain;
  let server: RunningFacilitatorServer;
  const directory = mkdtempSync(join(tmpdir(), "x402kit-e2e-"));

  beforeAll(async () => {
    chain = await startTestChain();
    const store = createSqliteStore({ path: join(directory, "facilitator.db") });
    const facilitator = createFacilitator({
      schemes: [
        exactEvmFacilitator({
          networks: {
            [chain.network]: {
              rpcUrl: chain.rpcUrl,
              signer: privateKeyToAccount(chain.accounts.facilitator.privateKey),
            },
          },
          nonceStore: store,
          pollingIntervalMs: 50,
        }),
      ],
      store,
      logger: pino({ level: "silent" }),
    });
    server = await createFacilitatorServer({ facilitator, logger: pino({ level: "silent" }) }).listen({
      port: 0,
    });
  });
  afterAll(async () => {
    await server?.close();
    await chain?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  async function pay(buyer: number, amount: string): Promise<FacilitatorRequest> {
    const requirements: PaymentRequirements = {
      scheme: "exact",
      network: chain.network,
      amount,
      asset: chain.usdc.address,
      payTo: chain.accounts.seller.address,
      maxTimeoutSeconds: 120,
      extra: { name: chain.usdc.name, version: chain.usdc.version },
    };
    const client = exactEvmClient({ account: privateKeyToAccount(chain.accounts.buyers[buyer]!.privateKey) });
    const { payload } = await client.createPaymentPayload({ requirements });
    return {
      x402Version: 2,
      paymentPayload: { x402Version: 2, accepted: requirements, payload },
      paymentRequirements: requirements,
    };
  }

  it("verifies, then settles 5 identical concurrent settles with exactly one transfer and one delivery", async () => {
    const client = createFacilitatorClient({ url: server.url, settleTimeoutMs: 60_000 });
    const body = await pay(0, "10000");
    expect(await client.verify(body)).toMatchObject({
      isValid: true,
      payer: chain.accounts.buyers[0]!.address,
    });
    const seller = chain.accounts.seller.address;
    const before = await chain.balanceOf(chain.usdc.address, seller);
    const answers = await Promise.all(Array.from({ length: 5 }, () => client.settle(body)));
    const after = await chain.balanceOf(chain.usdc.address, seller);

    expect(after - before).toBe(10_000n);
    // One delivery; every other answer refuses the duplicate and names the one transaction.
    const duplicate = expectOneDelivery(answers);
    // Later, the same payment again: refused too, and still one transfer.
    expect(await client.settle(body)).toMatchObject(duplicate);
    expect(await chain.balanceOf(chain.usdc.address, seller)).toBe(after);
  });

  it("settles different payments concurrently, each once, with the signer's nonces in order", async () => {
    const client = createFacilitatorClient({ url: server.url, settleTimeoutMs: 60_000 });
    const seller = chain.accounts.seller.address;
    const before = await chain.balanceOf(chain.usdc.address, seller);
    const bodies = await Promise.all([pay(1, "1000"), pay(2, "2000"), pay(3, "3000"), pay(1, "4000")]);
    const answers = await Promise.all(bodies.map((body) => client.settle(body)));
    expect(answers.map((answer) => answer.success)).toEqual([true, true, true, true]);
    expect(new Set(answers.map((answer) => answer.transaction)).size).toBe(4);
    expect((await chain.balanceOf(chain.usdc.address, seller)) - before).toBe(10_000n);
  });

  it("answers a v1 request in v1 form", async () => {
    const v2 = await pay(2, "500");
    if (v2.x402Version !== 2) throw new Error("expected a v2 body");
    const v1: FacilitatorRequest = {
      x402Version: 1,
      paymentPayload: {
        x402Version: 1,
        scheme: "exact",
        network: "hardhat",
        payload: v2.paymentPayload.payload,
      },
      paymentRequirements: {
        scheme: "exact",
        network: "hardhat",
        maxAmountRequired: "500",
        resource: "http://127.0.0.1/resource",
        description: "",
        mimeType: "application/json",
        payTo: v2.paymentRequirements.payTo,
        maxTimeoutSeconds: 120,
        asset: v2.paymentRequirements.asset,
        extra: v2.paymentRequirements.extra,
      },
    };
    const client = createFacilitatorClient({ url: server.url, settleTimeoutMs: 60_000 });
    expect(await client.verify(v1)).toMatchObject({ isValid: true });
    expect(await client.settle(v1)).toMatchObject({ success: true, network: "hardhat" });
  });
});
