import { createMemoryStore, declareDiscovery, declareMcpDiscovery } from "@x402kit/core";
import { base64DecodeUtf8, type FacilitatorRequest } from "@x402kit/types";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createFacilitator } from "../src/facilitator/createFacilitator.js";
import {
  createFacilitatorServer,
  type RunningFacilitatorServer,
} from "../src/server/createFacilitatorServer.js";
import { network, request, scriptedScheme } from "./scriptedScheme.js";

// The bazaar extension over the facilitator's HTTP service, with a scripted scheme (the catalog does not depend on
// the chain; apps/interop/test/discovery.test.ts runs it end to end on one, with the reference's packages).

const silent = pino({ level: "silent" });
// biome-ignore lint/suspicious/noExplicitAny: JSON answers, checked field by field by the assertions
type Answer = Record<string, any>;
let nonces = 0;

/** A settle body for a payment of `url` that echoes these extensions, as a client does. */
function paidFor(
  url: string,
  extensions: Record<string, unknown>,
  resource: Record<string, unknown> = {},
): FacilitatorRequest {
  const body = request(`n${++nonces}`, { extensions });
  if (body.x402Version !== 2) throw new Error("v2 expected");
  return { ...body, paymentPayload: { ...body.paymentPayload, resource: { url, ...resource } } };
}

const weather = declareDiscovery({
  method: "GET",
  input: { query: z.object({ city: z.string() }), example: { city: "Paris" } },
  output: { schema: z.object({ celsius: z.number() }), example: { celsius: 21 } },
});

