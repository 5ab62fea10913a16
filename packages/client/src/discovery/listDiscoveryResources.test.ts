import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listDiscoveryResources } from "./listDiscoveryResources.js";
import { searchDiscoveryResources } from "./searchDiscoveryResources.js";

// A stand-in facilitator that answers what each test scripts (the real one is exercised in apps/interop's
// discovery test): here only the client's request and its handling of answers are under test.
let server: Server;
let url: string;
let reply: { status: number; body: string } = { status: 200, body: "{}" };
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push(request.url ?? "");
    response.writeHead(reply.status, { "content-type": "application/json" }).end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const page = {
  x402Version: 2,
  items: [
    { resource: "https://api.example.com/a", type: "http", x402Version: 2, accepts: [], lastUpdated: 1 },
  ],
  pagination: { limit: 5, offset: 0, total: 1 },
};

describe("listDiscoveryResources and searchDiscoveryResources", () => {
  it("send the filters as query parameters and return the checked answer", async () => {
    reply = { status: 200, body: JSON.stringify(page) };
    expect(
      await listDiscoveryResources({ facilitatorUrl: `${url}/base`, type: "http", payTo: "0xA", limit: 5 }),
    ).toEqual(page);
    expect(seen.at(-1)).toBe("/base/discovery/resources?type=http&payTo=0xA&limit=5");
    reply = {
      status: 200,
      body: JSON.stringify({ x402Version: 2, resources: page.items, pagination: { limit: 5, cursor: null } }),
    };
    const found = await searchDiscoveryResources({ facilitatorUrl: url, query: "two words", cursor: "5" });
    expect(found.resources).toHaveLength(1);
    expect(seen.at(-1)).toBe("/discovery/search?query=two+words&cursor=5");
  });

  it("throw DiscoveryError with the facilitator's status and message, or why the answer is unusable", async () => {
    reply = {
      status: 400,
      body: JSON.stringify({ error: "invalid_query", message: "`limit` must be at most 100" }),
    };
    await expect(listDiscoveryResources({ facilitatorUrl: url, limit: 500 })).rejects.toMatchObject({
      name: "DiscoveryError",
      code: "discovery_refused",
      status: 400,
      message: "The facilitator answered 400: `limit` must be at most 100",
    });
    reply = { status: 200, body: "<html>" };
    await expect(listDiscoveryResources({ facilitatorUrl: url })).rejects.toMatchObject({
      code: "discovery_invalid_response",
    });
    reply = { status: 200, body: JSON.stringify({ items: "none" }) };
    await expect(listDiscoveryResources({ facilitatorUrl: url })).rejects.toMatchObject({
      code: "discovery_invalid_response",
    });
    await expect(listDiscoveryResources({ facilitatorUrl: "http://127.0.0.1:9" })).rejects.toMatchObject({
      code: "discovery_unreachable",
    });
  });
});
