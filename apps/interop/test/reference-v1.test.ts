import { caip2ToV1Network, headerNames } from "@x402kit/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeXPaymentResponse, type Signer, wrapFetchWithPayment } from "x402-fetch";
import {
  testContent as content,
  createPaidResourceServer,
  testPrice,
} from "../src/createPaidResourceServer.js";
import type { ListenReturnType } from "../src/listen.js";
import { type AdapterName, adapterNames, startAdapterApp } from "../src/startAdapterApp.js";
import { type InteropStack, startInteropStack } from "../src/startInteropStack.js";
import { watchBuyerAndSeller } from "../src/watchBuyerAndSeller.js";

// The reference v1 client, x402-fetch 1.2.0, pays x402kit's servers. It knows only named networks (spec v1
// §5.1.2), so the chain runs as Base Sepolia (chain id 84532, `base-sepolia` on the v1 wire), with MockUSDC as the
// priced asset. It reads the v1 message from the 402's JSON body, pays with `X-PAYMENT`, and x402kit's facilitator
// is asked in x402Version 1.

let stack: InteropStack;
const apps = new Map<AdapterName, ListenReturnType>();

beforeAll(async () => {
  stack = await startInteropStack({ chain: { chainId: 84532 } });
  for (const adapter of adapterNames)
    apps.set(
      adapter,
      stack.defer(
        await startAdapterApp({
          adapter,
          server: createPaidResourceServer({ chain: stack.chain, facilitator: stack.facilitator }),
          handlers: { "/paid/report": () => ({ body: content }) },
        }),
      ),
    );
});

afterAll(async () => {
  await stack?.stop();
});

describe("x402-fetch 1.2.0 (v1) pays x402kit's servers on base-sepolia", () => {
  it.each(adapterNames)("through the %s adapter", async (adapter) => {
    const { chain } = stack;
    expect(caip2ToV1Network(chain.network)).toBe("base-sepolia");
    const buyer = chain.accounts.buyer;
    const balances = await watchBuyerAndSeller(chain, buyer.address);
    const callsBefore = stack.facilitator.calls.length;
    const paidFetch = wrapFetchWithPayment(fetch, chain.walletClient(buyer) as unknown as Signer);

    const response = await paidFetch(`${apps.get(adapter)!.url}/paid/report`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(content);
    expect(response.headers.get(headerNames.paymentResponse)).toBeNull();
    const receipt = decodeXPaymentResponse(response.headers.get(headerNames.xPaymentResponse)!);
    expect(receipt).toMatchObject({ success: true, network: "base-sepolia", payer: buyer.address });
    const hash = receipt.transaction as `0x${string}`;
    expect((await chain.publicClient.getTransactionReceipt({ hash })).status).toBe("success");
    expect(stack.facilitator.describeCalls(callsBefore)).toEqual(["verify v1", "settle v1"]);
    expect(await balances.deltas()).toEqual({ buyer: -testPrice.atomic, seller: testPrice.atomic });
  });
});
