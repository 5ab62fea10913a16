import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  createMemoryStore,
  type FacilitatorStore,
  isReplayedSettlement,
  type SchemeFacilitator,
  type SchemePaymentParameters,
  withDeliveryToken,
} from "@x402kit/core";
import type { FacilitatorRequest } from "@x402kit/types";
import { pino } from "pino";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, describe, expect, it } from "vitest";
import { duplicateOf } from "../../test/expectOneDelivery.js";
import {
  gate,
  network,
  payer,
  request,
  requirements,
  scriptedScheme,
  txOf,
} from "../../test/scriptedScheme.js";
import { createSignerPool } from "../signers/createSignerPool.js";
import { createSqliteStore } from "../store/createSqliteStore.js";
import { sampleSettlementRecord } from "../testing/sampleSettlementRecord.js";
import { createFacilitator } from "./createFacilitator.js";

const silent = pino({ level: "silent" });
const facilitatorWith = (
  scheme: SchemeFacilitator,
  options: { store?: FacilitatorStore; instanceId?: string; pendingWaitMs?: number } = {},
) => createFacilitator({ schemes: [scheme], logger: silent, instanceId: "test-a", ...options });

const withId = (id: string) => ({ "payment-identifier": { info: { required: false, id } } });
/** A scheme whose settle broadcasts `txOf(nonce)` and answers pending; the chain has it once `mine()` is called. */
const pendingUntilMined = (nonce: string) => {
  let mined = false;
  const { scheme, calls } = scriptedScheme({
    settle: async (_, context) => {
      await context.onBroadcast(txOf(nonce));
      return { success: false, errorReason: "settlement_pending", transaction: txOf(nonce), network, payer };
    },
    resolveBroadcast: async (transaction) =>
      mined ? { success: true, transaction, network, payer } : undefined,
  });
  return {
    scheme,
    calls,
    mine: () => {
      mined = true;
    },
  };
};

