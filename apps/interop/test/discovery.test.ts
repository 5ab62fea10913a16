import { HTTPFacilitatorClient } from "@x402/core/server";
import {
  bazaarResourceServerExtension,
  declareDiscoveryExtension,
  extractDiscoveryInfo,
  validateDiscoveryExtensionSpec,
  withBazaar,
} from "@x402/extensions/bazaar";
import { listDiscoveryResources, searchDiscoveryResources } from "@x402kit/client";
import { createResourceServer, declareDiscovery, declareMcpDiscovery } from "@x402kit/core";
import { exactEvmServer } from "@x402kit/evm";
import type { PaymentPayload } from "@x402kit/types";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createBuyerClient } from "../src/createBuyerClient.js";
import { createPaidGet } from "../src/createPaidGet.js";
import { testContent as content, testPrice } from "../src/createPaidResourceServer.js";
import type { ListenReturnType } from "../src/listen.js";
import { requestPaymentRequired } from "../src/requestPaymentRequired.js";
import { startAdapterApp } from "../src/startAdapterApp.js";
import { type InteropStack, startInteropStack } from "../src/startInteropStack.js";
import { startReferenceExpressServer } from "../src/startReferenceExpressServer.js";
import { watchBuyerAndSeller } from "../src/watchBuyerAndSeller.js";

// The bazaar extension end to end on a local chain: a server declares a route, a client pays for it, x402kit's
// facilitator catalogs it when it settles, and the discovery API lists it. Both directions with the reference
// (@x402/extensions 2.27.0): its server's declaration catalogued by x402kit, and x402kit's declaration read by its
// client helpers and its facilitator-side validator.

let stack: InteropStack;
let ours: ListenReturnType;
let reference: ListenReturnType;

const forecast = z.object({ city: z.string(), celsius: z.number() });
const declared = declareDiscovery({
  method: "GET",
  input: { query: z.object({ city: z.string() }), example: { city: "Paris" } },
  output: { schema: forecast, example: { city: "Paris", celsius: 21 } },
});

beforeAll(async () => {
  stack = await startInteropStack();
  const { chain } = stack;
  const server = createResourceServer({
    routes: {
      "GET /paid/forecast": {
        accepts: {
          scheme: "exact",
          network: chain.network,
          price: testPrice.usd,
          payTo: chain.accounts.seller.address,
        },
        description: "City forecast",
        mimeType: "application/json",
        extensions: declared,
      },
    },
    schemes: [exactEvmServer({ assets: { [chain.network]: chain.usdc } })],
    facilitator: stack.facilitator,
  });
  ours = stack.defer(
    await startAdapterApp({
      adapter: "express",
      server,
      handlers: { "/paid/forecast": () => ({ body: { city: "Paris", celsius: 21 } }) },
    }),
  );
  reference = stack.defer(
    await startReferenceExpressServer({
      chain,
      facilitatorUrl: stack.facilitatorUrl,
      body: content,
      extensions: declareDiscoveryExtension({
        input: { format: "pdf" },
        inputSchema: { properties: { format: { type: "string" } }, required: ["format"] },
        output: { example: content },
      }),
      serverExtensions: [bazaarResourceServerExtension],
    }),
  );
});

afterAll(async () => {
  await stack?.stop();
});

