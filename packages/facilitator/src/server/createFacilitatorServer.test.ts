import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { createFacilitatorClient, createMemoryStore } from "@x402kit/core";
import fc from "fast-check";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gate, network, payer, request, scriptedScheme, txOf } from "../../test/scriptedScheme.js";
import { createFacilitator } from "../facilitator/createFacilitator.js";
import { createFacilitatorServer, type RunningFacilitatorServer } from "./createFacilitatorServer.js";

const silent = pino({ level: "silent" });

/** Sends a raw HTTP request (any method, body and headers) and reads status, headers and JSON body. */
function send(
  url: string,
  path: string,
  options: {
    method?: string;
    body?: string | Buffer;
    headers?: Record<string, string>;
    chunked?: boolean;
  } = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: unknown }> {
  return new Promise((resolve, reject) => {
    // Frame the body explicitly: node sends a GET or DELETE body unframed unless told its length.
    const framing =
      options.body === undefined
        ? {}
        : options.chunked
          ? { "transfer-encoding": "chunked" }
          : { "content-length": String(Buffer.byteLength(options.body)) };
    const headers = { ...framing, ...options.headers };
    const req = httpRequest(`${url}${path}`, { method: options.method ?? "POST", headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let body: unknown = text;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {}
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    if (options.body !== undefined && options.chunked) {
      // No content-length: the server finds the size while reading.
      const body = Buffer.from(options.body);
      for (let at = 0; at < body.length; at += 16 * 1024) req.write(body.subarray(at, at + 16 * 1024));
      req.end();
    } else req.end(options.body);
  });
}

const json = (value: unknown) => ({
  body: JSON.stringify(value),
  headers: { "content-type": "application/json" },
});

describe("createFacilitatorServer", () => {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  const { scheme } = scriptedScheme({
    verify: (payment) =>
      (payment.payload.payload.authorization as { nonce: string }).nonce === "bad"
        ? { isValid: false, invalidReason: "insufficient_funds", payer }
        : { isValid: true, payer },
  });
  let server: RunningFacilitatorServer;

  beforeAll(async () => {
    const facilitator = createFacilitator({ schemes: [scheme], logger: silent, instanceId: "http" });
    server = await createFacilitatorServer({ facilitator, logger }).listen({ port: 0 });
  });
  afterAll(() => server?.close());

  it("listens on loopback and serves supported and healthz", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const supported = await send(server.url, "/supported", { method: "GET" });
    expect(supported).toMatchObject({ status: 200, body: { extensions: ["payment-identifier", "bazaar"] } });
    expect(supported.headers["content-type"]).toMatch(/^application\/json/);
    const health = await send(server.url, "/healthz", { method: "GET" });
    expect(health).toMatchObject({ status: 200, body: { ok: true, store: { ok: true } } });
    const head = await send(server.url, "/supported", { method: "HEAD" });
    expect(head).toMatchObject({ status: 200, body: undefined });
  });

  it("answers 200 for a valid request, whatever the payment's verdict (the body decides)", async () => {
    expect(await send(server.url, "/verify", json(request("1")))).toMatchObject({
      status: 200,
      body: { isValid: true, payer },
    });
    expect(await send(server.url, "/verify", json(request("bad")))).toMatchObject({
      status: 200,
      body: { isValid: false, invalidReason: "insufficient_funds" },
    });
    expect(await send(server.url, "/settle", json(request("1")))).toMatchObject({
      status: 200,
      body: { success: true, transaction: txOf("1"), network },
    });
    expect(await send(server.url, "/settle", json(request("1", { scheme: "upto" })))).toMatchObject({
      status: 200,
      body: { success: false, errorReason: "unsupported_scheme", transaction: "" },
    });
  });

  it("answers 400 with invalid_payload and a message for malformed JSON, a wrong shape or an empty body", async () => {
    const malformed = await send(server.url, "/verify", {
      body: "{nope",
      headers: { "content-type": "application/json" },
    });
    expect(malformed).toMatchObject({
      status: 400,
      body: { isValid: false, invalidReason: "invalid_payload" },
    });
    expect((malformed.body as { invalidMessage: string }).invalidMessage).toMatch(/JSON/);
    const shape = await send(
      server.url,
      "/settle",
      json({ x402Version: 2, paymentPayload: {}, paymentRequirements: { network: "eip155:1" } }),
    );
    expect(shape).toMatchObject({
      status: 400,
      body: { success: false, errorReason: "invalid_payload", transaction: "", network: "eip155:1" },
    });
    expect((shape.body as { errorMessage: string }).errorMessage).toMatch(/paymentPayload/);
    // An unsupported version is a refusal in the body, like any other (spec v2 §7.1); a malformed one is a 400.
    expect(await send(server.url, "/verify", json({ ...request("1"), x402Version: 7 }))).toMatchObject({
      status: 200,
      body: { isValid: false, invalidReason: "invalid_x402_version" },
    });
    expect(await send(server.url, "/verify", json({ ...request("1"), x402Version: "2" }))).toMatchObject({
      status: 400,
      body: { invalidReason: "invalid_x402_version" },
    });
    expect(await send(server.url, "/verify", { body: "" })).toMatchObject({
      status: 400,
      body: { invalidReason: "invalid_payload" },
    });
    expect(
      await send(server.url, "/verify", { body: "{}", headers: { "content-type": "text/plain" } }),
    ).toMatchObject({ status: 415, body: { invalidReason: "invalid_payload" } });
  });

  it("answers 413 with an x402 body beyond 64 KiB, declared or streamed", async () => {
    const big = JSON.stringify({ padding: "x".repeat(70 * 1024) });
    for (const chunked of [false, true]) {
      const answer = await send(server.url, "/settle", { ...json(null), body: big, chunked });
      expect(answer).toMatchObject({
        status: 413,
        body: { success: false, errorReason: "invalid_payload", transaction: "" },
      });
    }
    // The server is still there.
    expect((await send(server.url, "/supported", { method: "GET" })).status).toBe(200);
  });

  it("answers 404 for an unknown path and 405 for a wrong method", async () => {
    expect(await send(server.url, "/nope", { method: "GET" })).toMatchObject({
      status: 404,
      body: { error: "not_found" },
    });
    const wrong = await send(server.url, "/verify", { method: "GET" });
    expect(wrong).toMatchObject({ status: 405, body: { error: "method_not_allowed" } });
    expect(wrong.headers.allow).toBe("POST");
    expect((await send(server.url, "/supported", { method: "POST", body: "{}" })).headers.allow).toBe(
      "GET, HEAD",
    );
  });

  it("logs one line per request: route, status, reason, ms", async () => {
    lines.length = 0;
    await send(server.url, "/verify", json(request("bad")));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      msg: "request",
      method: "POST",
      route: "/verify",
      status: 200,
      reason: "insufficient_funds",
    });
    expect(typeof lines[0]?.ms).toBe("number");
  });

  it("never answers 5xx to garbage (500 random bodies, paths and methods)", async () => {
    const anyJson = fc.jsonValue({ maxDepth: 4 });
    const nearlyValid = fc.record({
      x402Version: fc.oneof(fc.constantFrom(1, 2), fc.integer()),
      paymentPayload: fc.oneof(anyJson, fc.constant(request("f").paymentPayload)),
      paymentRequirements: fc.oneof(anyJson, fc.constant(request("f").paymentRequirements)),
    });
    const body = fc.oneof(
      fc.string({ maxLength: 200 }),
      anyJson.map((value) => JSON.stringify(value)),
      nearlyValid.map((value) => JSON.stringify(value)),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("/verify", "/settle", "/supported", "/healthz", "/", "/settle/", "/%ff?x=1"),
        fc.constantFrom("POST", "GET", "PUT", "DELETE", "OPTIONS"),
        body,
        fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded"),
        async (path, method, text, type) => {
          const answer = await send(server.url, path, {
            method,
            body: text,
            headers: { "content-type": type },
          });
          expect(answer.status).toBeLessThan(500);
          expect(typeof answer.body).toBe("object");
        },
      ),
      { numRuns: 500 },
    );
  });

  it("answers malformed HTTP with 400 and keeps serving", async () => {
    const port = new URL(server.url).port;
    const raw = await new Promise<string>((resolve) => {
      const socket = connect(Number(port), "127.0.0.1", () => socket.write("NOT HTTP AT ALL\r\n\r\n"));
      let text = "";
      socket.on("data", (chunk) => {
        text += chunk.toString();
      });
      socket.on("close", () => resolve(text));
      socket.on("error", () => resolve(text));
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400/);
    expect((await send(server.url, "/supported", { method: "GET" })).status).toBe(200);
  });

  it("works with core's facilitator client", async () => {
    const client = createFacilitatorClient({ url: server.url });
    expect(await client.verify(request("c1"))).toEqual({ isValid: true, payer });
    expect(await client.settle(request("c1"))).toMatchObject({ success: true, transaction: txOf("c1") });
    expect((await client.supported()).kinds.length).toBeGreaterThan(0);
  });
});