describe("discovery (bazaar) on the facilitator's HTTP service", () => {
  let server: RunningFacilitatorServer;
  let off: RunningFacilitatorServer;
  const post = (path: string, body: unknown) =>
    fetch(`${server.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const get = async (path: string, at = server) => {
    const response = await fetch(`${at.url}${path}`);
    return { status: response.status, body: (await response.json()) as Answer };
  };

  beforeAll(async () => {
    const facilitator = createFacilitator({ schemes: [scriptedScheme().scheme], logger: silent });
    server = await createFacilitatorServer({ facilitator, logger: silent }).listen({ port: 0 });
    const without = createFacilitator({
      schemes: [scriptedScheme().scheme],
      logger: silent,
      discovery: false,
    });
    off = await createFacilitatorServer({ facilitator: without, logger: silent }).listen({ port: 0 });
  });
  afterAll(async () => {
    await server?.close();
    await off?.close();
  });

  it("announces bazaar, catalogs a settled payment's resource and lists it (spec v2 §8)", async () => {
    expect((await get("/supported")).body.extensions).toContain("bazaar");
    const response = await post(
      "/settle",
      paidFor("https://api.example.com/weather?city=Paris", weather, {
        description: "Weather by city",
        mimeType: "application/json",
        serviceName: "Example Weather",
        tags: ["weather", "WEATHER", "forecast"],
        iconUrl: "https://127.0.0.1/icon.png",
      }),
    );
    const settled = (await response.json()) as Answer;
    expect(settled).toMatchObject({ success: true, extensions: { bazaar: { status: "success" } } });
    // extensions/bazaar.md: the outcome in the EXTENSION-RESPONSES header as well.
    expect(JSON.parse(base64DecodeUtf8(response.headers.get("extension-responses")!) ?? "")).toEqual({
      bazaar: { status: "success" },
    });

    const { status, body } = await get("/discovery/resources?type=http");
    expect(status).toBe(200);
    expect(body.pagination).toEqual({ limit: 20, offset: 0, total: 1 });
    const item = body.items[0];
    expect(item).toMatchObject({
      resource: "https://api.example.com/weather",
      type: "http",
      x402Version: 2,
      accepts: [{ scheme: "exact", network, amount: "1000" }],
      description: "Weather by city",
      serviceName: "Example Weather",
      tags: ["weather", "forecast"],
      extensions: { bazaar: { info: weather.bazaar.info } },
    });
    // The icon on a loopback address is dropped (extensions/bazaar.md, "Validation Rules").
    expect(item.iconUrl).toBeUndefined();
    expect(item.lastUpdated).toBeGreaterThan(1_700_000_000);
    expect(item.lastUpdated).toBeLessThan(Date.now() / 1000 + 1);
  });

  it("catalogs every path of a parameterised route under its template, and an MCP tool under its URL and name", async () => {
    const user = { bazaar: { ...declareDiscovery({ method: "GET" }).bazaar, routeTemplate: "/users/:id" } };
    for (const id of ["1", "2"]) await post("/settle", paidFor(`https://api.example.com/users/${id}`, user));
    // A template that fails the spec's rules is dropped: the concrete path is catalogued.
    await post(
      "/settle",
      paidFor("https://api.example.com/files/a", { bazaar: { ...user.bazaar, routeTemplate: "/../admin" } }),
    );
    const tool = declareMcpDiscovery({ tool: "stock_quote", inputSchema: z.object({ ticker: z.string() }) });
    await post("/settle", paidFor("mcp://tool/stock_quote", tool));
    const http = await get("/discovery/resources?type=http&limit=100");
    const resources = http.body.items.map((item: { resource: string }) => item.resource);
    expect(resources.filter((url: string) => url.includes("/users/"))).toEqual([
      "https://api.example.com/users/:id",
    ]);
    expect(resources).toContain("https://api.example.com/files/a");
    const mcp = await get("/discovery/resources?type=mcp");
    expect(mcp.body.items).toHaveLength(1);
    expect(mcp.body.items[0]).toMatchObject({
      resource: "mcp://tool/stock_quote",
      type: "mcp",
      extensions: { bazaar: { info: { input: { type: "mcp", tool: "stock_quote" } } } },
    });
  });

  it("settles a payment whose declaration is invalid, says why, and does not catalog it; verify catalogs nothing", async () => {
    const invalid = {
      bazaar: { ...weather.bazaar, info: { input: { type: "http", method: "GET", queryParams: {} } } },
    };
    const settled = (await (
      await post("/settle", paidFor("https://api.example.com/broken", invalid))
    ).json()) as Answer;
    expect(settled.success).toBe(true);
    expect(settled.extensions.bazaar).toMatchObject({
      status: "rejected",
      rejectedReason: expect.stringMatching(/city/),
    });
    await post("/verify", paidFor("https://api.example.com/verified-only", weather));
    const search = await get("/discovery/search?query=broken");
    expect(search.body.resources).toEqual([]);
    expect((await get("/discovery/search?query=verified-only")).body.resources).toEqual([]);
  });

  it("searches by words and pages with a cursor (the reference's withBazaar search)", async () => {
    const first = await get("/discovery/search?query=API.EXAMPLE.COM&limit=2");
    expect(first.status).toBe(200);
    expect(first.body.resources).toHaveLength(2);
    expect(first.body.pagination.cursor).toBe("2");
    const second = await get(
      `/discovery/search?query=api.example.com&limit=2&cursor=${first.body.pagination.cursor}`,
    );
    const seen = [...first.body.resources, ...second.body.resources].map(
      (item: { resource: string }) => item.resource,
    );
    expect(new Set(seen).size).toBe(seen.length);
    expect((await get("/discovery/search?query=weather%20city")).body.resources).toHaveLength(1);
  });

  it.each([
    ["/discovery/resources?limit=0", /`limit` must be at least 1/],
    ["/discovery/resources?limit=101", /`limit` must be at most 100/],
    ["/discovery/resources?limit=ten", /`limit` must be a whole number/],
    ["/discovery/resources?offset=-1", /`offset` must be a whole number/],
    ["/discovery/resources?category=finance", /Unknown parameter `category`; this route takes type, payTo/],
    ["/discovery/resources?type=http&type=mcp", /`type` is given twice/],
    ["/discovery/resources?network=", /`network` must not be empty/],
    ["/discovery/search", /`query`/],
    ["/discovery/search?query=%20%20", /`query` must not be empty/],
    ["/discovery/search?query=x&offset=3", /Unknown parameter `offset`/],
  ])("refuses %s with 400 invalid_query", async (path, message) => {
    const { status, body } = await get(path);
    expect(status).toBe(400);
    expect(body.error).toBe("invalid_query");
    expect(body.message).toMatch(message);
  });

  it("without discovery: no bazaar in /supported, 404 on the routes, no extension in settle answers", async () => {
    expect((await get("/supported", off)).body.extensions).not.toContain("bazaar");
    const { status, body } = await get("/discovery/resources", off);
    expect(status).toBe(404);
    expect(body.message).toMatch(/bazaar is off/);
    const response = await fetch(`${off.url}/settle`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(paidFor("https://api.example.com/weather", weather)),
    });
    expect(await response.json()).not.toHaveProperty("extensions");
    expect(response.headers.get("extension-responses")).toBeNull();
  });

  it("refuses discovery: true on a store without a catalog", () => {
    const {
      putDiscoveredResource: _p,
      listDiscoveredResources: _l,
      getDiscoveredResource: _g,
      ...plain
    } = createMemoryStore();
    expect(() =>
      createFacilitator({ schemes: [scriptedScheme().scheme], store: plain, discovery: true }),
    ).toThrow(/DiscoveryStore/);
  });
});
