import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { type HeldResponse, holdResponse } from "./holdResponse.js";

/** Serves one request with `handle`, holding its response; `decide` flushes it. Returns what the client got. */
async function serveHeld(
  handle: (res: ServerResponse) => void,
  decide: (held: HeldResponse, res: ServerResponse) => void,
) {
  const server = createServer((_req, res) => {
    holdResponse(res, (held) => setTimeout(() => decide(held, res), 10));
    handle(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    return { status: response.status, headers: response.headers, body: await response.text() };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

describe("holdResponse", () => {
  it("records writeHead (message and flat header list), writes and end, and sends nothing until flushed", async () => {
    const events: string[] = [];
    const got = await serveHeld(
      (res) => {
        res.writeHead(201, "Made", ["x-a", "1", "x-b", "2"]);
        res.write("one,", () => events.push("write callback"));
        res.write(Buffer.from("two,"));
        res.end("three", () => events.push("end callback"));
        res.end("ignored");
        events.push(`headersSent=${res.headersSent}`);
      },
      (held, res) => {
        events.push(`held=${held.body.toString()}`);
        res.setHeader("x-c", "3");
        held.flush();
      },
    );
    expect(got.status).toBe(201);
    expect([got.headers.get("x-a"), got.headers.get("x-b"), got.headers.get("x-c")]).toEqual(["1", "2", "3"]);
    expect(got.body).toBe("one,two,three");
    expect(events).toEqual(["headersSent=false", "write callback", "held=one,two,three", "end callback"]);
  });

  it("accepts headers as pairs and sends a replacement body instead of the held one", async () => {
    const got = await serveHeld(
      (res) => {
        res.writeHead(200, [
          ["x-a", "1"],
          ["content-type", "text/plain"],
        ]);
        res.end("secret");
      },
      (held, res) => {
        res.removeHeader("content-type");
        res.statusCode = 402;
        held.flush("{}");
      },
    );
    expect([got.status, got.body, got.headers.get("x-a")]).toEqual([402, "{}", "1"]);
  });
});