describe("createFacilitator: verify", () => {
  it("passes a valid request to the scheme in v2 form", async () => {
    const { scheme, calls } = scriptedScheme();
    const facilitator = facilitatorWith(scheme);
    expect(await facilitator.verify(request("1"))).toEqual({ isValid: true, payer });
    expect(calls.verify).toBe(1);
  });

  it("refuses malformed requests, other versions, unknown schemes and networks, and mismatched payloads", async () => {
    const { scheme, calls } = scriptedScheme();
    const facilitator = facilitatorWith(scheme);
    const verify = (body: unknown) => facilitator.verify(body as FacilitatorRequest);
    expect(await verify({ x402Version: 2 })).toMatchObject({
      isValid: false,
      invalidReason: "invalid_payload",
    });
    expect(await verify("nonsense")).toMatchObject({ isValid: false, invalidReason: "invalid_payload" });
    expect(await verify({ ...request("1"), x402Version: 3 })).toMatchObject({
      invalidReason: "invalid_x402_version",
    });
    expect(await verify(request("1", { scheme: "upto" }))).toMatchObject({
      invalidReason: "unsupported_scheme",
    });
    expect(await verify(request("1", { net: "eip155:8453" }))).toMatchObject({
      invalidReason: "invalid_network",
    });
    const mismatched = request("1");
    if (mismatched.x402Version === 2) mismatched.paymentPayload.accepted.network = "eip155:1";
    expect(await verify(mismatched)).toMatchObject({ invalidReason: "invalid_network" });
    for (const [field, value] of [
      ["asset", "0x99"],
      ["payTo", "0x99"],
      ["amount", "99"],
    ] as const) {
      const other = request("1");
      if (other.x402Version === 2)
        other.paymentPayload.accepted = { ...other.paymentPayload.accepted, [field]: value };
      const answer = await verify(other);
      expect(answer, `${field}: ${JSON.stringify(answer)}`).toMatchObject({
        invalidReason: "invalid_payment_requirements",
      });
    }
    expect(calls.verify).toBe(0);
  });

  it("lets settle charge another amount than `accepted` (a variable-amount scheme), but nothing else", async () => {
    const { scheme, calls } = scriptedScheme();
    const facilitator = facilitatorWith(scheme);
    const lower = request("2");
    if (lower.x402Version === 2) lower.paymentRequirements = { ...lower.paymentRequirements, amount: "1" };
    await facilitator.settle(lower);
    expect(calls.settle).toBe(1);
    const otherPayTo = request("3");
    if (otherPayTo.x402Version === 2)
      otherPayTo.paymentRequirements = { ...otherPayTo.paymentRequirements, payTo: "0x99" };
    expect(await facilitator.settle(otherPayTo)).toMatchObject({
      success: false,
      errorReason: "invalid_payment_requirements",
    });
    expect(calls.settle).toBe(1);
  });

  it("turns a scheme exception into unexpected_verify_error", async () => {
    const { scheme } = scriptedScheme({
      verify: () => {
        throw new Error("rpc down");
      },
    });
    expect(await facilitatorWith(scheme).verify(request("1"))).toEqual({
      isValid: false,
      invalidReason: "unexpected_verify_error",
      invalidMessage: "rpc down",
    });
  });

  it("normalises a v1 request (network by v1 name) before the scheme sees it", async () => {
    const seen: SchemePaymentParameters[] = [];
    const { scheme } = scriptedScheme({
      verify: (payment) => {
        seen.push(payment);
        return { isValid: true, payer };
      },
    });
    const v1 = {
      x402Version: 1 as const,
      paymentPayload: {
        x402Version: 1 as const,
        scheme: "exact",
        network: "hardhat",
        payload: { signature: "0x5151", authorization: { from: payer, nonce: "9" } },
      },
      paymentRequirements: {
        scheme: "exact",
        network: "hardhat",
        maxAmountRequired: "1000",
        resource: "http://127.0.0.1/weather",
        description: "",
        mimeType: "application/json",
        payTo: requirements.payTo,
        maxTimeoutSeconds: 60,
        asset: requirements.asset,
        extra: { name: "USD Coin", version: "2" },
      },
    };
    const facilitator = facilitatorWith(scheme);
    expect(await facilitator.verify(v1)).toEqual({ isValid: true, payer });
    expect(seen[0]?.requirements).toMatchObject({ network, amount: "1000" });
    expect(seen[0]?.payload.accepted.network).toBe(network);
    const settled = await facilitator.settle(v1);
    expect(settled).toMatchObject({ success: true, network: "hardhat", transaction: txOf("9") });
    expect(
      await facilitator.verify({ ...v1, paymentPayload: { ...v1.paymentPayload, network: "base" } }),
    ).toMatchObject({ invalidReason: "invalid_network" });
  });
});

