import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getNodeHttpFetch } from "./getNodeHttpFetch.js";

// A real HTTP server on loopback; each test picks its answer by path.
type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;
const handlers = new Map<string, Handler>();
let server: Server;
let base: string;
let connections = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on("end", () =>
      handlers.get(new URL(request.url!, "http://x").pathname)!(request, body, response),
    );
  });
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const nodeFetch = () => {
  const fetch = getNodeHttpFetch();
  if (!fetch) throw new Error("expected node:http on Node.js");
  return fetch;
};

describe("getNodeHttpFetch", () => {
  it("is there on Node.js, once", () => {
    expect(getNodeHttpFetch()).toBeTypeOf("function");
    expect(getNodeHttpFetch()).toBe(getNodeHttpFetch());
  });

  it("posts a string body with its headers and reads the answer, on one kept-alive connection", async () => {
    const seen: { method?: string; headers?: IncomingMessage["headers"]; body?: string }[] = [];
    handlers.set("/echo", (request, body, response) => {
      seen.push({ method: request.method, headers: request.headers, body });
      response.writeHead(201, "Made", { "content-type": "application/json", "x-answer": "yes" });
      response.end(JSON.stringify({ got: JSON.parse(body) }));
    });
    const before = connections;
    for (const n of [1, 2]) {
      const response = await nodeFetch()(`${base}/echo`, {
        method: "POST",
        headers: { "content-type": "application/json", Authorization: "Bearer k" },
        body: JSON.stringify({ n }),
      });
      expect({ status: response.status, statusText: response.statusText, ok: response.ok }).toEqual({
        status: 201,
        statusText: "Made",
        ok: true,
      });
      expect(response.headers.get("x-answer")).toBe("yes");
      expect(response.url).toBe(`${base}/echo`);
      expect(await response.json()).toEqual({ got: { n } });
    }
    expect(seen.map(({ method, body }) => ({ method, body }))).toEqual([
      { method: "POST", body: '{"n":1}' },
      { method: "POST", body: '{"n":2}' },
    ]);
    expect(seen[0]!.headers).toMatchObject({
      "content-type": "application/json",
      authorization: "Bearer k",
      "content-length": "7",
    });
    expect(connections - before).toBe(1);
  });

  it("drops an idle connection a second before the server's announced keep-alive timeout", async () => {
    // Reused at the moment the server closes it, it would fail the request with ECONNRESET ("socket hang up").
    const announcing = createServer((_, response) => response.end("ok"));
    announcing.keepAliveTimeout = 2_000; // announced as `Keep-Alive: timeout=2`
    let opened = 0;
    announcing.on("connection", () => opened++);
    await new Promise<void>((resolve) => announcing.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(announcing.address() as AddressInfo).port}/`;
    try {
      await (await nodeFetch()(url)).text();
      await (await nodeFetch()(url)).text();
      expect(opened).toBe(1);
      // 1.5 s idle: past the client's 1 s, before the server's 2 s.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(await (await nodeFetch()(url)).text()).toBe("ok");
      expect(opened).toBe(2);
    } finally {
      announcing.closeAllConnections();
      await new Promise((resolve) => announcing.close(resolve));
    }
  });

  it("sends the headers of a Headers, of pairs and of a record alike, and refuses an invalid one or URL as fetch does", async () => {
    const seen: IncomingMessage["headers"][] = [];
    handlers.set("/headers", (request, _, response) => {
      seen.push(request.headers);
      response.end();
    });
    const headers = new Headers({ Accept: "application/json" });
    headers.append("x-many", "a");
    headers.append("X-Many", "b");
    const pairs: [string, string][] = [
      ["Accept", "application/json"],
      ["x-many", "a"],
      ["X-Many", "b"],
    ];
    const record = { accept: "application/json", "x-many": "a, b" };
    for (const given of [headers, pairs, record]) await nodeFetch()(`${base}/headers`, { headers: given });
    for (const got of seen) expect(got).toMatchObject({ accept: "application/json", "x-many": "a, b" });
    expect(seen).toHaveLength(3);
    await expect(nodeFetch()(`${base}/headers`, { headers: { "bad name": "x" } })).rejects.toThrow(TypeError);
    const promise = nodeFetch()("not a URL"); // rejects, never throws
    await expect(promise).rejects.toThrow(TypeError);
    expect(seen).toHaveLength(3);
  });

  it("answers statuses without a body, and error statuses with theirs", async () => {
    handlers.set("/empty", (_, __, response) => {
      response.writeHead(204);
      response.end();
    });
    handlers.set("/broken", (_, __, response) => {
      response.writeHead(503, { "content-type": "text/plain" });
      response.end("down");
    });
    const empty = await nodeFetch()(`${base}/empty`);
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
    const broken = await nodeFetch()(new URL(`${base}/broken`), { method: "POST", body: "{}" });
    expect({ status: broken.status, ok: broken.ok, text: await broken.text() }).toEqual({
      status: 503,
      ok: false,
      text: "down",
    });
  });

  it("follows a redirect as fetch does", async () => {
    handlers.set("/moved", (_, __, response) => {
      response.writeHead(308, { location: "/echo-moved" });
      response.end();
    });
    handlers.set("/echo-moved", (request, body, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ method: request.method, body }));
    });
    const response = await nodeFetch()(`${base}/moved`, { method: "POST", body: "kept" });
    expect(await response.json()).toEqual({ method: "POST", body: "kept" });
  });

  it("rejects with the signal's reason when it aborts, and with a TypeError when the server cannot be reached", async () => {
    handlers.set("/hang", () => {});
    const timedOut = await nodeFetch()(`${base}/hang`, { signal: AbortSignal.timeout(50) }).catch((e) => e);
    expect(timedOut).toBeInstanceOf(DOMException);
    expect((timedOut as DOMException).name).toBe("TimeoutError");
    const aborted = new AbortController();
    aborted.abort(new Error("stop"));
    await expect(nodeFetch()(`${base}/hang`, { signal: aborted.signal })).rejects.toThrow("stop");

    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const closedPort = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const refused = await nodeFetch()(`http://127.0.0.1:${closedPort}/`).catch((e) => e);
    expect(refused).toBeInstanceOf(TypeError);
    expect((refused as TypeError).cause).toMatchObject({ code: "ECONNREFUSED" });
  });

  it("fails a body larger than 10 MiB with a TypeError, and still answers the next call", async () => {
    handlers.set("/huge", (_, __, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      for (let index = 0; index < 11; index++) response.write(chunk);
      response.end("{}");
    });
    handlers.set("/small", (_, __, response) => {
      response.writeHead(200);
      response.end("fine");
    });
    const tooLarge = await nodeFetch()(`${base}/huge`).catch((e) => e);
    expect(tooLarge).toBeInstanceOf(TypeError);
    expect((tooLarge as TypeError).cause).toBeInstanceOf(RangeError);
    expect(await (await nodeFetch()(`${base}/small`)).text()).toBe("fine");
  });

  it("passes what it does not handle to the global fetch", async () => {
    handlers.set("/bytes", (_, body, response) => {
      response.writeHead(200);
      response.end(`got ${body}`);
    });
    // A byte body: the global fetch sends it.
    const response = await nodeFetch()(`${base}/bytes`, {
      method: "POST",
      body: new TextEncoder().encode("raw"),
    });
    expect(await response.text()).toBe("got raw");
  });
});
