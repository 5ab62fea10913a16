import {
  createMemoryStore,
  createResourceServer,
  createSignInWithXHeader,
  type FacilitatorLike,
  requirementsFromV1,
  signInWithXAccess,
} from "@x402kit/core";
import { evmSignInSigner, evmSignInVerifier, exactEvmClient, exactEvmServer } from "@x402kit/evm";
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
import { chainFacilitator } from "./chainFacilitator.js";

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
  const created = chainFacilitator(chain);
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

// Dynamic prices and hooks through every adapter: a storage upload priced by its size (Content-Length, 1 atomic
// unit a byte), an API priced by its query (`rows` times 1000 units), and a hook that grants an API key and denies
// another; the balances move by exactly the computed price.
describe.each(adapters)("%s adapter: dynamic prices and hooks", (_name, start) => {
  let app: TestApp;
  const settled: string[] = [];
  beforeAll(async () => {
    const atomic = (units: bigint) => ({
      amount: String(units),
      asset: chain.usdc.address,
      extra: { name: chain.usdc.name, version: chain.usdc.version },
    });
    const server = createResourceServer({
      routes: {
        [`POST ${testPaths.upload}`]: {
          accepts: {
            scheme: "exact",
            network: chain.network,
            price: (context) =>
              atomic(
                BigInt(context.transport === "http" ? (context.request.header("content-length") ?? 0) : 0),
              ),
            payTo: chain.accounts.seller.address,
          },
        },
        [`GET ${testPaths.ok}`]: {
          accepts: {
            scheme: "exact",
            network: chain.network,
            price: (context) =>
              atomic(1000n * BigInt(new URL(context.url, "http://x").searchParams.get("rows") ?? 1)),
            payTo: chain.accounts.seller.address,
          },
        },
      },
      schemes: [exactEvmServer({ assets: { [chain.network]: chain.usdc } })],
      facilitator,
      hooks: {
        beforeRequest: ({ context }) => {
          const key = context.transport === "http" ? context.request.header("x-api-key") : undefined;
          if (key === "member") return { type: "grant" };
          if (key === "banned") return { type: "deny", reason: "banned", message: "Banned." };
          return undefined;
        },
        afterSettle: ({ context, settlement }) => {
          settled.push(`${context.resource} ${settlement.success}`);
        },
      },
    });
    app = await start(server);
  });
  afterAll(async () => {
    await app?.close();
  });

  it("prices an upload by its size and a query by its rows, and charges exactly that", async () => {
    const before = await balances();
    const upload = await payAndFetch(`${app.url}${testPaths.upload}`, 2, {
      method: "POST",
      body: "z".repeat(2345),
    });
    expect([upload.status, await upload.json()]).toEqual([200, { received: 2345 }]);
    const mid = await balances();
    expect([before.buyer - mid.buyer, mid.seller - before.seller]).toEqual([2345n, 2345n]);
    const query = await payAndFetch(`${app.url}${testPaths.ok}?rows=3`, 2);
    expect(query.status).toBe(200);
    const after = await balances();
    expect(mid.buyer - after.buyer).toBe(3000n);
    expect(settled.splice(0)).toEqual([`POST ${testPaths.upload} true`, `GET ${testPaths.ok} true`]);
  });

  it("refuses a payment quoted for another request (a small upload's quote on a large one)", async () => {
    const small = await fetch(`${app.url}${testPaths.upload}`, { method: "POST", body: "z" });
    const required = decodePaymentRequiredHeader(small.headers.get("payment-required")!);
    expect(required.accepts[0]!.amount).toBe("1");
    const scheme = exactEvmClient({ account: privateKeyToAccount(chain.accounts.buyer.privateKey) });
    const accepted = required.accepts[0]!;
    const { payload } = await scheme.createPaymentPayload({ requirements: accepted });
    const before = await balances();
    const large = await fetch(`${app.url}${testPaths.upload}`, {
      method: "POST",
      body: "z".repeat(5000),
      headers: {
        "PAYMENT-SIGNATURE": encodePaymentSignatureHeader({
          x402Version: 2,
          resource: required.resource,
          accepted,
          payload,
        }),
      },
    });
    expect(large.status).toBe(402);
    const again = decodePaymentRequiredHeader(large.headers.get("payment-required")!);
    expect([again.error, again.accepts[0]!.amount]).toEqual(["payment_requirements_mismatch", "5000"]);
    expect(await balances()).toEqual(before);
  });

  it("a hook grants an API key without payment and denies another; nothing moves", async () => {
    const before = await balances();
    const granted = await fetch(`${app.url}${testPaths.ok}?rows=50`, { headers: { "x-api-key": "member" } });
    expect([granted.status, granted.headers.get("payment-response")]).toEqual([200, null]);
    expect(await granted.json()).toEqual({ paid: true });
    const denied = await fetch(`${app.url}${testPaths.ok}`, { headers: { "x-api-key": "banned" } });
    expect([denied.status, await denied.json()]).toEqual([403, { error: "banned", message: "Banned." }]);
    expect(await balances()).toEqual(before);
  });
});