describe("createFacilitatorServer: health and shutdown", () => {
  it("answers 503 when a check fails", async () => {
    const { scheme } = scriptedScheme();
    const facilitator = createFacilitator({
      schemes: [scheme],
      logger: silent,
      healthChecks: { rpc: () => Promise.reject(new Error("ECONNREFUSED")) },
    });
    const server = await createFacilitatorServer({ facilitator, logger: silent }).listen({ port: 0 });
    try {
      expect(await send(server.url, "/healthz", { method: "GET" })).toMatchObject({
        status: 503,
        body: { ok: false, checks: { rpc: { ok: false, error: "ECONNREFUSED" } } },
      });
    } finally {
      await server.close();
    }
  });

  it("fails /healthz when a scheme's own health check fails", async () => {
    const { scheme } = scriptedScheme();
    const facilitator = createFacilitator({
      schemes: [{ ...scheme, health: () => Promise.reject(new Error("rpc unreachable")) }],
      logger: silent,
    });
    const server = await createFacilitatorServer({ facilitator, logger: silent }).listen({ port: 0 });
    try {
      expect(await send(server.url, "/healthz", { method: "GET" })).toMatchObject({
        status: 503,
        body: { ok: false, store: { ok: true }, schemes: { ok: false, error: "rpc unreachable" } },
      });
    } finally {
      await server.close();
    }
  });

  it("serves GET /metrics in Prometheus's text format when given, and 404 otherwise", async () => {
    const facilitator = createFacilitator({ schemes: [scriptedScheme().scheme], logger: silent });
    const metrics = async () => "# TYPE x402_up gauge\nx402_up 1\n";
    const server = await createFacilitatorServer({ facilitator, logger: silent, metrics }).listen({
      port: 0,
    });
    const plain = await createFacilitatorServer({
      facilitator: createFacilitator({ schemes: [scriptedScheme().scheme], logger: silent }),
      logger: silent,
    }).listen({ port: 0 });
    try {
      const scraped = await send(server.url, "/metrics", { method: "GET" });
      expect(scraped).toMatchObject({ status: 200, body: "# TYPE x402_up gauge\nx402_up 1\n" });
      expect(scraped.headers["content-type"]).toBe("text/plain; version=0.0.4; charset=utf-8");
      expect(await send(server.url, "/metrics", { method: "POST" })).toMatchObject({ status: 405 });
      expect(await send(plain.url, "/metrics", { method: "GET" })).toMatchObject({ status: 404 });
    } finally {
      await Promise.all([server.close(), plain.close()]);
    }
  });

  it("closes gracefully: stops accepting, finishes the settle in flight, then closes the store", async () => {
    const receipt = gate();
    const { scheme } = scriptedScheme({
      settle: async (_, context) => {
        await context.onBroadcast(txOf("g"));
        await receipt.opened;
        return { success: true, transaction: txOf("g"), network, payer };
      },
    });
    const store = createMemoryStore();
    const facilitator = createFacilitator({ schemes: [scheme], store, logger: silent });
    const server = await createFacilitatorServer({ facilitator, logger: silent }).listen({ port: 0 });
    const inFlight = send(server.url, "/settle", json(request("g")));
    await sleep(30);
    const closed = server.close();
    await sleep(10);
    await expect(send(server.url, "/supported", { method: "GET" })).rejects.toThrow();
    receipt.open();
    expect(await inFlight).toMatchObject({ status: 200, body: { success: true, transaction: txOf("g") } });
    await closed;
    await expect(store.ping()).rejects.toMatchObject({ code: "store_closed" });
  });

  it("refuses a bad configuration", () => {
    const facilitator = createFacilitator({ schemes: [scriptedScheme().scheme], logger: silent });
    expect(() => createFacilitatorServer({ facilitator, bodyLimitBytes: 10 })).toThrow(
      expect.objectContaining({ code: "invalid_config" }),
    );
    return expect(
      createFacilitatorServer({ facilitator, logger: silent }).listen({ port: 70_000 }),
    ).rejects.toMatchObject({ code: "invalid_config" });
  });
});
