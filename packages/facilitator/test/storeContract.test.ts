import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { createMemoryStore } from "@x402kit/core";
import { afterAll, describe, expect, it } from "vitest";
import { createSqliteStore } from "../src/store/createSqliteStore.js";
import { sqliteMigrations } from "../src/store/sqliteMigrations.js";
import { describeStoreContract, sampleSettlementRecord as settlementRecord } from "../src/testing/index.js";

const directory = mkdtempSync(join(tmpdir(), "x402kit-store-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
let files = 0;
const freshPath = () => join(directory, `nested-${++files}`, "dir", "facilitator.db");

describeStoreContract("memory", async () => createMemoryStore());
describeStoreContract("sqlite", async () => createSqliteStore({ path: freshPath() }));

describe("createSqliteStore", () => {
  it("creates the file and its directory, in WAL mode, at the latest schema version", async () => {
    const path = freshPath();
    const store = createSqliteStore({ path });
    expect(store.path).toBe(path);
    await store.close();
    const db = new DatabaseSync(path);
    expect(db.prepare("PRAGMA journal_mode").get()).toEqual({ journal_mode: "wal" });
    expect(db.prepare("SELECT max(version) AS version FROM schema_version").get()).toEqual({
      version: sqliteMigrations.at(-1)!.version,
    });
    db.close();
  });

  it("upgrades a version 1 file, which then records delivery tokens", async () => {
    const path = freshPath();
    mkdirSync(dirname(path), { recursive: true });
    const old = new DatabaseSync(path);
    old.exec("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
    old.exec(sqliteMigrations[0]!.sql);
    old.prepare("INSERT INTO schema_version (version, applied_at) VALUES (1, 0)").run();
    old.close();
    const store = createSqliteStore({ path });
    try {
      await store.claimSettlement(settlementRecord("k", { state: "confirmed" }));
      expect(await store.acknowledgeSettlement("k", "token-a")).toBe(true);
      expect(await store.getSettlement("k")).toMatchObject({ acknowledged: true, deliveryToken: "token-a" });
    } finally {
      await store.close();
    }
  });

  it("keeps settlements, acknowledgements, nonces and idempotency ids across a reopen", async () => {
    const path = freshPath();
    const first = createSqliteStore({ path });
    await first.claimSettlement(settlementRecord("k", { state: "broadcast", transaction: "0xfeed" }));
    await first.acknowledgeSettlement("k");
    expect(await first.reserveNonce("0xabc", 1, async () => 10)).toBe(10);
    await first.putIdempotency({ id: "pay_0123456789abcdef", payloadHash: "h", createdAt: 1 });
    await first.close();

    const second = createSqliteStore({ path });
    expect(await second.getSettlement("k")).toMatchObject({
      state: "broadcast",
      transaction: "0xfeed",
      acknowledged: true,
    });
    expect(await second.listUnfinishedSettlements("instance-a")).toHaveLength(1);
    expect(await second.reserveNonce("0xabc", 1, async () => 0)).toBe(11);
    expect(
      await second.putIdempotency({ id: "pay_0123456789abcdef", payloadHash: "x", createdAt: 2 }),
    ).toMatchObject({ stored: false, record: { payloadHash: "h" } });
    await second.close();
  });

  it("lets two connections to one file (two processes) agree on claims, acknowledgements and nonces", async () => {
    const path = freshPath();
    const [a, b] = [createSqliteStore({ path }), createSqliteStore({ path })];
    expect(await a.claimSettlement(settlementRecord("k", { owner: "a" }))).toEqual({ claimed: true });
    expect(await b.claimSettlement(settlementRecord("k", { owner: "b" }))).toMatchObject({
      claimed: false,
      record: { owner: "a" },
    });
    expect(await b.acknowledgeSettlement("k")).toBe(true);
    expect(await a.acknowledgeSettlement("k")).toBe(false);
    const nonces = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).reserveNonce("0xabc", 1, async () => 0)),
    );
    expect(nonces.sort((x, y) => x - y)).toEqual(Array.from({ length: 10 }, (_, i) => i));
    await a.close();
    await b.close();
  });

  it("answers a committed write at its commit, a durable one after the WAL's sync; another connection sees both", async () => {
    const path = freshPath();
    const [a, b] = [createSqliteStore({ path }), createSqliteStore({ path })];
    await a.claimSettlement(settlementRecord("sent"));
    // Asked in one turn, both run in one transaction. The committed claim is answered right after the commit; the
    // durable update once the WAL's fdatasync answers from libuv's thread pool, a later turn of the loop.
    const answered: string[] = [];
    await Promise.all([
      a
        .updateSettlement("sent", { state: "broadcast", transaction: "0x1" })
        .then(() => answered.push("durable")),
      a
        .claimSettlement(settlementRecord("claimed"), { durability: "committed" })
        .then(() => answered.push("committed")),
    ]);
    expect(answered).toEqual(["committed", "durable"]);
    expect(await b.getSettlement("claimed")).toMatchObject({ key: "claimed", state: "settling" });
    expect(await b.getSettlement("sent")).toMatchObject({ state: "broadcast", transaction: "0x1" });
    await a.close();
    await b.close();
  });

  it("refuses a file written by a newer schema, and bad parameters", async () => {
    const path = freshPath();
    await createSqliteStore({ path }).close();
    const db = new DatabaseSync(path);
    db.prepare("INSERT INTO schema_version (version, applied_at) VALUES (99, 0)").run();
    db.close();
    expect(() => createSqliteStore({ path })).toThrow(
      expect.objectContaining({ code: "store_migration_failed" }),
    );
    expect(() => createSqliteStore({ path: "" })).toThrow(
      expect.objectContaining({ code: "store_invalid_config" }),
    );
  });

  it("reports a file it cannot create", async () => {
    // A directory cannot be made under a file.
    await createSqliteStore({ path: join(directory, "blocker.db") }).close();
    expect(() => createSqliteStore({ path: join(directory, "blocker.db", "inside", "x.db") })).toThrow(
      expect.objectContaining({ code: "store_unavailable" }),
    );
  });
});