describe("createFacilitator: settle", () => {
  it("settles 5 concurrent settles of one authorization once; one answer is the delivery", async () => {
    const receipt = gate();
    const { scheme, calls } = scriptedScheme({
      settle: async (_, context) => {
        await context.onBroadcast(txOf("1"));
        await receipt.opened;
        return { success: true, transaction: txOf("1"), network, payer };
      },
    });
    const facilitator = facilitatorWith(scheme);
    const answers = Promise.all(Array.from({ length: 5 }, () => facilitator.settle(request("1"))));
    await sleep(20);
    receipt.open();
    const settled = await answers;
    expect(calls.settle).toBe(1);
    // One delivery; the others are refused as duplicates, so no server delivers twice (spec v2 §7.2, §10.1).
    expect(settled[0]).toMatchObject({ success: true, transaction: txOf("1") });
    expect(isReplayedSettlement(settled[0]!)).toBe(false);
    for (const repeat of settled.slice(1)) expect(repeat).toMatchObject(duplicateOf(txOf("1")));
    // Later: refused too, and no new transfer.
    const later = await facilitator.settle(request("1"));
    expect(later).toMatchObject(duplicateOf(txOf("1")));
    expect(calls.settle).toBe(1);
  });

  it("asks the store for durability only where something leaves: the hash before the send, the acknowledgement", async () => {
    // The memory store, with each settlement write logged with the durability asked for (core's
    // StoreWriteDurability): a committed claim or final state lost with the machine is recovered from the durable ones.
    const memory = createMemoryStore();
    const writes: string[] = [];
    const store: FacilitatorStore = {
      ...memory,
      claimSettlement: (record, options) => {
        writes.push(`claim ${options?.durability ?? "durable"}`);
        return memory.claimSettlement(record, options);
      },
      updateSettlement: (key, patch, options) => {
        const acknowledged = patch.acknowledged ? ` acknowledged for ${patch.deliveryToken}` : "";
        writes.push(`${patch.state}${acknowledged} ${options?.durability ?? "durable"}`);
        return memory.updateSettlement(key, patch, options);
      },
      acknowledgeSettlement: (key, token) => {
        writes.push("acknowledge durable");
        return memory.acknowledgeSettlement(key, token);
      },
    };
    const { scheme } = scriptedScheme({
      settle: async (payment, context) => {
        const { nonce } = payment.payload.payload.authorization as { nonce: string };
        const tx = txOf(nonce);
        await context.onBroadcast(tx);
        return nonce === "7" || nonce === "10"
          ? { success: true, transaction: tx, network, payer }
          : { success: false, errorReason: "invalid_transaction_state", transaction: tx, network, payer };
      },
    });
    const facilitator = facilitatorWith(scheme, { store });
    expect(await facilitator.settle(request("7"))).toMatchObject({ success: true });
    expect(writes.splice(0)).toEqual([
      "claim committed",
      "broadcast durable",
      "confirmed committed",
      "acknowledge durable",
    ]);
    expect(await facilitator.settle(request("8"))).toMatchObject({ success: false });
    expect(writes.splice(0)).toEqual(["claim committed", "broadcast durable", "failed committed"]);

    // With a delivery token, the caller is acknowledged in the broadcast's durable write, and the success needs none.
    const token = "0123456789abcdef0123456789abcdef";
    expect(await facilitator.settle(withDeliveryToken(request("10"), token))).toMatchObject({
      success: true,
    });
    expect(writes.splice(0)).toEqual([
      "claim committed",
      `broadcast acknowledged for ${token} durable`,
      "confirmed committed",
    ]);
    expect(isReplayedSettlement(await facilitator.settle(request("10")))).toBe(true);
    expect(await facilitator.settle(withDeliveryToken(request("10"), token))).toMatchObject({
      success: true,
    });
  });

  it("gives the delivery only to a caller with the record's signed bytes", async () => {
    const { scheme, calls, mine } = pendingUntilMined("2");
    const facilitator = facilitatorWith(scheme);
    expect(await facilitator.settle(request("2"))).toMatchObject({ errorReason: "settlement_pending" });
    mine();
    // The same authorization with other bytes (a copy seen in the mempool, say) asks first once it is mined.
    const copy = await facilitator.settle(request("2", { signature: "0x6262" }));
    expect(copy).toMatchObject(duplicateOf(txOf("2")));
    const original = await facilitator.settle(request("2"));
    expect(isReplayedSettlement(original)).toBe(false);
    expect(calls.settle).toBe(1);
  });

  it("gives a lost first-hand success again to the delivery token that took it, and only to it", async () => {
    // docs/reliability.md, bug 4: the answer to the first settle never reached the resource server (a dropped
    // connection, its timeout). The same server settles again with the same token; no other caller may deliver.
    const { scheme, calls } = scriptedScheme();
    const store = createMemoryStore();
    const facilitator = facilitatorWith(scheme, { store });
    const token = "0123456789abcdef0123456789abcdef";
    const lost = await facilitator.settle(withDeliveryToken(request("4"), token));
    expect(lost).toMatchObject({ success: true, transaction: txOf("4") });
    expect(isReplayedSettlement(lost)).toBe(false);
    const key = scheme.settlementKey({ payload: request("4").paymentPayload as never, requirements })!;
    expect(await store.getSettlement(key)).toMatchObject({ acknowledged: true, deliveryToken: token });

    const recovered = await facilitator.settle(withDeliveryToken(request("4"), token));
    expect(recovered).toEqual(lost);
    const otherServer = await facilitator.settle(
      withDeliveryToken(request("4"), "fedcba9876543210fedcba9876543210"),
    );
    expect(otherServer).toMatchObject(duplicateOf(txOf("4")));
    expect(isReplayedSettlement(await facilitator.settle(request("4")))).toBe(true);
    // Other signed bytes for the same authorization never take the delivery, whatever token they carry.
    const copy = await facilitator.settle(withDeliveryToken(request("4", { signature: "0x6262" }), token));
    expect(isReplayedSettlement(copy)).toBe(true);
    expect(calls.settle).toBe(1);
  });

  it("keeps the delivery of a pending settlement for the delivery token that started it", async () => {
    // The acknowledgement rides in the broadcast's write (createSettlementCoordinator): once the transaction is mined,
    // a caller without that token (another server, or the payload presented without it) asking first is refused.
    const { scheme, calls, mine } = pendingUntilMined("3");
    const facilitator = facilitatorWith(scheme);
    const token = "0123456789abcdef0123456789abcdef";
    expect(await facilitator.settle(withDeliveryToken(request("3"), token))).toMatchObject({
      errorReason: "settlement_pending",
    });
    mine();
    expect(isReplayedSettlement(await facilitator.settle(request("3")))).toBe(true);
    const other = withDeliveryToken(request("3"), "fedcba9876543210fedcba9876543210");
    expect(isReplayedSettlement(await facilitator.settle(other))).toBe(true);
    const taken = await facilitator.settle(withDeliveryToken(request("3"), token));
    expect(taken).toMatchObject({ success: true, transaction: txOf("3") });
    expect(isReplayedSettlement(taken)).toBe(false);
    expect(calls.settle).toBe(1);
  });

  it("without a delivery token, a second settle of a delivered success is a replay, as before", async () => {
    const { scheme } = scriptedScheme();
    const facilitator = facilitatorWith(scheme);
    expect(isReplayedSettlement(await facilitator.settle(request("5")))).toBe(false);
    const token = "0123456789abcdef0123456789abcdef";
    expect(isReplayedSettlement(await facilitator.settle(withDeliveryToken(request("5"), token)))).toBe(true);
    expect(isReplayedSettlement(await facilitator.settle(request("5")))).toBe(true);
  });

  it("answers pending with the hash on a slow receipt, then the outcome once the chain has it", async () => {
    let mined = false;
    const { scheme, calls } = scriptedScheme({
      settle: async (_, context) => {
        await context.onBroadcast(txOf("3"));
        return {
          success: false,
          errorReason: "settlement_pending",
          transaction: txOf("3"),
          network,
          payer,
        };
      },
      resolveBroadcast: async (transaction) =>
        mined ? { success: true, transaction, network, payer, amount: "1000" } : undefined,
    });
    const store = createMemoryStore();
    // A retried settle waits this long for the receipt before it answers pending again.
    const facilitator = facilitatorWith(scheme, { store, pendingWaitMs: 100 });
    expect(await facilitator.settle(request("3"))).toMatchObject({
      success: false,
      errorReason: "settlement_pending",
      transaction: txOf("3"),
    });
    const key = scheme.settlementKey({ payload: request("3").paymentPayload as never, requirements })!;
    expect(await store.getSettlement(key)).toMatchObject({ state: "broadcast", transaction: txOf("3") });
    expect(await facilitator.settle(request("3"))).toMatchObject({ errorReason: "settlement_pending" });
    mined = true;
    const resolved = await facilitator.settle(request("3"));
    expect(resolved).toMatchObject({ success: true, transaction: txOf("3") });
    expect(isReplayedSettlement(resolved)).toBe(false);
    expect(isReplayedSettlement(await facilitator.settle(request("3")))).toBe(true);
    expect(await store.getSettlement(key)).toMatchObject({ state: "confirmed", acknowledged: true });
    expect(calls.settle).toBe(1);
  });

  it("deletes the record of a failure before broadcast, so the payer can try the same authorization again", async () => {
    let funded = false;
    const { scheme, calls } = scriptedScheme({
      settle: async (_, context) => {
        if (!funded)
          return { success: false, errorReason: "insufficient_funds", transaction: "", network, payer };
        await context.onBroadcast(txOf("4"));
        return { success: true, transaction: txOf("4"), network, payer };
      },
    });
    const store = createMemoryStore();
    const facilitator = facilitatorWith(scheme, { store });
    expect(await facilitator.settle(request("4"))).toMatchObject({ errorReason: "insufficient_funds" });
    expect(await store.listUnfinishedSettlements()).toEqual([]);
    funded = true;
    const second = await facilitator.settle(request("4"));
    expect(second).toMatchObject({ success: true, transaction: txOf("4") });
    expect(isReplayedSettlement(second)).toBe(false);
    expect(calls.settle).toBe(2);
  });

  it("keeps a failure after broadcast (a revert) as the authorization's outcome", async () => {
    const { scheme, calls } = scriptedScheme({
      settle: async (_, context) => {
        await context.onBroadcast(txOf("5"));
        return {
          success: false,
          errorReason: "invalid_transaction_state",
          transaction: txOf("5"),
          network,
          payer,
        };
      },
    });
    const facilitator = facilitatorWith(scheme);
    const first = await facilitator.settle(request("5"));
    expect(first).toMatchObject({ success: false, errorReason: "invalid_transaction_state" });
    expect(await facilitator.settle(request("5"))).toEqual(first);
    expect(calls.settle).toBe(1);
  });

  it("never throws: an exception before broadcast fails cleanly, after broadcast it is pending", async () => {
    let broadcastFirst = false;
    const { scheme } = scriptedScheme({
      settle: async (_, context) => {
        if (broadcastFirst) await context.onBroadcast(txOf("6"));
        throw new Error("node went away");
      },
    });
    const store = createMemoryStore();
    const facilitator = facilitatorWith(scheme, { store });
    expect(await facilitator.settle(request("6"))).toEqual({
      success: false,
      errorReason: "unexpected_settle_error",
      errorMessage: "node went away",
      transaction: "",
      network,
    });
    expect(await store.listUnfinishedSettlements()).toEqual([]);
    broadcastFirst = true;
    expect(await facilitator.settle(request("6"))).toMatchObject({
      errorReason: "settlement_pending",
      transaction: txOf("6"),
    });
    expect(await store.listUnfinishedSettlements()).toMatchObject([{ state: "broadcast" }]);
  });

  it("verifies and fails a payload that names no authorization", async () => {
    const { scheme, calls } = scriptedScheme({
      verify: () => ({ isValid: false, invalidReason: "invalid_exact_evm_payload_signature", payer }),
    });
    const body = request("7");
    if (body.x402Version === 2) body.paymentPayload.payload = { signature: "0x00" };
    expect(await facilitatorWith(scheme).settle(body)).toMatchObject({
      success: false,
      errorReason: "invalid_exact_evm_payload_signature",
      transaction: "",
      payer,
    });
    expect(calls.settle).toBe(0);
  });

  it("answers a v2 settle of a malformed body without calling the scheme", async () => {
    const { scheme, calls } = scriptedScheme();
    const answer = await facilitatorWith(scheme).settle({ x402Version: 2 } as unknown as FacilitatorRequest);
    expect(answer).toMatchObject({
      success: false,
      errorReason: "invalid_payload",
      transaction: "",
      network: "",
    });
    expect(calls.settle).toBe(0);
  });
});

