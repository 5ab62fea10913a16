import { caip2ToV1Network, decodeXPaymentResponseHeader } from "@x402kit/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBuyerClient } from "../src/createBuyerClient.js";
import { type ClientKind, clientKinds, createPaidGet } from "../src/createPaidGet.js";
import { createPaidResourceServer, testPrice } from "../src/createPaidResourceServer.js";
import type { ListenReturnType } from "../src/listen.js";
import { type AdapterName, adapterNames, startAdapterApp } from "../src/startAdapterApp.js";
import { type InteropStack, startInteropStack } from "../src/startInteropStack.js";
import { startV1OnlyProxy } from "../src/startV1OnlyProxy.js";
import { watchBuyerAndSeller } from "../src/watchBuyerAndSeller.js";

// Every x402kit server adapter x both x402kit clients x both protocol versions, paying MockUSDC on a local chain
// through x402kit's facilitator over HTTP.
//
// v1: x402kit's engine answers every 402 with the v2 `PAYMENT-REQUIRED` header AND the v1 message in the body
// (transports-v1/http.md), so a v2 client never picks v1 on its own. A v1 server is one whose 402 carries no v2
// header; `startV1OnlyProxy` removes that header and nothing else. The server's own v1 path then runs for real:
// the client sends `X-PAYMENT`, the engine decodes it, the facilitator is asked in x402Version 1 (asserted below)
// and the receipt comes back in `X-PAYMENT-RESPONSE` with the v1 network name.

type Served = { app: ListenReturnType; v1: ListenReturnType };

let stack: InteropStack;
const served = new Map<AdapterName, Served>();

beforeAll(async () => {
  stack = await startInteropStack();
  for (const adapter of adapterNames) {
    const app = stack.defer(
      await startAdapterApp({
        adapter,
        server: createPaidResourceServer({ chain: stack.chain, facilitator: stack.facilitator }),
        handlers: {
          "/paid/report": (payment) => ({ body: { adapter, report: "sunny", payer: payment?.payer } }),
        },
      }),
    );
    served.set(adapter, { app, v1: stack.defer(await startV1OnlyProxy({ target: app.url })) });
  }
});

afterAll(async () => {
  await stack?.stop();
});

const cases = clientKinds.flatMap((client) => ([2, 1] as const).map((version) => ({ client, version })));

describe.each(adapterNames)("the %s adapter", (adapter) => {
  it.each(cases)(
    "is paid by $client as a v$version client",
    async ({ client, version }: { client: ClientKind; version: 1 | 2 }) => {
      const { chain } = stack;
      const buyer = chain.accounts.buyer;
      const { app, v1 } = served.get(adapter)!;
      const get = createPaidGet(client, createBuyerClient({ account: buyer.account }));
      const balances = await watchBuyerAndSeller(chain, buyer.address);
      const callsBefore = stack.facilitator.calls.length;

      const response = await get(`${version === 2 ? app.url : v1.url}/paid/report`);

      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body).toEqual({ adapter, report: "sunny", payer: buyer.address });
      // getPaymentReceipt gives the network in CAIP-2 for both versions; the v1 header itself names it the v1 way.
      expect(response.receipt).toMatchObject({ success: true, network: chain.network, payer: buyer.address });
      const transaction = response.receipt!.transaction as `0x${string}`;
      expect(transaction).toMatch(/^0x[0-9a-f]{64}$/);
      expect((await chain.publicClient.getTransactionReceipt({ hash: transaction })).status).toBe("success");
      if (version === 2) expect(response.header("x-payment-response")).toBeUndefined();
      else {
        expect(response.header("payment-response")).toBeUndefined();
        expect(decodeXPaymentResponseHeader(response.header("x-payment-response")!)).toMatchObject({
          success: true,
          transaction,
          network: caip2ToV1Network(chain.network),
        });
      }
      expect(stack.facilitator.describeCalls(callsBefore)).toEqual([
        `verify v${version}`,
        `settle v${version}`,
      ]);
      expect(await balances.deltas()).toEqual({ buyer: -testPrice.atomic, seller: testPrice.atomic });
    },
  );
});
