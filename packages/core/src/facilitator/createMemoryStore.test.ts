import type { PaymentPayload, PaymentRequirements } from "@x402kit/types";
import { describe, expect, it } from "vitest";
import { X402Error } from "../errors/X402Error.js";
import { createMemoryStore } from "./createMemoryStore.js";
import type { SettlementRecord } from "./store.js";

const requirements: PaymentRequirements = {
  scheme: "exact",
  network: "eip155:31337",
  amount: "1000",
  asset: "0x0000000000000000000000000000000000000001",
  payTo: "0x0000000000000000000000000000000000000002",
  maxTimeoutSeconds: 60,
};
const payload: PaymentPayload = { x402Version: 2, accepted: requirements, payload: { signature: "0x01" } };
const record = (key: string, patch: Partial<SettlementRecord> = {}): SettlementRecord => ({
  key,
  state: "settling",
  network: requirements.network,
  acknowledged: false,
  payload,
  requirements,
  owner: "a",
  createdAt: 1,
  updatedAt: 1,
  ...patch,
});

// The full contract (the same suite as the SQLite store) runs in @x402kit/facilitator's test/storeContract.test.ts.
describe("createMemoryStore", () => {
  it("claims a key once and hands later claimers the first record", async () => {
    const store = createMemoryStore();
    expect(await store.claimSettlement(record("k", { owner: "a" }))).toEqual({ claimed: true });
    const second = await store.claimSettlement(record("k", { owner: "b" }));
    expect(second).toMatchObject({ claimed: false, record: { key: "k", owner: "a" } });
  });

  it("never shares a mutable record with the caller", async () => {
    const store = createMemoryStore();
    const mine = record("k");
    await store.claimSettlement(mine);
    mine.state = "confirmed";
    const read = await store.getSettlement("k");
    expect(read?.state).toBe("settling");
    if (read) read.owner = "changed";
    expect((await store.getSettlement("k"))?.owner).toBe("a");
  });

  it("patches: undefined clears an optional field and leaves a required one", async () => {
    const store = createMemoryStore();
    await store.claimSettlement(record("k", { transaction: "0xaa", payer: "0xbb" }));
    await store.updateSettlement("k", { transaction: undefined, state: undefined, owner: "b" });
    const read = await store.getSettlement("k");
    expect(read).toMatchObject({ state: "settling", owner: "b" });
    expect(read?.transaction).toBeUndefined();
    expect(read?.payer).toBe("0xbb");
  });

  it("acknowledges once among concurrent callers", async () => {
    const store = createMemoryStore();
    await store.claimSettlement(record("k"));
    const wins = await Promise.all(Array.from({ length: 20 }, () => store.acknowledgeSettlement("k")));
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await store.acknowledgeSettlement("missing")).toBe(false);
  });

  it("acknowledges again only for the delivery token that won", async () => {
    const store = createMemoryStore();
    await store.claimSettlement(record("k"));
    expect(await store.acknowledgeSettlement("k", "token-a")).toBe(true);
    expect(await store.acknowledgeSettlement("k", "token-a")).toBe(true);
    expect(await store.acknowledgeSettlement("k", "token-b")).toBe(false);
    expect(await store.acknowledgeSettlement("k")).toBe(false);
    expect(await store.getSettlement("k")).toMatchObject({ acknowledged: true, deliveryToken: "token-a" });
    await store.claimSettlement(record("untokened"));
    expect(await store.acknowledgeSettlement("untokened")).toBe(true);
    expect(await store.acknowledgeSettlement("untokened", "")).toBe(false);
  });

  it("hands out consecutive nonces while racers read the chain", async () => {
    const store = createMemoryStore();
    const chainNonce = () => new Promise<number>((resolve) => setTimeout(() => resolve(7), 5));
    const got = await Promise.all(
      Array.from({ length: 5 }, () => store.reserveNonce("0xAbC", 1, chainNonce)),
    );
    expect(got.sort((a, b) => a - b)).toEqual([7, 8, 9, 10, 11]);
    expect(await store.reserveNonce("0xabc", 1, chainNonce)).toBe(12);
    await store.resetNonce("0xABC", 1);
    expect(await store.reserveNonce("0xabc", 1, async () => 3)).toBe(3);
    await expect(store.reserveNonce("0xdef", 1, async () => -1)).rejects.toMatchObject({
      code: "store_invalid_argument",
    });
  });

  it("refuses every operation once closed", async () => {
    const store = createMemoryStore();
    await store.ping();
    await store.close();
    await expect(store.ping()).rejects.toBeInstanceOf(X402Error);
    await expect(store.getSettlement("k")).rejects.toMatchObject({ code: "store_closed" });
  });
});