describe("createFacilitator: instances sharing a store", () => {
  it("waits for another instance's settlement, answers pending after pendingWaitMs, then the outcome", async () => {
    const store = createMemoryStore();
    const receipt = gate();
    const a = scriptedScheme({
      settle: async (_, context) => {
        await receipt.opened; // still before broadcast
        await context.onBroadcast(txOf("8"));
        return { success: true, transaction: txOf("8"), network, payer };
      },
    });
    const b = scriptedScheme();
    const first = facilitatorWith(a.scheme, { store, instanceId: "a" });
    const second = facilitatorWith(b.scheme, { store, instanceId: "b", pendingWaitMs: 100 });
    const answerA = first.settle(request("8"));
    await sleep(5);
    const started = performance.now();
    expect(await second.settle(request("8"))).toMatchObject({
      errorReason: "settlement_pending",
      transaction: "",
    });
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
    // b waits, and a finishes meanwhile: b is refused, as a duplicate of a's delivery.
    const answerB = second.settle(request("8"));
    await sleep(20);
    receipt.open();
    const [fromA, fromB] = await Promise.all([answerA, answerB]);
    expect(isReplayedSettlement(fromA)).toBe(false);
    expect(fromB).toMatchObject(duplicateOf(txOf("8")));
    expect(b.calls.settle).toBe(0);
  });

  it("resolves another instance's broadcast from the chain", async () => {
    const store = createMemoryStore();
    const a = scriptedScheme({
      settle: async (_, context) => {
        await context.onBroadcast(txOf("9"));
        return { success: false, errorReason: "settlement_pending", transaction: txOf("9"), network, payer };
      },
    });
    const b = scriptedScheme({
      resolveBroadcast: async (transaction) => ({ success: true, transaction, network }),
    });
    await facilitatorWith(a.scheme, { store, instanceId: "a" }).settle(request("9"));
    const fromB = await facilitatorWith(b.scheme, { store, instanceId: "b" }).settle(request("9"));
    expect(fromB).toMatchObject({ success: true, transaction: txOf("9") });
    expect(isReplayedSettlement(fromB)).toBe(false);
    expect(b.calls).toMatchObject({ resolveBroadcast: 1, settle: 0 });
  });

  it("takes over an abandoned claim of a dead instance (settling for minutes, nothing sent)", async () => {
    const store = createMemoryStore();
    const { scheme, calls } = scriptedScheme();
    const body = request("10");
    const payment = { payload: body.paymentPayload, requirements } as SchemePaymentParameters;
    const old = Date.now() - 10 * 60_000;
    await store.claimSettlement({
      key: scheme.settlementKey(payment)!,
      state: "settling",
      network,
      acknowledged: false,
      payload: payment.payload,
      requirements,
      owner: "dead",
      createdAt: old,
      updatedAt: old,
    });
    const answer = await facilitatorWith(scheme, { store, instanceId: "b" }).settle(body);
    expect(answer).toMatchObject({ success: true, transaction: txOf("10") });
    expect(calls.settle).toBe(1);
  });
});