describe("bazaar with x402kit on both sides", () => {
  it("a paid request catalogs the route: the receipt says so, balances move by the price, the list finds it", async () => {
    const { chain } = stack;
    const balances = await watchBuyerAndSeller(chain);
    const get = createPaidGet("wrapFetch", createBuyerClient({ account: chain.accounts.buyer.account }));
    const response = await get(`${ours.url}/paid/forecast?city=Paris`);
    expect(response.status).toBe(200);
    expect(response.receipt).toMatchObject({ success: true, extensions: { bazaar: { status: "success" } } });
    expect(await balances.deltas()).toEqual({ buyer: -testPrice.atomic, seller: testPrice.atomic });

    const listed = await listDiscoveryResources({ facilitatorUrl: stack.facilitatorUrl, type: "http" });
    const item = listed.items.find((entry) => entry.resource === `${ours.url}/paid/forecast`);
    expect(item).toMatchObject({
      type: "http",
      x402Version: 2,
      description: "City forecast",
      accepts: [
        { scheme: "exact", network: chain.network, amount: "10000", payTo: chain.accounts.seller.address },
      ],
      extensions: { bazaar: { info: declared.bazaar.info } },
    });
    const found = await searchDiscoveryResources({
      facilitatorUrl: stack.facilitatorUrl,
      query: "forecast city",
    });
    expect(found.resources.map((entry) => entry.resource)).toEqual([`${ours.url}/paid/forecast`]);
    // A filter that matches nothing, and a bad query refused by the facilitator with its reason.
    expect(
      (await listDiscoveryResources({ facilitatorUrl: stack.facilitatorUrl, network: "eip155:1" })).items,
    ).toEqual([]);
    await expect(
      listDiscoveryResources({ facilitatorUrl: stack.facilitatorUrl, limit: 500 }),
    ).rejects.toMatchObject({
      code: "discovery_refused",
      status: 400,
      message: expect.stringMatching(/`limit` must be at most 100/),
    });
  });
});

describe("bazaar with the reference @x402/extensions 2.27.0", () => {
  it("the reference server's declaration (enriched with its method) is catalogued by x402kit's facilitator", async () => {
    const { chain } = stack;
    const get = createPaidGet("wrapFetch", createBuyerClient({ account: chain.accounts.buyer.account }));
    // The reference server logs the facilitator's EXTENSION-RESPONSES header on stdout; keep the output clean.
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const response = await get(`${reference.url}/paid/report`).finally(() => log.mockRestore());
    expect(response.status).toBe(200);
    const listed = await listDiscoveryResources({ facilitatorUrl: stack.facilitatorUrl });
    expect(listed.items.find((entry) => entry.resource === `${reference.url}/paid/report`)).toMatchObject({
      type: "http",
      description: "Interop test resource",
      extensions: {
        bazaar: { info: { input: { type: "http", method: "GET", queryParams: { format: "pdf" } } } },
      },
    });
  });

  it("the reference's withBazaar client lists and searches x402kit's catalog", async () => {
    const client = withBazaar(new HTTPFacilitatorClient({ url: stack.facilitatorUrl }));
    const listed = await client.extensions.bazaar.listResources({ type: "http", limit: 10 });
    expect(listed.pagination).toMatchObject({ limit: 10, offset: 0 });
    expect(listed.items.map((item) => item.resource)).toEqual(
      expect.arrayContaining([`${ours.url}/paid/forecast`, `${reference.url}/paid/report`]),
    );
    const searched = await client.extensions.bazaar.search({ query: "forecast" });
    expect(searched.resources.map((item) => item.resource)).toEqual([`${ours.url}/paid/forecast`]);
  });

  it("the reference's facilitator-side extractor accepts x402kit's declaration as x402kit's client echoes it", async () => {
    const { chain } = stack;
    const required = await requestPaymentRequired(`${ours.url}/paid/forecast`);
    const payment = await createBuyerClient({ account: chain.accounts.buyer.account }).createPayment(
      required,
    );
    const payload = payment.paymentPayload as PaymentPayload;
    expect(payload.extensions?.bazaar).toEqual(declared.bazaar);
    // extractDiscoveryInfo validates info against schema with its own JSON Schema validator (ajv).
    const discovered = extractDiscoveryInfo(payload as never, payment.requirements as never);
    expect(discovered).toMatchObject({
      resourceUrl: `${ours.url}/paid/forecast`,
      method: "GET",
      discoveryInfo: declared.bazaar.info,
    });
    // An MCP tool declaration passes the reference's spec-level check (it requires `toolName`).
    const tool = declareMcpDiscovery({
      tool: "stock_quote",
      inputSchema: z.object({ ticker: z.string() }),
    }).bazaar;
    expect(validateDiscoveryExtensionSpec(tool)).toEqual({ valid: true });
  });
});
