import { createFacilitatorClient, createMemoryStore, type SchemeFacilitator } from "@x402kit/core";
import { exactSvmClient, exactSvmFacilitator } from "@x402kit/svm";
import { type SolanaTestChain, startSolanaTestChain } from "@x402kit/testchain/solana";
import type { FacilitatorRequest, PaymentRequirements } from "@x402kit/types";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFacilitator } from "../src/facilitator/createFacilitator.js";
import {
  createFacilitatorServer,
  type RunningFacilitatorServer,
} from "../src/server/createFacilitatorServer.js";
import { duplicateOf, expectOneDelivery } from "./expectOneDelivery.js";

const silent = pino({ level: "silent" });

describe("the facilitator with the exact SVM scheme, on the Solana test chain", () => {
  let chain: SolanaTestChain;
  let server: RunningFacilitatorServer;

  const scheme = () =>
    exactSvmFacilitator({
      networks: { [chain.network]: { rpc: chain.rpcUrl, feePayer: chain.accounts.facilitator.signer } },
      pollingIntervalMs: 20,
    });

  beforeAll(async () => {
    chain = await startSolanaTestChain({ buyers: 3 });
    const facilitator = createFacilitator({ schemes: [scheme()], logger: silent });
    server = await createFacilitatorServer({ facilitator, logger: silent }).listen({ port: 0 });
  });
  afterAll(async () => {
    await server?.close();
    await chain?.stop();
  });

  async function pay(buyer: number, amount: string, x402Version: 1 | 2 = 2): Promise<FacilitatorRequest> {
    const requirements: PaymentRequirements = {
      scheme: "exact",
      network: chain.network,
      amount,
      asset: chain.usdc.address,
      payTo: chain.accounts.seller.address,
      maxTimeoutSeconds: 60,
      extra: { feePayer: chain.accounts.facilitator.address },
    };
    const client = exactSvmClient({ signer: chain.accounts.buyers[buyer]!.signer, rpc: chain.rpcUrl });
    const { payload } = await client.createPaymentPayload({ requirements });
    if (x402Version === 1) {
      const v1 = {
        scheme: "exact",
        network: "solana-devnet",
        maxAmountRequired: amount,
        resource: "http://127.0.0.1/paid",
        description: "",
        mimeType: "application/json",
        payTo: requirements.payTo,
        maxTimeoutSeconds: 60,
        asset: requirements.asset,
        extra: requirements.extra,
      };
      return {
        x402Version: 1,
        paymentPayload: { x402Version: 1, scheme: "exact", network: "solana-devnet", payload },
        paymentRequirements: v1,
      } as unknown as FacilitatorRequest;
    }
    return {
      x402Version: 2,
      paymentPayload: { x402Version: 2, accepted: requirements, payload },
      paymentRequirements: requirements,
    };
  }

  const sellerBalance = () => chain.balanceOf(chain.usdc.address, chain.accounts.seller.address);

  it("lists the Solana kinds with a fee payer, then settles 6 identical concurrent settles over HTTP once", async () => {
    const client = createFacilitatorClient({ url: server.url, settleTimeoutMs: 60_000 });
    expect((await client.supported()).kinds).toContainEqual({
      x402Version: 2,
      scheme: "exact",
      network: chain.network,
      extra: { feePayer: chain.accounts.facilitator.address },
    });
    const body = await pay(0, "10000");
    expect(await client.verify(body)).toEqual({ isValid: true, payer: chain.accounts.buyers[0]!.address });
    const before = await sellerBalance();
    const answers = await Promise.all(Array.from({ length: 6 }, () => client.settle(body)));
    const duplicate = expectOneDelivery(answers);
    expect((await sellerBalance()) - before).toBe(10_000n);
    // A replay later: refused, naming the transaction; verify says the transaction already landed.
    expect(await client.settle(body)).toMatchObject(duplicate);
    expect(await client.verify(body)).toMatchObject({
      isValid: false,
      invalidReason: "duplicate_settlement",
    });
    expect((await sellerBalance()) - before).toBe(10_000n);
  });

  it("matches `accepted` without the blockhash hint, which a server may renew in every 402", async () => {
    const client = createFacilitatorClient({ url: server.url });
    const body = await pay(1, "1000");
    const stale = {
      ...body.paymentRequirements,
      extra: { ...body.paymentRequirements.extra, recentBlockhash: "11111111111111111111111111111111" },
    };
    const fresh = {
      ...body.paymentRequirements,
      extra: {
        ...body.paymentRequirements.extra,
        recentBlockhash: "8VjU9epkB7o92aQaDoNybuqEaUuU4Gv9CWendJjnuyUw",
      },
    };
    const hinted = {
      ...body,
      paymentPayload: { ...body.paymentPayload, accepted: stale },
      paymentRequirements: fresh,
    } as FacilitatorRequest;
    expect(await client.verify(hinted)).toMatchObject({ isValid: true });
    const otherTerms = {
      ...hinted,
      paymentRequirements: { ...fresh, extra: { ...fresh.extra, memo: "x" } },
    } as FacilitatorRequest;
    expect(await client.verify(otherTerms)).toMatchObject({
      isValid: false,
      invalidReason: "invalid_payment_requirements",
    });
  });

  it("serves x402 v1 (solana-devnet), answering in v1", async () => {
    const client = createFacilitatorClient({ url: server.url });
    const body = await pay(1, "2000", 1);
    const before = await sellerBalance();
    expect(await client.settle(body)).toMatchObject({ success: true, network: "solana-devnet" });
    expect((await sellerBalance()) - before).toBe(2_000n);
  });

  it("recovers a crash after the signature was recorded and before the send: the payment settles once", async () => {
    const store = createMemoryStore();
    const real = scheme();
    let recorded: (signature: string) => void;
    const signatureRecorded = new Promise<string>((resolve) => {
      recorded = resolve;
    });
    // The first instance records the transaction's id, then never sends it (it dies there).
    const crashing: SchemeFacilitator = {
      ...real,
      settle: (payment, context) =>
        real.settle(payment, {
          onBroadcast: async (signature) => {
            await context.onBroadcast(signature);
            recorded(signature);
            await new Promise(() => {});
          },
        }),
    };
    const first = createFacilitator({ schemes: [crashing], store, instanceId: "svm-1", logger: silent });
    const body = await pay(2, "3000");
    const before = await sellerBalance();
    void first.settle(body);
    const signature = await signatureRecorded;
    expect((await chain.rpc.getSignatureStatuses([signature as never]).send()).value[0]).toBeNull();

    // The restarted instance resolves it from the chain: nothing landed, the blockhash is valid, so it sends it.
    const restarted = createFacilitator({ schemes: [scheme()], store, instanceId: "svm-1", logger: silent });
    expect(await restarted.recover()).toMatchObject({ pending: 1, deleted: 0 });
    const answer = await restarted.settle(body);
    expect(answer).toMatchObject({ success: true, transaction: signature });
    expect(await restarted.settle(body)).toMatchObject(duplicateOf(signature));
    expect((await sellerBalance()) - before).toBe(3_000n);
  });

  it("recovers a crash after the send and before the answer: the retry delivers it first-hand, once", async () => {
    const store = createMemoryStore();
    const real = scheme();
    const crashing: SchemeFacilitator = {
      ...real,
      settle: async (payment, context) => {
        await real.settle(payment, context);
        return new Promise(() => {}); // the answer never leaves
      },
    };
    const first = createFacilitator({ schemes: [crashing], store, instanceId: "svm-2", logger: silent });
    const body = await pay(2, "4000");
    const before = await sellerBalance();
    void first.settle(body);
    // Event ordering, not a sleep: wait until the transfer shows on the chain.
    while ((await sellerBalance()) === before) await new Promise((resolve) => setImmediate(resolve));
    const restarted = createFacilitator({ schemes: [scheme()], store, instanceId: "svm-2", logger: silent });
    expect(await restarted.recover()).toMatchObject({ confirmed: 1 });
    const retried = await restarted.settle(body);
    expect(retried).toMatchObject({ success: true, payer: chain.accounts.buyers[2]!.address });
    expect(await restarted.settle(body)).toMatchObject(duplicateOf(retried.transaction));
    expect((await sellerBalance()) - before).toBe(4_000n);
  });

  it("caps the fee per settlement and per hour on Solana (policy.maxFee, lamports): a refusal sends nothing", async () => {
    const lamports = () => chain.lamports(chain.accounts.facilitator.address);
    // 2 signatures at 5 000 lamports, plus the client's priority fee: one settlement fits under 20 000, two do not.
    const capped = (maxFee: { perSettlement?: string; perHour?: string }) =>
      createFacilitator({
        schemes: [scheme()],
        logger: silent,
        policy: { maxFee: { [chain.network]: maxFee } },
      });
    const before = { lamports: await lamports(), seller: await sellerBalance() };
    const tooHigh = await capped({ perSettlement: "9999" }).settle(await pay(0, "500"));
    expect(tooHigh).toMatchObject({ success: false, errorReason: "policy_fee_too_high", transaction: "" });
    expect(await lamports()).toBe(before.lamports);
    const budget = capped({ perHour: "20000" });
    expect(await budget.settle(await pay(0, "600"))).toMatchObject({ success: true });
    const spent = before.lamports - (await lamports());
    expect(spent).toBeGreaterThanOrEqual(10_000n);
    const second = await budget.settle(await pay(1, "700"));
    expect(second).toMatchObject({
      success: false,
      errorReason: "policy_fee_budget_exceeded",
      transaction: "",
    });
    expect({
      spent: before.lamports - (await lamports()),
      seller: (await sellerBalance()) - before.seller,
    }).toEqual({
      spent,
      seller: 600n,
    });
  });
});
