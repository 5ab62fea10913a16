import { setTimeout as sleep } from "node:timers/promises";
import {
  type ChannelRecordInput,
  type FacilitatorStore,
  isChannelStore,
  isDiscoveryStore,
  isEntitlementStore,
  isRetentionStore,
} from "@x402kit/core";
import { afterEach, describe, expect, it } from "vitest";
import {
  sampleDiscoveredResource as discovered,
  sampleDiscoveryRequirements,
} from "./sampleDiscoveredResource.js";
import { sampleSettlementRecord, sampleSettleSuccess } from "./sampleSettlementRecord.js";

/**
 * The behaviour every `FacilitatorStore` must have, as a vitest suite: run it against each implementation (memory,
 * SQLite, PostgreSQL, or a store of your own). `open` gives a fresh, empty store; the suite closes it.
 *
 * ```ts
 * import { describeStoreContract } from "@x402kit/facilitator/testing";
 * describeStoreContract("my store", async () => createMyStore());
 * ```
 */
export function describeStoreContract(name: string, open: () => Promise<FacilitatorStore>) {
  describe(`FacilitatorStore contract: ${name}`, () => {
    const opened: FacilitatorStore[] = [];
    const fresh = async () => {
      const store = await open();
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close().catch(() => undefined);
    });

    it("claims a key for exactly one of 50 concurrent claimers", async () => {
      const store = await fresh();
      const claims = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          store.claimSettlement(sampleSettlementRecord("k", { owner: `o${i}` })),
        ),
      );
      const winners = claims.flatMap((claim, i) => (claim.claimed ? [i] : []));
      expect(winners).toHaveLength(1);
      for (const claim of claims) if (!claim.claimed) expect(claim.record.owner).toBe(`o${winners[0]}`);
    });

    it("round-trips a record, and a deleted key can be claimed again", async () => {
      const store = await fresh();
      const record = sampleSettlementRecord("k", { payer: sampleSettleSuccess.payer });
      await store.claimSettlement(record);
      expect(await store.getSettlement("k")).toEqual(record);
      expect(await store.getSettlement("other")).toBeUndefined();
      await store.deleteSettlement("k");
      expect(await store.getSettlement("k")).toBeUndefined();
      expect(await store.claimSettlement(sampleSettlementRecord("k", { owner: "instance-b" }))).toEqual({
        claimed: true,
      });
    });

    it("patches a record: given fields change, undefined clears optional ones, updatedAt moves", async () => {
      const store = await fresh();
      await store.claimSettlement(sampleSettlementRecord("k"));
      await store.updateSettlement("k", { state: "broadcast", transaction: sampleSettleSuccess.transaction });
      const broadcast = await store.getSettlement("k");
      expect(broadcast).toMatchObject({
        state: "broadcast",
        transaction: sampleSettleSuccess.transaction,
        owner: "instance-a",
      });
      expect(broadcast?.updatedAt).toBeGreaterThan(1_000);
      await store.updateSettlement("k", {
        state: "confirmed",
        response: sampleSettleSuccess,
        payer: sampleSettleSuccess.payer,
      });
      expect(await store.getSettlement("k")).toMatchObject({
        state: "confirmed",
        response: sampleSettleSuccess,
      });
      await store.updateSettlement("k", { transaction: undefined, state: undefined, updatedAt: 5 });
      const cleared = await store.getSettlement("k");
      expect(cleared?.transaction).toBeUndefined();
      expect(cleared).toMatchObject({ state: "confirmed", updatedAt: 5 });
      await store.updateSettlement("missing", { state: "failed" });
      expect(await store.getSettlement("missing")).toBeUndefined();
    });

    it("takes committed writes (StoreWriteDurability) as it takes durable ones: visible at once, in order", async () => {
      const store = await fresh();
      const committed = { durability: "committed" } as const;
      const record = sampleSettlementRecord("k");
      expect(await store.claimSettlement(record, committed)).toEqual({ claimed: true });
      expect(await store.getSettlement("k")).toEqual(record);
      expect(await store.claimSettlement(sampleSettlementRecord("k", { owner: "o2" }), committed)).toEqual({
        claimed: false,
        record,
      });
      await store.updateSettlement("k", { state: "broadcast", transaction: sampleSettleSuccess.transaction });
      await store.updateSettlement("k", { state: "confirmed", response: sampleSettleSuccess }, committed);
      expect(await store.getSettlement("k")).toMatchObject({
        state: "confirmed",
        response: sampleSettleSuccess,
      });
      expect(await store.acknowledgeSettlement("k", "token")).toBe(true);

      const chainNonce = async () => 5;
      expect(await store.reserveNonce("0xabc", 1, chainNonce, committed)).toBe(5);
      expect(await store.reserveNonce("0xabc", 1, chainNonce)).toBe(6);
      if (store.reserveNonces) {
        expect(await store.reserveNonces("0xabc", 1, 3, chainNonce, committed)).toBe(7);
        expect(await store.reserveNonce("0xabc", 1, chainNonce, committed)).toBe(10);
      }
    });

    it("acknowledges a settlement exactly once among 50 concurrent callers", async () => {
      const store = await fresh();
      await store.claimSettlement(
        sampleSettlementRecord("k", { state: "confirmed", response: sampleSettleSuccess }),
      );
      const results = await Promise.all(Array.from({ length: 50 }, () => store.acknowledgeSettlement("k")));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.acknowledgeSettlement("k")).toBe(false);
      expect(await store.acknowledgeSettlement("missing")).toBe(false);
      expect((await store.getSettlement("k"))?.acknowledged).toBe(true);
    });

    it("acknowledges again only the caller with the delivery token that won", async () => {
      const store = await fresh();
      await store.claimSettlement(
        sampleSettlementRecord("k", { state: "confirmed", response: sampleSettleSuccess }),
      );
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.acknowledgeSettlement("k", `token-${i}`)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = `token-${results.indexOf(true)}`;
      expect(await store.getSettlement("k")).toMatchObject({ acknowledged: true, deliveryToken: winner });
      expect(await store.acknowledgeSettlement("k", winner)).toBe(true);
      expect(await store.acknowledgeSettlement("k", "another-token")).toBe(false);
      expect(await store.acknowledgeSettlement("k")).toBe(false);
      expect(await store.acknowledgeSettlement("missing", winner)).toBe(false);
      await store.claimSettlement(
        sampleSettlementRecord("untokened", { state: "confirmed", response: sampleSettleSuccess }),
      );
      expect(await store.acknowledgeSettlement("untokened")).toBe(true);
      expect(await store.acknowledgeSettlement("untokened", "late-token")).toBe(false);
      expect((await store.getSettlement("untokened"))?.deliveryToken).toBeUndefined();
    });

    it("lists unfinished settlements, by owner, oldest first", async () => {
      const store = await fresh();
      await store.claimSettlement(
        sampleSettlementRecord("c", { state: "broadcast", createdAt: 3, transaction: "0x1" }),
      );
      await store.claimSettlement(sampleSettlementRecord("a", { createdAt: 1 }));
      await store.claimSettlement(sampleSettlementRecord("b", { owner: "instance-b", createdAt: 2 }));
      await store.claimSettlement(
        sampleSettlementRecord("d", { state: "confirmed", response: sampleSettleSuccess }),
      );
      await store.claimSettlement(sampleSettlementRecord("e", { state: "failed" }));
      expect((await store.listUnfinishedSettlements()).map((r) => r.key)).toEqual(["a", "b", "c"]);
      expect((await store.listUnfinishedSettlements("instance-a")).map((r) => r.key)).toEqual(["a", "c"]);
      expect(await store.listUnfinishedSettlements("nobody")).toEqual([]);
    });

    it("reserves consecutive nonces under concurrency, reading the chain once", async () => {
      const store = await fresh();
      let chainReads = 0;
      const chainNonce = async () => {
        chainReads++;
        await sleep(5);
        return 40;
      };
      const first = await store.reserveNonce("0xFacilitator", 31337, chainNonce);
      const rest = await Promise.all(
        Array.from({ length: 49 }, () => store.reserveNonce("0xFacilitator", 31337, chainNonce)),
      );
      expect(first).toBe(40);
      expect(rest.sort((a, b) => a - b)).toEqual(Array.from({ length: 49 }, (_, i) => 41 + i));
      expect(chainReads).toBe(1);
      // Another chain is another sequence.
      expect(await store.reserveNonce("0xFacilitator", 1, async () => 0)).toBe(0);
    });

    it("keeps nonces distinct when several callers race to read the chain first", async () => {
      const store = await fresh();
      const got = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.reserveNonce("0xabc", 1, () => sleep(1 + (i % 5), 7))),
      );
      expect(got.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => 7 + i));
    });

    it("reserves runs of consecutive nonces (reserveNonces), and single ones after them, with no gap and no overlap", async () => {
      const store = await fresh();
      if (!store.reserveNonces) return; // optional: the nonce manager reserves one at a time without it
      let chainReads = 0;
      const chainNonce = async () => {
        chainReads++;
        await sleep(5);
        return 10;
      };
      const runs = await Promise.all(
        [3, 1, 5, 2].map(async (count) => ({
          count,
          first: await store.reserveNonces!("0xRounds", 31337, count, chainNonce),
        })),
      );
      const taken = runs.flatMap(({ count, first }) => Array.from({ length: count }, (_, i) => first + i));
      expect(taken.sort((a, b) => a - b)).toEqual(Array.from({ length: 11 }, (_, i) => 10 + i));
      expect(await store.reserveNonce("0xRounds", 31337, chainNonce)).toBe(21);
      expect(chainReads).toBeLessThanOrEqual(4);
      await expect(store.reserveNonces("0xRounds", 31337, 0, chainNonce)).rejects.toMatchObject({
        code: "store_invalid_argument",
      });
    });

    it("forgets a nonce on reset, so the next reservation reads the chain", async () => {
      const store = await fresh();
      expect(await store.reserveNonce("0xabc", 1, async () => 5)).toBe(5);
      expect(await store.reserveNonce("0xabc", 1, async () => 99)).toBe(6);
      await store.resetNonce("0xabc", 1);
      expect(await store.reserveNonce("0xabc", 1, async () => 3)).toBe(3);
      await expect(store.reserveNonce("0xdef", 1, async () => -1)).rejects.toMatchObject({
        code: "store_invalid_argument",
      });
    });

    it("stores an idempotency id once and hands back the first record on a conflict", async () => {
      const store = await fresh();
      const puts = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          store.putIdempotency({ id: "pay_0123456789abcdef", payloadHash: `hash-${i}`, createdAt: 1 }),
        ),
      );
      expect(puts.filter((put) => put.stored)).toHaveLength(1);
      const winner = puts.findIndex((put) => put.stored);
      const conflict = await store.putIdempotency({
        id: "pay_0123456789abcdef",
        payloadHash: "other",
        createdAt: 2,
      });
      expect(conflict).toEqual({
        stored: false,
        record: { id: "pay_0123456789abcdef", payloadHash: `hash-${winner}`, createdAt: 1 },
      });
      await store.updateIdempotency("pay_0123456789abcdef", sampleSettleSuccess);
      const again = await store.putIdempotency({
        id: "pay_0123456789abcdef",
        payloadHash: "x",
        createdAt: 3,
      });
      expect(again).toMatchObject({ stored: false, record: { response: sampleSettleSuccess } });
    });

    it("prunes the records finished before the cutoff, never an unfinished one (RetentionStore)", async (context) => {
      const store = await fresh();
      if (!isRetentionStore(store)) return context.skip();
      const old = { createdAt: 1_000, updatedAt: 1_000 };
      await store.claimSettlement(
        sampleSettlementRecord("done", { ...old, state: "confirmed", response: sampleSettleSuccess }),
      );
      await store.claimSettlement(sampleSettlementRecord("refused", { ...old, state: "failed" }));
      await store.claimSettlement(
        sampleSettlementRecord("sent", { ...old, state: "broadcast", transaction: "0x1" }),
      );
      await store.claimSettlement(sampleSettlementRecord("starting", old));
      await store.claimSettlement(
        sampleSettlementRecord("recent", { createdAt: 5_000, updatedAt: 5_000, state: "confirmed" }),
      );
      await store.putIdempotency({ id: "pay_old_0123456789", payloadHash: "h", createdAt: 1_000 });
      await store.putIdempotency({ id: "pay_new_0123456789", payloadHash: "h", createdAt: 5_000 });

      expect(await store.pruneFinished({ before: 2_000 })).toEqual({ settlements: 2, idempotency: 1 });
      for (const key of ["done", "refused"]) expect(await store.getSettlement(key)).toBeUndefined();
      for (const key of ["sent", "starting", "recent"]) expect(await store.getSettlement(key)).toBeDefined();
      expect((await store.listUnfinishedSettlements()).map((record) => record.key).sort()).toEqual([
        "sent",
        "starting",
      ]);
      // A pruned id can be used again; the kept one still refuses another payload.
      expect(
        await store.putIdempotency({ id: "pay_old_0123456789", payloadHash: "x", createdAt: 6_000 }),
      ).toEqual({
        stored: true,
      });
      expect(
        await store.putIdempotency({ id: "pay_new_0123456789", payloadHash: "x", createdAt: 6_000 }),
      ).toMatchObject({
        stored: false,
      });
      expect(await store.pruneFinished({ before: 2_000 })).toEqual({ settlements: 0, idempotency: 0 });
    });

    const channel = (
      id: string,
      state: Record<string, unknown>,
      overrides: Partial<ChannelRecordInput> = {},
    ) => ({
      id,
      scheme: "batch-settlement",
      network: "eip155:31337",
      payTo: "0xpayee",
      asset: "0xtoken",
      state,
      ...overrides,
    });

    it("writes channel state compare-and-set: of 20 writers at one version, exactly one wins", async (context) => {
      const store = await fresh();
      if (!isChannelStore(store)) return context.skip();
      const created = await store.putChannel(channel("0xc1", { charged: "0" }), 0);
      expect(created).toMatchObject({ id: "0xc1", version: 1, state: { charged: "0" } });
      expect(await store.putChannel(channel("0xc1", { charged: "9" }), 0)).toBeUndefined();
      const writes = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store.putChannel(channel("0xc1", { charged: String(i + 1) }), 1),
        ),
      );
      const winners = writes.filter((written) => written !== undefined);
      expect(winners).toHaveLength(1);
      expect(await store.getChannel("0xc1")).toEqual(winners[0]);
      expect(winners[0]).toMatchObject({ version: 2, payTo: "0xpayee", asset: "0xtoken" });
      expect(winners[0]!.updatedAt).toBeGreaterThan(1_000);
      // A stale version neither writes nor deletes.
      expect(await store.putChannel(channel("0xc1", { charged: "99" }), 1)).toBeUndefined();
      expect(await store.deleteChannel("0xc1", 1)).toBe(false);
      expect(await store.deleteChannel("0xc1", 2)).toBe(true);
      expect(await store.getChannel("0xc1")).toBeUndefined();
      expect(await store.putChannel(channel("0xc1", { charged: "0" }), 0)).toMatchObject({ version: 1 });
    });

    it("lists a scheme's channels by id, filtered and paged", async (context) => {
      const store = await fresh();
      if (!isChannelStore(store)) return context.skip();
      for (const id of ["0xc3", "0xc1", "0xc2"]) await store.putChannel(channel(id, { n: id }), 0);
      await store.putChannel(channel("0xd1", {}, { payTo: "0xother" }), 0);
      await store.putChannel(channel("0xe1", {}, { scheme: "other" }), 0);
      const ids = (records: { id: string }[]) => records.map((record) => record.id);
      expect(ids(await store.listChannels({ scheme: "batch-settlement" }))).toEqual([
        "0xc1",
        "0xc2",
        "0xc3",
        "0xd1",
      ]);
      expect(ids(await store.listChannels({ scheme: "batch-settlement", payTo: "0xpayee" }))).toEqual([
        "0xc1",
        "0xc2",
        "0xc3",
      ]);
      expect(
        ids(await store.listChannels({ scheme: "batch-settlement", afterId: "0xc1", limit: 2 })),
      ).toEqual(["0xc2", "0xc3"]);
      expect(await store.listChannels({ scheme: "batch-settlement", network: "eip155:1" })).toEqual([]);
      expect((await store.listChannels({ scheme: "batch-settlement", payTo: "0xpayee" }))[1]).toMatchObject({
        state: { n: "0xc2" },
        version: 1,
      });
    });

    it("keeps a discovery catalog: put replaces by key, get round-trips (DiscoveryStore)", async (context) => {
      const store = await fresh();
      if (!isDiscoveryStore(store)) return context.skip();
      const first = discovered("weather", {
        tags: ["Weather"],
        serviceName: "Forecasts",
        iconUrl: "https://x.io/i.png",
      });
      await store.putDiscoveredResource(first);
      expect(await store.getDiscoveredResource(first.key)).toEqual(first);
      expect(await store.getDiscoveredResource("https://api.example.com/missing")).toBeUndefined();
      const second = { ...first, description: "Now hourly", lastUpdated: 2_000, tool: undefined };
      await store.putDiscoveredResource(second);
      expect(await store.getDiscoveredResource(first.key)).toMatchObject({
        description: "Now hourly",
        lastUpdated: 2_000,
      });
      expect((await store.listDiscoveredResources({ limit: 10, offset: 0 })).total).toBe(1);
    });

    it("lists the catalog most recent first, paged, with the total (DiscoveryStore)", async (context) => {
      const store = await fresh();
      if (!isDiscoveryStore(store)) return context.skip();
      for (const [name, lastUpdated] of [
        ["a", 3_000],
        ["b", 1_000],
        ["c", 3_000],
        ["d", 2_000],
      ] as const)
        await store.putDiscoveredResource(discovered(name, { lastUpdated }));
      const page = async (offset: number, limit: number) =>
        store.listDiscoveredResources({ limit, offset }).then(({ items, total }) => ({
          names: items.map((item) => item.resource.split("/").at(-1)),
          total,
        }));
      expect(await page(0, 10)).toEqual({ names: ["a", "c", "d", "b"], total: 4 });
      expect(await page(1, 2)).toEqual({ names: ["c", "d"], total: 4 });
      expect(await page(4, 2)).toEqual({ names: [], total: 4 });
    });

    it("filters the catalog by type, payTo, scheme, network, extension and search words (DiscoveryStore)", async (context) => {
      const store = await fresh();
      if (!isDiscoveryStore(store)) return context.skip();
      const base = sampleDiscoveryRequirements;
      await store.putDiscoveredResource(
        discovered("weather", {
          accepts: [
            base,
            { ...base, network: "eip155:8453", payTo: "0x00000000000000000000000000000000000000bb" },
          ],
          tags: ["forecast"],
          extensions: ["bazaar", "sign-in-with-x"],
        }),
      );
      await store.putDiscoveredResource(
        discovered("mcp", {
          type: "mcp",
          tool: "stock_quote",
          method: undefined,
          description: "100%_real quotes",
        }),
      );
      await store.putDiscoveredResource(
        discovered("search", { accepts: [{ ...base, scheme: "upto" }], lastUpdated: 500 }),
      );
      const names = async (filters: Record<string, string>) =>
        (await store.listDiscoveredResources({ ...filters, limit: 10, offset: 0 })).items
          .map((item) => item.resource.split("/").at(-1))
          .sort();
      expect(await names({})).toEqual(["mcp", "search", "weather"]);
      expect(await names({ type: "mcp" })).toEqual(["mcp"]);
      expect(await names({ type: "a2a" })).toEqual([]);
      // EVM addresses match whatever their case.
      expect(await names({ payTo: "0x00000000000000000000000000000000000000BB" })).toEqual(["weather"]);
      expect(await names({ scheme: "upto" })).toEqual(["search"]);
      expect(await names({ network: "eip155:8453" })).toEqual(["weather"]);
      // payTo, scheme and network must hold for one and the same way to pay.
      expect(await names({ network: "eip155:8453", payTo: base.payTo })).toEqual([]);
      expect(
        await names({ network: "eip155:8453", payTo: "0x00000000000000000000000000000000000000bb" }),
      ).toEqual(["weather"]);
      expect(await names({ extension: "sign-in-with-x" })).toEqual(["weather"]);
      // Every word, without case, in the URL, description, tags, tool or method; LIKE's wildcards match literally.
      expect(await names({ text: "FORECAST weather" })).toEqual(["weather"]);
      expect(await names({ text: "stock_quote" })).toEqual(["mcp"]);
      expect(await names({ text: "100%_real" })).toEqual(["mcp"]);
      expect(await names({ text: "100%%real" })).toEqual([]);
      expect(await names({ text: "a_c" })).toEqual([]);
      expect(await names({ text: "weather nothing" })).toEqual([]);
    });

    it("keeps entitlements: found while they hold, the later expiry wins (EntitlementStore)", async (context) => {
      const store = await fresh();
      if (!isEntitlementStore(store)) return context.skip();
      const paid = { resource: "/articles/7", address: "0xabc", expiresAt: 10_000, grantedAt: 1_000 };
      await store.grantEntitlement({ ...paid, network: "eip155:31337", transaction: "0x01" });
      expect(await store.findEntitlement({ resource: "/articles/7", address: "0xabc", now: 9_999 })).toEqual({
        ...paid,
        network: "eip155:31337",
        transaction: "0x01",
      });
      expect(
        await store.findEntitlement({ resource: "/articles/7", address: "0xabc", now: 10_000 }),
      ).toBeUndefined();
      expect(
        await store.findEntitlement({ resource: "/articles/8", address: "0xabc", now: 0 }),
      ).toBeUndefined();
      expect(
        await store.findEntitlement({ resource: "/articles/7", address: "0xdef", now: 0 }),
      ).toBeUndefined();
      // An earlier expiry does not shorten it; a later one extends it.
      await store.grantEntitlement({ ...paid, expiresAt: 5_000, grantedAt: 2_000 });
      expect((await store.findEntitlement({ ...paid, now: 9_000 }))?.expiresAt).toBe(10_000);
      await store.grantEntitlement({ ...paid, expiresAt: 20_000, grantedAt: 3_000 });
      expect(await store.findEntitlement({ ...paid, now: 15_000 })).toEqual({
        ...paid,
        expiresAt: 20_000,
        grantedAt: 3_000,
      });
    });

    it("uses a sign-in nonce once among 20 concurrent callers, and forgets it after it expires (EntitlementStore)", async (context) => {
      const store = await fresh();
      if (!isEntitlementStore(store)) return context.skip();
      const uses = await Promise.all(
        Array.from({ length: 20 }, () =>
          store.useSignInNonce({ nonce: "a1b2c3d4e5f6", expiresAt: 5_000, now: 1_000 }),
        ),
      );
      expect(uses.filter(Boolean)).toHaveLength(1);
      expect(await store.useSignInNonce({ nonce: "a1b2c3d4e5f6", expiresAt: 5_000, now: 4_999 })).toBe(false);
      expect(await store.useSignInNonce({ nonce: "other000000", expiresAt: 5_000, now: 1_000 })).toBe(true);
      // Past its expiry the record goes; the proof itself has expired by then, so its nonce cannot come back.
      expect(await store.useSignInNonce({ nonce: "a1b2c3d4e5f6", expiresAt: 9_000, now: 5_001 })).toBe(true);
    });

    it("answers ping while open and refuses work once closed", async () => {
      const store = await fresh();
      await expect(store.ping()).resolves.toBeUndefined();
      await store.close();
      await expect(store.ping()).rejects.toMatchObject({ code: "store_closed" });
      await expect(store.claimSettlement(sampleSettlementRecord("k"))).rejects.toMatchObject({
        code: "store_closed",
      });
      await store.close();
    });
  });
}