// Sign-in-with-x on a real chain and real HTTP (express): a payment entitles its payer; the payer comes back signed
// in and is served without a second payment; a replayed, foreign or stranger's proof gets no content.
describe("sign-in-with-x access (express)", () => {
  let app: TestApp;
  beforeAll(async () => {
    const access = signInWithXAccess({
      chains: [{ chainId: chain.network, type: "eip191" }],
      verifiers: [evmSignInVerifier({ clients: { [chain.network]: chain.publicClient } })],
      store: createMemoryStore(),
    });
    const server = createResourceServer({
      routes: {
        "/paid/*": {
          accepts: {
            scheme: "exact",
            network: chain.network,
            price: "$0.01",
            payTo: chain.accounts.seller.address,
          },
          extensions: access.extensions,
        },
      },
      schemes: [exactEvmServer({ assets: { [chain.network]: chain.usdc } })],
      facilitator,
      hooks: access.hooks,
    });
    app = await startExpressApp(server);
  });
  afterAll(async () => {
    await app?.close();
  });

  /** Asks without payment and signs the 402's challenge as `account`. */
  async function signedIn(url: string, account = chain.accounts.buyer.account) {
    const unpaid = await fetch(url);
    expect(unpaid.status).toBe(402);
    const required = decodePaymentRequiredHeader(unpaid.headers.get("payment-required")!);
    const signed = await createSignInWithXHeader({
      extension: required.extensions?.["sign-in-with-x"],
      requestUrl: url,
      signers: [evmSignInSigner({ account })],
    });
    if (!signed.ok) throw new Error(signed.message);
    return signed.header;
  }

  it("pays once, then comes back signed in: served without a second payment; no replay, no stranger", async () => {
    const url = `${app.url}${testPaths.ok}`;
    const before = await balances();
    expect((await payAndFetch(url, 2)).status).toBe(200);
    const paid = await balances();
    expect(before.buyer - paid.buyer).toBe(PRICE_ATOMIC);

    const header = await signedIn(url);
    const again = await fetch(url, { headers: { "SIGN-IN-WITH-X": header } });
    expect([again.status, again.headers.get("payment-response")]).toEqual([200, null]);
    expect(await again.json()).toEqual({ paid: true });
    // The same proof again is a replay.
    const replay = await fetch(url, { headers: { "SIGN-IN-WITH-X": header } });
    expect([replay.status, (await replay.json()).error]).toEqual([401, "invalid_siwx_nonce_used"]);
    // Another path was not paid for, and another address never paid: both go on to payment.
    const other = `${app.url}${testPaths.slow}`;
    expect((await fetch(other, { headers: { "SIGN-IN-WITH-X": await signedIn(other) } })).status).toBe(402);
    const stranger = await signedIn(url, chain.accounts.buyers[1]!.account);
    expect((await fetch(url, { headers: { "SIGN-IN-WITH-X": stranger } })).status).toBe(402);
    // A proof for another host is refused.
    const foreign = await fetch(url.replace("127.0.0.1", "localhost"), {
      headers: { "SIGN-IN-WITH-X": await signedIn(url) },
    });
    expect([foreign.status, (await foreign.json()).error]).toEqual([401, "invalid_siwx_domain_mismatch"]);
    const garbage = await fetch(url, { headers: { "SIGN-IN-WITH-X": "%%%" } });
    expect([garbage.status, (await garbage.json()).error]).toEqual([401, "invalid_siwx_header"]);
    expect(await balances()).toEqual(paid);
  });
});