describe("createFacilitator: recover", () => {
  const directory = mkdtempSync(join(tmpdir(), "x402kit-recover-"));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it("after a crash, resolves this instance's broadcast records and drops the ones that sent nothing", async () => {
    const path = join(directory, "facilitator.db");
    // The first run: one settlement broadcast and waiting for its receipt, one claimed but not yet broadcast. Then
    // it "crashes": its settles never return, and its store is dropped without closing.
    const never = new Promise<never>(() => {});
    // Opened once the store holds each record: 11's broadcast recorded, 12 claimed (the scheme settles after the claim).
    const recorded = { "11": gate(), "12": gate() };
    const crashed = scriptedScheme({
      settle: async (payment, context) => {
        const nonce = (payment.payload.payload.authorization as { nonce: "11" | "12" }).nonce;
        if (nonce === "11") await context.onBroadcast(txOf("11"));
        recorded[nonce].open();
        return never;
      },
    });
    const before = facilitatorWith(crashed.scheme, {
      store: createSqliteStore({ path }),
      instanceId: "node-1",
    });
    void before.settle(request("11"));
    void before.settle(request("12"));
    await Promise.all([recorded["11"].opened, recorded["12"].opened]);

    const restarted = scriptedScheme({
      resolveBroadcast: async (transaction) => ({ success: true, transaction, network, payer }),
    });
    const store = createSqliteStore({ path });
    const after = facilitatorWith(restarted.scheme, { store, instanceId: "node-1" });
    expect(await after.recover()).toEqual({ confirmed: 1, failed: 0, pending: 0, deleted: 1, errors: 0 });
    expect(await store.listUnfinishedSettlements()).toEqual([]);
    // The payer's retried settle gets the original transaction, delivered once, with no new transfer.
    const retried = await after.settle(request("11"));
    expect(retried).toMatchObject({ success: true, transaction: txOf("11") });
    expect(isReplayedSettlement(retried)).toBe(false);
    expect(restarted.calls.settle).toBe(0);
    // The authorization that was never sent is settled afresh.
    expect(await after.settle(request("12"))).toMatchObject({ success: true, transaction: txOf("12") });
    expect(restarted.calls.settle).toBe(1);
    await after.close();
    await before.store.close();
  });

  it("leaves settlements in flight in this process alone", async () => {
    const receipt = gate();
    const { scheme } = scriptedScheme({
      settle: async (_, context) => {
        await receipt.opened;
        await context.onBroadcast(txOf("13"));
        return { success: true, transaction: txOf("13"), network, payer };
      },
    });
    const facilitator = facilitatorWith(scheme);
    const answer = facilitator.settle(request("13"));
    await sleep(5);
    expect(await facilitator.recover()).toEqual({
      confirmed: 0,
      failed: 0,
      pending: 0,
      deleted: 0,
      errors: 0,
    });
    receipt.open();
    expect(await answer).toMatchObject({ success: true });
  });
});

