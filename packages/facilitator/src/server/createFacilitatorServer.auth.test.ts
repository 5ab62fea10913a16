import { once } from "node:events";
import { connect } from "node:net";
import { createFacilitatorClient, FacilitatorError } from "@x402kit/core";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gate, payer, request, scriptedScheme, txOf } from "../../test/scriptedScheme.js";
import { createFacilitator } from "../facilitator/createFacilitator.js";
import { createApiKey } from "./createApiKey.js";
import { createFacilitatorServer, type RunningFacilitatorServer } from "./createFacilitatorServer.js";
import { hashApiKey } from "./hashApiKey.js";

// Real HTTP on loopback; the scheme is scripted (no chain): these tests are about who may call, and how often.
const silent = pino({ level: "silent" });

async function call(
  url: string,
  path: string,
  options: { key?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const response = await fetch(`${url}${path}`, {
    method: options.body === undefined ? "GET" : "POST",
    headers: {
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
      ...(options.key === undefined ? {} : { authorization: `Bearer ${options.key}` }),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

describe("createFacilitatorServer with API keys", () => {
  const shop = createApiKey();
  const ops = createApiKey();
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  const { scheme, calls } = scriptedScheme();
  let server: RunningFacilitatorServer;

  beforeAll(async () => {
    const facilitator = createFacilitator({ schemes: [scheme], logger: silent, instanceId: "auth" });
    server = await createFacilitatorServer({
      facilitator,
      logger,
      apiKeys: {
        keys: [
          { name: "shop", sha256: shop.sha256 },
          // Upper-case hex is the same hash.
          { name: "ops", sha256: ops.sha256.toUpperCase(), perMinute: 1, burst: 2 },
        ],
        open: ["supported"],
      },
    }).listen({ port: 0 });
  });
  afterAll(() => server?.close());

  it("answers 401 with a JSON body and a Bearer challenge without a key or with a wrong one, and never verifies", async () => {
    for (const [key, message] of [
      [undefined, /needs an API key/],
      ["x402k_not-a-key", /not valid/],
      [shop.sha256, /not valid/], // the stored hash is not a key
    ] as const) {
      const answer = await call(server.url, "/verify", { key, body: request("a1") });
      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({ error: "unauthorized", message: expect.stringMatching(message) });
      expect(answer.headers.get("www-authenticate")).toMatch(/^Bearer realm="x402kit-facilitator"/);
    }
    for (const path of ["/settle", "/healthz", "/discovery/resources"])
      expect((await call(server.url, path, path === "/settle" ? { body: request("a2") } : {})).status).toBe(
        401,
      );
    expect(calls.verify + calls.settle).toBe(0);
  });

  it("serves every named key, logs its name (never the key), and leaves the open routes open", async () => {
    const verified = await call(server.url, "/verify", { key: shop.key, body: request("b1") });
    expect(verified).toMatchObject({ status: 200, body: { isValid: true, payer } });
    const settled = await call(server.url, "/settle", { key: ops.key, body: request("b2") });
    expect(settled).toMatchObject({ status: 200, body: { success: true, transaction: txOf("b2") } });
    expect((await call(server.url, "/supported")).status).toBe(200);
    expect(
      lines.filter((line) => line.msg === "request" && line.status === 200).map((line) => line.key),
    ).toEqual(expect.arrayContaining(["shop", "ops", undefined]));
    const logged = JSON.stringify(lines);
    for (const secret of [shop.key, ops.key]) expect(logged).not.toContain(secret);
  });

  it("core's facilitator client sends its apiKey, and fails as facilitator_unauthorized without it", async () => {
    const client = createFacilitatorClient({ url: server.url, apiKey: shop.key });
    expect(await client.verify(request("c1"))).toMatchObject({ isValid: true });
    const keyless = createFacilitatorClient({ url: server.url, retries: 0 });
    const refused = await keyless.verify(request("c2")).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(FacilitatorError);
    expect(refused).toMatchObject({ code: "facilitator_unauthorized", status: 401 });
    expect(await keyless.supported()).toMatchObject({
      kinds: [expect.objectContaining({ scheme: "exact" })],
    });
  });

  it("limits a key with its own rate: 429 with Retry-After, and core's client reports it", async () => {
    // `ops` has burst 2 and one settle behind it (above): one more passes, then it is refused.
    expect((await call(server.url, "/verify", { key: ops.key, body: request("d1") })).status).toBe(200);
    const limited = await call(server.url, "/verify", { key: ops.key, body: request("d2") });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ error: "rate_limited", message: expect.stringMatching(/ops/) });
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    const client = createFacilitatorClient({ url: server.url, apiKey: ops.key });
    await expect(client.verify(request("d3"))).rejects.toMatchObject({
      code: "facilitator_rate_limited",
      retryAfterSeconds: expect.any(Number),
    });
    // The other key is not affected.
    expect((await call(server.url, "/verify", { key: shop.key, body: request("d4") })).status).toBe(200);
  });

  it("hashes keys as SHA-256 hex and refuses a bad key list", () => {
    expect(hashApiKey("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const facilitator = createFacilitator({ schemes: [scheme], logger: silent });
    for (const apiKeys of [
      { keys: [] },
      { keys: [{ name: "a", sha256: "xyz" }] },
      {
        keys: [
          { name: "a", sha256: shop.sha256 },
          { name: "a", sha256: ops.sha256 },
        ],
      },
      { keys: [{ name: "a", sha256: shop.sha256 }], open: ["verify"] },
    ])
      expect(() => createFacilitatorServer({ facilitator, apiKeys: apiKeys as never })).toThrow(
        /createFacilitatorServer/,
      );
  });
});

describe("createFacilitatorServer limits", () => {
  const held = gate();
  const { scheme, calls } = scriptedScheme({
    settle: async (payment, context) => {
      const transaction = txOf((payment.payload.payload.authorization as { nonce: string }).nonce);
      await context.onBroadcast(transaction);
      await held.opened;
      return { success: true, transaction, network: payment.requirements.network, payer };
    },
  });
  let server: RunningFacilitatorServer;

  beforeAll(async () => {
    const facilitator = createFacilitator({ schemes: [scheme], logger: silent, instanceId: "limits" });
    server = await createFacilitatorServer({
      facilitator,
      logger: silent,
      // 6 a minute: no refill to speak of while the test runs, however slow the machine.
      limits: { perIp: { perMinute: 6, burst: 8 }, settlementsInFlight: 2, trustProxyHops: 1 },
      timeouts: { headersMs: 300, requestMs: 600 },
    }).listen({ port: 0 });
  });
  afterAll(() => server?.close());

  it("caps the settlements in flight: the third concurrent settle gets 429 and never reaches the scheme", async () => {
    const first = call(server.url, "/settle", { body: request("e1") });
    const second = call(server.url, "/settle", { body: request("e2") });
    while (calls.settle < 2) await new Promise((resolve) => setImmediate(resolve));
    const third = await call(server.url, "/settle", { body: request("e3") });
    expect(third.status).toBe(429);
    expect(third.headers.get("retry-after")).toBe("1");
    expect(third.body).toMatchObject({ error: "rate_limited", message: expect.stringMatching(/capacity/) });
    expect(calls.settle).toBe(2);
    held.open();
    expect((await first).body).toMatchObject({ success: true });
    expect((await second).body).toMatchObject({ success: true });
    // Capacity is back.
    expect((await call(server.url, "/settle", { body: request("e4") })).body).toMatchObject({
      success: true,
    });
  });

  it("limits per client address (X-Forwarded-For behind one proxy), on every route", async () => {
    const from = (address: string) => ({ headers: { "x-forwarded-for": `203.0.113.9, ${address}` } });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++)
      statuses.push((await call(server.url, "/supported", from("198.51.100.1"))).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 429, 429]);
    const limited = await call(server.url, "/healthz", from("198.51.100.1"));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // Another address has its own bucket; the spoofable left-hand entry is not what counts.
    expect((await call(server.url, "/supported", from("198.51.100.2"))).status).toBe(200);
  });

  it("cuts off a client that sends its headers too slowly, and serves others meanwhile", async () => {
    const socket = connect(server.port, "127.0.0.1");
    await once(socket, "connect");
    socket.write("POST /settle HTTP/1.1\r\nhost: x\r\n");
    const closed = once(socket, "close");
    const received: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => received.push(chunk));
    expect(
      (await call(server.url, "/supported", { headers: { "x-forwarded-for": "192.0.2.7" } })).status,
    ).toBe(200);
    // The server closes it (408 or a plain close) once headersMs is past; the test waits for that event.
    await closed;
    expect(Buffer.concat(received).toString()).toMatch(/^HTTP\/1\.1 408 /);
    expect(socket.destroyed).toBe(true);
  });

  it("cuts off a client that sends its body too slowly", async () => {
    const socket = connect(server.port, "127.0.0.1");
    await once(socket, "connect");
    socket.write(
      "POST /verify HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{",
    );
    const received: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => received.push(chunk));
    await once(socket, "close");
    expect(Buffer.concat(received).toString()).toMatch(/^HTTP\/1\.1 408 /);
  });
});
