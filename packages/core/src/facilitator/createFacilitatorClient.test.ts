import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { VerifyRequest } from "@x402kit/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FacilitatorError } from "../errors/FacilitatorError.js";
import { createFacilitatorClient } from "./createFacilitatorClient.js";

// A real HTTP server on loopback that plays scripted facilitator answers, so that the client's timeouts, retries
// and schema checks can be driven exactly. The protocol behaviour of a real facilitator is tested in
// @x402kit/facilitator and the conformance suite.
type Script = (req: IncomingMessage, res: ServerResponse, body: string) => void;
let script: Script = () => {};
const calls: { path: string; body: string }[] = [];
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      calls.push({ path: req.url ?? "", body });
      script(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const request = {
  x402Version: 2,
  paymentPayload: {
    x402Version: 2,
    accepted: {
      scheme: "exact",
      network: "eip155:1",
      amount: "1",
      asset: "0x1",
      payTo: "0x2",
      maxTimeoutSeconds: 60,
    },
    payload: {},
  },
  paymentRequirements: {
    scheme: "exact",
    network: "eip155:1",
    amount: "1",
    asset: "0x1",
    payTo: "0x2",
    maxTimeoutSeconds: 60,
  },
} as unknown as VerifyRequest;

const send = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
};

describe("createFacilitatorClient", () => {
  it("posts the request and returns the schema-checked answer", async () => {
    calls.length = 0;
    script = (_req, res) => send(res, 200, { isValid: true, payer: "0xabc" });
    const client = createFacilitatorClient({ url: `${url}/` });
    await expect(client.verify(request)).resolves.toEqual({ isValid: true, payer: "0xabc" });
    expect(calls[0]!.path).toBe("/verify");
    expect(JSON.parse(calls[0]!.body)).toEqual(request);
  });

  it("reads a refusal from a 4xx body", async () => {
    script = (_req, res) => send(res, 400, { isValid: false, invalidReason: "invalid_payload" });
    const client = createFacilitatorClient({ url });
    await expect(client.verify(request)).resolves.toMatchObject({
      isValid: false,
      invalidReason: "invalid_payload",
    });
  });

  it("retries verify once after a 5xx, but never retries settle", async () => {
    let n = 0;
    script = (_req, res) => (n++ === 0 ? send(res, 503, "busy") : send(res, 200, { isValid: true }));
    const client = createFacilitatorClient({ url });
    await expect(client.verify(request)).resolves.toEqual({ isValid: true });
    expect(n).toBe(2);

    n = 0;
    script = (_req, res) => {
      n++;
      send(res, 503, "busy");
    };
    await expect(client.settle(request)).rejects.toMatchObject({
      code: "facilitator_bad_response",
      operation: "settle",
    });
    expect(n).toBe(1);
  });

  it("gives up on a hung facilitator within the timeout", async () => {
    // Event order, not a wall-clock bound: the facilitator has the call and never answers, and the client gives up
    // while that call is still open (it is the timeout that ended it, not the server).
    let open: ServerResponse | undefined;
    script = (_req, res) => {
      open = res; // never answers
    };
    const client = createFacilitatorClient({ url, timeoutMs: 150, retries: 0 });
    const error = await client.verify(request).catch((e: unknown) => e);
    expect(open).toBeDefined();
    expect(open?.writableEnded).toBe(false);
    expect(error).toBeInstanceOf(FacilitatorError);
    expect((error as FacilitatorError).code).toBe("facilitator_timeout");
  });

  it("reports an unreachable facilitator", async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const client = createFacilitatorClient({ url: `http://127.0.0.1:${port}`, retries: 0 });
    await expect(client.supported()).rejects.toMatchObject({ code: "facilitator_unavailable" });
  });

  it("refuses an answer that is not x402", async () => {
    script = (_req, res) => send(res, 200, { ok: true });
    const client = createFacilitatorClient({ url });
    await expect(client.settle(request)).rejects.toMatchObject({ code: "facilitator_bad_response" });
  });

  it("sends configured headers", async () => {
    let seen: string | undefined;
    script = (req, res) => {
      seen = req.headers.authorization;
      send(res, 200, { kinds: [], extensions: [], signers: {} });
    };
    const client = createFacilitatorClient({ url, headers: async () => ({ authorization: "Bearer t" }) });
    await client.supported();
    expect(seen).toBe("Bearer t");
  });
});
