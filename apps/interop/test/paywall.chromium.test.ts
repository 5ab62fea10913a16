import { createResourceServer } from "@x402kit/core";
import { exactEvmServer } from "@x402kit/evm";
import { renderPaywallPage } from "@x402kit/paywall";
import { handleWebRequest } from "@x402kit/server";
import { decodePaymentRequiredHeader, headerNames } from "@x402kit/types";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testPrice } from "../src/createPaidResourceServer.js";
import { injectTestWallet } from "../src/injectTestWallet.js";
import { launchChromium } from "../src/launchChromium.js";
import type { ListenReturnType } from "../src/listen.js";
import { serveFetch } from "../src/serveFetch.js";
import { type InteropStack, startInteropStack } from "../src/startInteropStack.js";
import { watchBuyerAndSeller } from "../src/watchBuyerAndSeller.js";

// The paywall page in real headless Chromium (Debian's `chromium`, driven by playwright-core), on a local chain: a
// person opens a priced article, the page finds the (test) wallet through EIP-6963, the wallet signs, the page pays
// and shows the article. A refused signature moves nothing; without a wallet the page shows the price.
// No Chromium is a failure with a clear message (launchChromium), never a skip.

let stack: InteropStack;
let browser: Browser;
let app: ListenReturnType;
const article =
  "<!doctype html><title>Article</title><h1 id=article>The paid article</h1><p>Worth every cent.</p>";

beforeAll(async () => {
  [stack, browser] = await Promise.all([startInteropStack(), launchChromium()]);
  const { chain } = stack;
  const server = createResourceServer({
    routes: {
      "GET /articles/*": {
        accepts: {
          scheme: "exact",
          network: chain.network,
          price: testPrice.usd,
          payTo: chain.accounts.seller.address,
        },
        description: "A paid article",
        mimeType: "text/html",
      },
    },
    schemes: [exactEvmServer({ assets: { [chain.network]: chain.usdc } })],
    facilitator: stack.facilitator,
    paywall: false,
  });
  // The browser's 402 gets the paywall page (the engine's own option takes it once the engine's seam lands).
  app = stack.defer(
    await serveFetch(async (request) => {
      const response = await handleWebRequest({
        request,
        server,
        handler: () => new Response(article, { headers: { "content-type": "text/html; charset=utf-8" } }),
      });
      const header = response.headers.get(headerNames.paymentRequired);
      if (response.status !== 402 || !header || !(request.headers.get("accept") ?? "").includes("text/html"))
        return response;
      return new Response(
        renderPaywallPage(decodePaymentRequiredHeader(header), { appName: "Example News" }),
        {
          status: 402,
          headers: { [headerNames.paymentRequired]: header, "content-type": "text/html; charset=utf-8" },
        },
      );
    }),
  );
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** A page with the test wallet (which signs, or refuses), and the buyer's and seller's balances watched. */
async function walletPage(refuse = false) {
  const { chain } = stack;
  const page = await browser.newPage();
  const wallet = await injectTestWallet({
    page,
    account: chain.accounts.buyer.account,
    chainId: chain.chainId,
    refuse: () => refuse,
  });
  return { page, wallet, balances: await watchBuyerAndSeller(chain) };
}

describe("the paywall page in Chromium", () => {
  it("finds the injected wallet, pays, and shows the article: balances move by exactly the price", async () => {
    const { page, wallet, balances } = await walletPage();
    const first = await page.goto(`${app.url}/articles/1`);
    expect(first?.status()).toBe(402);
    expect(await page.title()).toBe("Example News");
    await page.getByRole("button", { name: "Pay with Test Wallet" }).click();
    await page.locator("#article").waitFor({ timeout: 30_000 });
    expect(await page.locator("#article").textContent()).toBe("The paid article");
    expect(wallet.calls).toEqual(["eth_requestAccounts", "eth_chainId", "eth_signTypedData_v4"]);
    expect(await balances.deltas()).toEqual({ buyer: -testPrice.atomic, seller: testPrice.atomic });
    await page.close();
  });

  it("a refused signature shows an error and moves nothing", async () => {
    const { page, wallet, balances } = await walletPage(true);
    await page.goto(`${app.url}/articles/2`);
    await page.getByRole("button", { name: "Pay with Test Wallet" }).click();
    const status = page.locator('#x402-status[data-kind="error"]');
    await status.waitFor();
    expect(await status.textContent()).toBe("You refused to sign: nothing was paid.");
    expect(wallet.calls).toContain("eth_signTypedData_v4");
    expect(await page.locator("#article").count()).toBe(0);
    expect(await balances.deltas()).toEqual({ buyer: 0n, seller: 0n });
    await page.close();
  });

  it("without a wallet, shows the price and how to pay", async () => {
    const page = await browser.newPage();
    await page.goto(`${app.url}/articles/3`);
    await page.locator("#x402-status", { hasText: "No browser wallet was found" }).waitFor();
    expect(await page.locator("table").textContent()).toContain(String(testPrice.atomic));
    expect(await page.content()).toContain("PAYMENT-REQUIRED");
    expect(await page.getByRole("button").count()).toBe(0);
    await page.close();
  });

  it("the page is small: a few tens of kilobytes, script included", async () => {
    const response = await fetch(`${app.url}/articles/4`, { headers: { accept: "text/html" } });
    const size = (await response.arrayBuffer()).byteLength;
    expect(response.status).toBe(402);
    expect(size).toBeLessThan(40 * 1024);
  });
});