describe("createFacilitator: payment-identifier", () => {
  const id = "pay_7d5d747be160e280504c099d984bcfe0";

  it("refuses the same id with another payload, on verify and settle", async () => {
    const { scheme } = scriptedScheme();
    const facilitator = facilitatorWith(scheme);
    expect(await facilitator.verify(request("20", { extensions: withId(id) }))).toEqual({
      isValid: true,
      payer,
    });
    expect(await facilitator.verify(request("21", { extensions: withId(id) }))).toMatchObject({
      isValid: false,
      invalidReason: "payment_identifier_conflict",
    });
    expect(await facilitator.settle(request("21", { extensions: withId(id) }))).toMatchObject({
      success: false,
      errorReason: "payment_identifier_conflict",
      transaction: "",
    });
  });

  it("answers the same id and payload with the stored outcome, without the scheme", async () => {
    const { scheme, calls } = scriptedScheme();
    const facilitator = facilitatorWith(scheme);
    const first = await facilitator.settle(request("22", { extensions: withId(id) }));
    expect(isReplayedSettlement(first)).toBe(false);
    const again = await facilitator.settle(request("22", { extensions: withId(id) }));
    expect(again).toMatchObject({ success: true, transaction: txOf("22") });
    expect(isReplayedSettlement(again)).toBe(true);
    expect(calls.settle).toBe(1);
  });

  it("gives the stored success first-hand again to the delivery token that took it", async () => {
    const { scheme, calls } = scriptedScheme();
    const facilitator = facilitatorWith(scheme);
    const token = "0123456789abcdef0123456789abcdef";
    const withToken = (other: string) => withDeliveryToken(request("23", { extensions: withId(id) }), other);
    const first = await facilitator.settle(withToken(token));
    expect(isReplayedSettlement(first)).toBe(false);
    expect(await facilitator.settle(withToken(token))).toEqual(first);
    expect(
      isReplayedSettlement(await facilitator.settle(withToken("fedcba9876543210fedcba9876543210"))),
    ).toBe(true);
    expect(isReplayedSettlement(await facilitator.settle(request("23", { extensions: withId(id) })))).toBe(
      true,
    );
    expect(calls.settle).toBe(1);
  });

  it("refuses a malformed id", async () => {
    const { scheme } = scriptedScheme();
    const facilitator = facilitatorWith(scheme);
    expect(await facilitator.settle(request("23", { extensions: withId("short") }))).toMatchObject({
      errorReason: "invalid_payload",
    });
    // Echoing the extension without an id is fine.
    const echoed = { "payment-identifier": { info: { required: false } } };
    expect(await facilitator.verify(request("23", { extensions: echoed }))).toEqual({ isValid: true, payer });
  });
});

