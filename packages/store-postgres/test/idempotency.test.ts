import { describe, expect, it } from "vitest";
import { usePostgres } from "./fixtures.js";

const postgres = usePostgres();
const response = { success: true, transaction: "0xabc", network: "eip155:31337", payer: "0xpayer" };

describe("idempotency", () => {
  it("stores the first record of an id and returns it to later callers", async () => {
    const [store] = await postgres.openInstances(1);
    const record = { id: "pay_0123456789abcdef", payloadHash: "hash-1", createdAt: 1_700_000_000_000 };
    expect(await store!.putIdempotency(record)).toEqual({ stored: true });
    // The same payload again: the caller sees the same hash and answers with the stored response.
    expect(await store!.putIdempotency({ ...record, createdAt: 1_700_000_005_000 })).toEqual({
      stored: false,
      record,
    });
  });

  it("returns the first payload's hash to a caller reusing the id with another payload", async () => {
    const [a, b] = await postgres.openInstances(2);
    await a!.putIdempotency({ id: "pay_conflict_0001", payloadHash: "hash-1", createdAt: 1_700_000_000_000 });
    const second = await b!.putIdempotency({ id: "pay_conflict_0001", payloadHash: "hash-2", createdAt: 1 });
    expect(second).toMatchObject({ stored: false, record: { payloadHash: "hash-1" } });
  });

  it("records the response once settled", async () => {
    const [a, b] = await postgres.openInstances(2);
    const record = { id: "pay_response_0001", payloadHash: "hash-1", createdAt: 1_700_000_000_000 };
    await a!.putIdempotency(record);
    await a!.updateIdempotency(record.id, response);
    expect(await b!.putIdempotency(record)).toEqual({ stored: false, record: { ...record, response } });
  });

  it("lets exactly one of 20 concurrent writers of an id win, across two instances", async () => {
    const [a, b] = await postgres.openInstances(2);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? a! : b!).putIdempotency({
          id: "pay_race_0001",
          payloadHash: `hash-${i}`,
          createdAt: i,
        }),
      ),
    );
    const winner = results.findIndex((result) => result.stored);
    expect(results.filter((result) => result.stored)).toHaveLength(1);
    for (const result of results) {
      if (!result.stored) expect(result.record.payloadHash).toBe(`hash-${winner}`);
    }
  });
});
