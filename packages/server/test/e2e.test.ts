import { createResourceServer, type FacilitatorLike, requirementsFromV1 } from "@x402kit/core";
import { exactEvmClient, exactEvmFacilitator, exactEvmServer } from "@x402kit/evm";
import { createFacilitator } from "@x402kit/facilitator";
import { startTestChain, type TestChain } from "@x402kit/testchain";
import {
  decodePaymentRequiredHeader,
  decodePaymentResponseHeader,
  decodeXPaymentResponseHeader,
  encodePaymentSignatureHeader,
  encodeXPaymentHeader,
  paymentRequiredV1Schema,
} from "@x402kit/types";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StartTestApp, type TestApp, testPaths } from "./adapterSuite.js";
import { startExpressApp } from "./apps/expressApp.js";
import { startFastifyApp } from "./apps/fastifyApp.js";
import { startHonoApp } from "./apps/honoApp.js";
import { startNextApp } from "./apps/nextApp.js";

// Every adapter over the real chain: the exact EVM scheme, the x402kit facilitator (in process), MockUSDC on a local
// hardhat node. The buyer is a minimal client written here on the real exact-EVM client scheme, paying as v2
// (PAYMENT-SIGNATURE from the PAYMENT-REQUIRED header) and as v1 (X-PAYMENT from the 402's JSON body).
// @x402kit/client's wrapFetch and axios interceptor are run against these adapters in that package's and apps/'s
// end-to-end tests (a dev dependency on @x402kit/client here would make a package cycle).

const PRICE_ATOMIC = 10_000n; // $0.01 in 6-decimal USDC

const adapters: [string, StartTestApp][] = [
  ["express", startExpressApp],
  ["hono", startHonoApp],
  ["fastify", startFastifyApp],
  ["next", startNextApp],
];

let chain: TestChain;
let facilitator: FacilitatorLike;
const stops: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  chain = await startTestChain();
  stops.push(() => chain.stop());
  const created = createFacilitator({
    schemes: [
      exactEvmFacilitator({
        networks: {
          [chain.network]: {
            rpcUrl: chain.rpcUrl,
            signer: privateKeyToAccount(chain.accounts.facilitator.privateKey),
          },
        },
      }),
    ],
  });
  stops.push(() => created.close());
  facilitator = created;
});

afterAll(async () => {
  for (const stop of stops.reverse()) await stop().catch(() => {});
});

/** Asks for the resource, pays from the 402 in the chosen protocol version, and asks again. */
async function payAndFetch(url: string, version: 1 | 2, init: RequestInit = {}) {
  const scheme = exactEvmClient({ account: privateKeyToAccount(chain.accounts.buyer.privateKey) });
  const unpaid = await fetch(url, init);
  expect(unpaid.status).toBe(402);
  const headers = new Headers(init.headers);
  if (version === 2) {
    const required = decodePaymentRequiredHeader(unpaid.headers.get("payment-required")!);
    const accepted = required.accepts[0]!;
    const { payload } = await scheme.createPaymentPayload({ requirements: accepted });
    headers.set(
      "PAYMENT-SIGNATURE",
      encodePaymentSignatureHeader({ x402Version: 2, resource: required.resource, accepted, payload }),
    );
  } else {
    const required = paymentRequiredV1Schema.parse(await unpaid.json());
    const offered = required.accepts[0]!;
    const { payload } = await scheme.createPaymentPayload({ requirements: requirementsFromV1(offered) });
    headers.set(
      "X-PAYMENT",
      encodeXPaymentHeader({ x402Version: 1, scheme: offered.scheme, network: offered.network, payload }),
    );
  }
  return fetch(url, { ...init, headers });
}

const balances = async () => ({
  buyer: await chain.balanceOf(chain.usdc.address, chain.accounts.buyer.address),
  seller: await chain.balanceOf(chain.usdc.address, chain.accounts.seller.address),
});

describe.each(adapters)("%s adapter on a test chain", (_name, start) => {
  let app: TestApp;
  beforeAll(async () => {
    const server = createResourceServer({
      routes: {
        "/paid/*": {
          accepts: {
            scheme: "exact",
            network: chain.network,
            price: "$0.01",
            payTo: chain.accounts.seller.address,
          },
          description: "Paid test routes",
        },
      },
      schemes: [exactEvmServer({ assets: { [chain.network]: chain.usdc } })],
      facilitator,
    });
    app = await start(server);
  });
  afterAll(async () => {
    await app?.close();
  });

  it.each([2, 1] as const)(
    "a v%i client pays once, gets the body, and balances move exactly",
    async (version) => {
      const before = await balances();
      const response = await payAndFetch(`${app.url}${testPaths.ok}`, version);
      const body = await response.text();
      expect(response.status, body).toBe(200);
      expect(JSON.parse(body)).toEqual({ paid: true, payer: chain.accounts.buyer.address });
      const settlement =
        version === 2
          ? decodePaymentResponseHeader(response.headers.get("payment-response")!)
          : decodeXPaymentResponseHeader(response.headers.get("x-payment-response")!);
      expect(settlement).toMatchObject({ success: true });
      expect(settlement.transaction).toMatch(/^0x[0-9a-f]{64}$/);
      const after = await balances();
      expect(before.buyer - after.buyer).toBe(PRICE_ATOMIC);
      expect(after.seller - before.seller).toBe(PRICE_ATOMIC);
    },
  );

  it("charges nothing when the handler fails", async () => {
    const before = await balances();
    const response = await payAndFetch(`${app.url}${testPaths.fails}`, 2);
    expect(response.status).toBe(500);
    expect(response.headers.get("payment-response")).toBeNull();
    expect(await balances()).toEqual(before);
  });

  it("pays for a POST with a body", async () => {
    const before = await balances();
    const response = await payAndFetch(`${app.url}${testPaths.upload}`, 2, {
      method: "POST",
      body: "z".repeat(4096),
    });
    expect([response.status, await response.json()]).toEqual([200, { received: 4096 }]);
    expect(before.buyer - (await balances()).buyer).toBe(PRICE_ATOMIC);
  });
});