describe("createFacilitator: supported, health, close", () => {
  it("lists the kinds the schemes declare, extensions and signers", async () => {
    const { scheme } = scriptedScheme();
    expect(await facilitatorWith(scheme).supported()).toEqual({
      kinds: [{ x402Version: 2, scheme: "exact", network }],
      extensions: ["payment-identifier", "bazaar"],
      signers: { "eip155:*": ["0x00000000000000000000000000000000000000fa"] },
    });
    const withExtension = { ...scheme, extensions: () => ["eip2612GasSponsoring", "payment-identifier"] };
    expect((await facilitatorWith(withExtension).supported()).extensions).toEqual([
      "payment-identifier",
      "bazaar",
      "eip2612GasSponsoring",
    ]);
  });

  it("reports the store, the schemes and extra checks", async () => {
    const { scheme } = scriptedScheme();
    const store = createMemoryStore();
    const healthy = createFacilitator({ schemes: [scheme], store, logger: silent, instanceId: "h" });
    expect(await healthy.health()).toMatchObject({ ok: true, instanceId: "h", store: { ok: true } });
    const failing = createFacilitator({
      schemes: [scheme],
      logger: silent,
      healthChecks: { rpc: () => Promise.reject(new Error("connection refused")) },
    });
    expect(await failing.health()).toMatchObject({
      ok: false,
      checks: { rpc: { ok: false, error: "connection refused" } },
    });
    await store.close();
    expect(await healthy.health()).toMatchObject({ ok: false, store: { ok: false } });
  });

  it("waits for a settle in flight, then closes the store and refuses new work", async () => {
    const receipt = gate();
    const { scheme } = scriptedScheme({
      settle: async (_, context) => {
        await context.onBroadcast(txOf("30"));
        await receipt.opened;
        return { success: true, transaction: txOf("30"), network, payer };
      },
    });
    const store = createMemoryStore();
    const facilitator = facilitatorWith(scheme, { store });
    const answer = facilitator.settle(request("30"));
    await sleep(5);
    const closed = facilitator.close();
    expect(await facilitator.settle(request("31"))).toMatchObject({ errorReason: "unexpected_settle_error" });
    await sleep(5);
    await expect(store.ping()).resolves.toBeUndefined();
    receipt.open();
    await closed;
    expect(await answer).toMatchObject({ success: true, transaction: txOf("30") });
    await expect(store.ping()).rejects.toMatchObject({ code: "store_closed" });
  });

  it("refuses a bad configuration with a readable error", () => {
    expect(() => createFacilitator({ schemes: [] })).toThrow(/at least one scheme/);
    expect(() => createFacilitator({ schemes: [{} as SchemeFacilitator] })).toThrow(
      expect.objectContaining({ code: "invalid_config" }),
    );
    expect(() =>
      createFacilitator({ schemes: [scriptedScheme().scheme], store: {} as FacilitatorStore }),
    ).toThrow(/FacilitatorStore/);
  });

  it("forgets finished settlements once their retention ran out, and keeps unfinished ones", async () => {
    const store = createMemoryStore();
    const { scheme } = scriptedScheme();
    const facilitator = createFacilitator({
      schemes: [scheme],
      logger: silent,
      store,
      retention: { finishedMs: 60_000, everyMs: 1_000 },
    });
    await facilitator.settle(request("41"));
    const long = Date.now() - 120_000;
    await store.claimSettlement(sampleSettlementRecord("old", { state: "confirmed", updatedAt: long }));
    await store.claimSettlement(sampleSettlementRecord("stuck", { state: "broadcast", updatedAt: long }));
    await sleep(1_300);
    expect(await store.getSettlement("old")).toBeUndefined();
    expect(await store.getSettlement("stuck")).toBeDefined();
    // The settlement of a moment ago is kept.
    expect((await store.pruneFinished({ before: 0 })).settlements).toBe(0);
    expect(await facilitator.settle(request("41"))).toMatchObject(duplicateOf(txOf("41")));
    await facilitator.close();
  });

  it("refuses retention with a store that cannot prune", () => {
    const { pruneFinished: _, ...plain } = createMemoryStore();
    expect(() =>
      createFacilitator({
        schemes: [scriptedScheme().scheme],
        store: plain,
        retention: { finishedMs: 86_400_000 },
      }),
    ).toThrow(/RetentionStore/);
  });
});

