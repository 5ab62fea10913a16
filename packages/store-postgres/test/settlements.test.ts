import { describe, expect, it } from "vitest";
import { settlementRecord, usePostgres } from "./fixtures.js";

const postgres = usePostgres();

describe("settlements", () => {
  it("claims a record and reads it back as it was written", async () => {
    const [store] = await postgres.openInstances(1);
    const record = settlementRecord();
    expect(await store!.claimSettlement(record)).toEqual({ claimed: true });
    expect(await store!.getSettlement(record.key)).toEqual(record);
    expect(await store!.getSettlement("no such key")).toBeUndefined();
  });

  it("lets exactly one of 50 concurrent claims of one key win, across two instances", async () => {
    const [a, b] = await postgres.openInstances(2);
    const key = "exact:eip155:31337:0xpayer:0xnonce-contested";
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => {
        const owner = i % 2 === 0 ? "instance-a" : "instance-b";
        return (i % 2 === 0 ? a! : b!).claimSettlement(settlementRecord({ key, owner }));
      }),
    );
    const winners = results.filter((result) => result.claimed);
    expect(winners).toHaveLength(1);
    const stored = await a!.getSettlement(key);
    for (const result of results) {
      if (!result.claimed) expect(result.record).toEqual(stored);
    }
  });

  it("acknowledges exactly once under 50 concurrent callers on two instances", async () => {
    const [a, b] = await postgres.openInstances(2);
    const record = settlementRecord();
    await a!.claimSettlement(record);
    await a!.updateSettlement(record.key, { state: "confirmed", transaction: "0xtx" });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? a! : b!).acknowledgeSettlement(record.key)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await b!.getSettlement(record.key))?.acknowledged).toBe(true);
    expect(await b!.acknowledgeSettlement(record.key)).toBe(false);
    expect(await b!.acknowledgeSettlement("no such key")).toBe(false);
  });

  it("acknowledges again, on any instance, only the delivery token that won", async () => {
    const [a, b] = await postgres.openInstances(2);
    const record = settlementRecord();
    await a!.claimSettlement(record);
    await a!.updateSettlement(record.key, { state: "confirmed", transaction: "0xtx" });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? a! : b!).acknowledgeSettlement(record.key, `t${i}`),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = `t${results.indexOf(true)}`;
    expect(await b!.getSettlement(record.key)).toMatchObject({ acknowledged: true, deliveryToken: winner });
    expect(await b!.acknowledgeSettlement(record.key, winner)).toBe(true);
    expect(await a!.acknowledgeSettlement(record.key, "another")).toBe(false);
    expect(await a!.acknowledgeSettlement(record.key)).toBe(false);
  });

  it("walks a settlement through broadcast and confirmed", async () => {
    const [store] = await postgres.openInstances(1);
    const record = settlementRecord({ createdAt: 1_700_000_000_000, updatedAt: 1_700_000_000_000 });
    await store!.claimSettlement(record);

    await store!.updateSettlement(record.key, {
      state: "broadcast",
      transaction: "0xabc",
      updatedAt: 1_700_000_001_000,
    });
    expect(await store!.getSettlement(record.key)).toEqual({
      ...record,
      state: "broadcast",
      transaction: "0xabc",
      updatedAt: 1_700_000_001_000,
    });

    const response = { success: true, transaction: "0xabc", network: "eip155:31337", payer: record.payer };
    await store!.updateSettlement(record.key, { state: "confirmed", response });
    const confirmed = await store!.getSettlement(record.key);
    expect(confirmed).toMatchObject({ state: "confirmed", transaction: "0xabc", response });
    // Without an updatedAt in the patch, the database's clock stamps the change.
    expect(confirmed!.updatedAt).toBeGreaterThan(1_700_000_001_000);
  });

  it("clears an optional field patched to undefined and keeps a required one", async () => {
    const [store] = await postgres.openInstances(1);
    const record = settlementRecord({ transaction: "0xdead" });
    await store!.claimSettlement(record);
    await store!.updateSettlement(record.key, {
      transaction: undefined,
      state: undefined,
      updatedAt: record.updatedAt,
    });
    expect(await store!.getSettlement(record.key)).toEqual({ ...record, transaction: undefined });
  });

  it("lists unfinished settlements, by owner, oldest first", async () => {
    const [store] = await postgres.openInstances(1);
    const at = (seconds: number) => ({ createdAt: 1_700_000_000_000 + seconds * 1000 });
    const settlingA = settlementRecord({ owner: "a", ...at(2) });
    const broadcastA = settlementRecord({ owner: "a", state: "broadcast", transaction: "0x1", ...at(1) });
    const confirmedA = settlementRecord({ owner: "a", state: "confirmed", transaction: "0x2", ...at(0) });
    const failedA = settlementRecord({ owner: "a", state: "failed", ...at(0) });
    const settlingB = settlementRecord({ owner: "b", ...at(3) });
    for (const record of [settlingA, broadcastA, confirmedA, failedA, settlingB]) {
      await store!.claimSettlement(record);
    }
    expect((await store!.listUnfinishedSettlements("a")).map((r) => r.key)).toEqual([
      broadcastA.key,
      settlingA.key,
    ]);
    expect((await store!.listUnfinishedSettlements("b")).map((r) => r.key)).toEqual([settlingB.key]);
    expect(await store!.listUnfinishedSettlements("nobody")).toEqual([]);
    expect((await store!.listUnfinishedSettlements()).map((r) => r.key)).toEqual([
      broadcastA.key,
      settlingA.key,
      settlingB.key,
    ]);
  });

  it("deletes a record that failed before broadcast, so the authorization can be claimed again", async () => {
    const [a, b] = await postgres.openInstances(2);
    const record = settlementRecord();
    await a!.claimSettlement(record);
    expect(await b!.claimSettlement(record)).toMatchObject({ claimed: false });
    await a!.deleteSettlement(record.key);
    expect(await a!.getSettlement(record.key)).toBeUndefined();
    expect(await b!.claimSettlement({ ...record, owner: "instance-1" })).toEqual({ claimed: true });
    expect((await a!.getSettlement(record.key))?.owner).toBe("instance-1");
  });
});
