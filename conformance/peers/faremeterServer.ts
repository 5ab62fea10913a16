// Adapter: Faremeter's Express middleware (@faremeter/middleware 0.22, from npm) as a resource server under test.
// Command: x402-conformance server --cmd "tsx peers/faremeterServer.ts"
// Env (from the suite): NETWORK, ASSET, ASSET_NAME, ASSET_VERSION, PAY_TO, PRICE, PRICE_EXPENSIVE, FACILITATOR_URL,
// PORT (on Solana, --family solana: no ASSET_NAME/VERSION). Routes: the suite's route contract (README). Faremeter's
// defaults, except that x402 v2 is switched on.
//
// The middleware's facilitator mode (`facilitatorURL` + `accepts`) first POSTs the accepts to the facilitator's
// `/accepts` route for enrichment: a Faremeter route, not one of the spec's. The suite's facilitator serves only the
// spec's routes, so this adapter puts a small loopback shim of our own in between: `POST /accepts` answers the
// accepts unchanged (they already carry everything the suite's route contract names), every other request is
// forwarded to FACILITATOR_URL as it is.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { createMiddleware } from "@faremeter/middleware/express";
import express from "express";
import { isMain, listenExpress } from "./listenExpress.js";

/** The string the suite looks for in a paid response (README: route contract). */
const content = { content: "x402-conformance-content" };

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

type Accept = { network: string; extra?: Record<string, unknown> };

/**
 * `extra.feePayer` for each Solana accept, from the facilitator's `GET /supported` (what a Faremeter facilitator's
 * `/accepts` adds; the suite's route contract leaves the fee payer to the facilitator).
 */
async function withFeePayers(facilitatorUrl: string, accepts: Accept[]): Promise<Accept[]> {
  if (!accepts.some((a) => a.network.startsWith("solana:"))) return accepts;
  const { kinds } = (await (await fetch(`${facilitatorUrl}/supported`)).json()) as {
    kinds: { network: string; extra?: { feePayer?: string } }[];
  };
  return accepts.map((a) => {
    const feePayer = kinds.find((k) => k.network === a.network && k.extra?.feePayer)?.extra?.feePayer;
    return feePayer ? { ...a, extra: { ...a.extra, feePayer } } : a;
  });
}

/**
 * `POST /accepts` echoes the accepts (with the fee payer on Solana); anything else goes to `facilitatorUrl`
 * unchanged.
 */
async function startAcceptsShim(facilitatorUrl: string) {
  const server = createServer(async (request, response) => {
    const body = await readBody(request);
    if (request.method === "POST" && request.url === "/accepts") {
      const accepts = await withFeePayers(
        facilitatorUrl,
        (JSON.parse(body) as { accepts: Accept[] }).accepts,
      );
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ x402Version: 2, resource: { url: "" }, accepts }));
      return;
    }
    const forwarded = await fetch(`${facilitatorUrl}${request.url}`, {
      method: request.method ?? "GET",
      headers: { "content-type": "application/json" },
      ...(request.method === "POST" ? { body } : {}),
    });
    response.writeHead(forwarded.status, { "content-type": "application/json" });
    response.end(await forwarded.text());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function startFaremeterServer(env: Record<string, string | undefined>) {
  const shim = await startAcceptsShim(env["FACILITATOR_URL"]!);
  const solana = env["NETWORK"]?.startsWith("solana:") ?? false;
  const gate = (amount: string) =>
    createMiddleware({
      facilitatorURL: shim.url,
      accepts: [
        {
          scheme: "exact",
          network: env["NETWORK"]!,
          maxAmountRequired: amount,
          asset: env["ASSET"]!,
          payTo: env["PAY_TO"]!,
          maxTimeoutSeconds: solana ? 60 : 300,
          mimeType: "application/json",
          // On Solana the fee payer is added by the shim's /accepts.
          extra: solana ? {} : { name: env["ASSET_NAME"]!, version: env["ASSET_VERSION"]! },
        },
      ],
      cacheConfig: { disable: true },
      // x402 v2 (PAYMENT-REQUIRED, PAYMENT-SIGNATURE) is opt-in in Faremeter (default: v1 only); v1 stays on.
      supportedVersions: { x402v1: true, x402v2: true },
    });
  const app = express();
  app.get("/paid", await gate(env["PRICE"]!), (_request, response) => {
    response.json(content);
  });
  app.get("/expensive", await gate(env["PRICE_EXPENSIVE"]!), (_request, response) => {
    response.json(content);
  });
  app.get("/error", await gate(env["PRICE"]!), (_request, response) => {
    response.status(500).json({ error: "the handler failed" });
  });
  const listening = await listenExpress(app, Number(env["PORT"] ?? 0));
  return {
    url: listening.url,
    stop: async () => {
      await listening.stop();
      await shim.close();
    },
  };
}

if (isMain(import.meta.url)) {
  const { url } = await startFaremeterServer(process.env);
  console.log(`Faremeter server listening on ${url}`);
}