describe("createFacilitator: a signer pool", () => {
  it("holds back only the settlements of its own networks while no account is leased", async () => {
    const solana = "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1";
    const evm = scriptedScheme();
    const svm = scriptedScheme();
    const svmScheme: SchemeFacilitator = {
      ...svm.scheme,
      networks: [solana],
      supportedKinds: () => [{ x402Version: 2, scheme: "exact", network: solana }],
      settlementKey: (payment) => `${solana}:${svm.scheme.settlementKey(payment)}`,
      settle: async (payment, context) => {
        await context.onBroadcast("5ignature");
        return {
          success: true,
          transaction: "5ignature",
          network: solana,
          amount: payment.requirements.amount,
        };
      },
    };
    const pool = createSignerPool({ accounts: [privateKeyToAccount(`0x${"11".repeat(32)}`)] });
    expect(pool.networks).toEqual(["eip155:*"]);
    const facilitator = createFacilitator({
      schemes: [evm.scheme, svmScheme],
      signerPool: pool,
      logger: silent,
    });
    // No recover() yet: the pool holds no lease.
    expect(await facilitator.settle(request("1"))).toMatchObject({
      success: false,
      errorMessage: expect.stringMatching(/No signer account is leased/),
    });
    expect(evm.calls.settle).toBe(0);
    expect(await facilitator.settle(request("2", { net: solana }))).toMatchObject({
      success: true,
      network: solana,
    });
  });
});
