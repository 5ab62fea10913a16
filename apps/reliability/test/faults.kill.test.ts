import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createFacilitatorClient } from "@x402kit/core";
import {
  startTestChain,
  type TestChain,
  type WatchBalancesReturnType,
  watchBalances,
} from "@x402kit/testchain";
import type { PaymentRequirements } from "@x402kit/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countAuthorizationUses } from "../src/countAuthorizationUses.js";
import { createServedLog } from "../src/createServedLog.js";
import type { ListenReturnType } from "../src/listen.js";
import { paidContentMarker } from "../src/paidRoutes.js";
import { requestPaymentRequired } from "../src/requestPaymentRequired.js";
import { sendPayment } from "../src/sendPayment.js";
import { type SignPaymentReturnType, signPayment } from "../src/signPayment.js";
import { type FacilitatorProcess, startFacilitatorProcess } from "../src/startFacilitatorProcess.js";
import { type FaultProxy, startFaultProxy } from "../src/startFaultProxy.js";
import { startPaidApp } from "../src/startPaidApp.js";

// The facilitator killed in the middle of a settlement (issue 6): the CLI (`x402kit-facilitator --store sqlite:…`)
// as a child process, SIGKILLed the moment its `eth_sendRawTransaction` has reached the node (1 s blocks, so the
// transaction is still in the mempool), then restarted on the same store. The settlement is reconciled from the
// chain at start-up, and the payer, presenting the same payment again, gets the content exactly once.

let chain: TestChain;
let rpcProxy: FaultProxy;
let facilitator: FacilitatorProcess;
let app: ListenReturnType;
let offer: PaymentRequirements;
let killOnBroadcast = false;
const directory = mkdtempSync(join(tmpdir(), "x402kit-reliability-"));
const served = createServedLog();

const startFacilitator = (port?: number) =>
  startFacilitatorProcess({
    rpcUrl: rpcProxy.url,
    privateKey: chain.accounts.facilitator.privateKey,
    store: `sqlite:${join(directory, "facilitator.db")}`,
    instanceId: "reliability-kill-test",
    port,
  });

beforeAll(async () => {
  chain = await startTestChain({ intervalMiningMs: 1_000 });
  rpcProxy = await startFaultProxy({
    target: chain.rpcUrl,
    onForwarded: (call) => {
      if (!killOnBroadcast || !call.rpcMethods.includes("eth_sendRawTransaction")) return;
      killOnBroadcast = false;
      void facilitator.kill();
    },
  });
  facilitator = await startFacilitator();
  // The resource server reaches the facilitator by its URL: the restarted one listens on the same port.
  const client = createFacilitatorClient({
    url: facilitator.url,
    timeoutMs: 5_000,
    settleTimeoutMs: 20_000,
    retries: 0,
  });
  app = await startPaidApp({ adapter: "express", chain, facilitator: client, servedLog: served });
  offer = (await requestPaymentRequired(`${app.url}/cheap`)).accepts[0]!;
}, 120_000);

afterAll(async () => {
  await app?.close();
  await facilitator?.stop();
  await rpcProxy?.close();
  await chain?.stop();
  rmSync(directory, { recursive: true, force: true });
});

describe("faults: the facilitator CLI SIGKILLed mid-settlement and restarted", () => {
  let signed: SignPaymentReturnType;
  let balances: WatchBalancesReturnType<"buyer" | "seller">;
  let fromBlock: bigint;
  const uses = () =>
    countAuthorizationUses({
      chain,
      authorizer: chain.accounts.buyer.address,
      nonce: signed.authorization.nonce,
      fromBlock,
    });

  it("killed after broadcast: the request gets a 502 without content; the transfer lands anyway", async () => {
    signed = await signPayment({ account: chain.accounts.buyer.account, requirements: offer });
    fromBlock = await chain.publicClient.getBlockNumber();
    balances = await watchBalances(chain, {
      buyer: chain.accounts.buyer.address,
      seller: chain.accounts.seller.address,
    });
    killOnBroadcast = true;
    const answer = await sendPayment(`${app.url}/cheap`, signed.header);
    expect(await facilitator.exited).toBe("SIGKILL");
    expect(answer.status).toBe(502);
    expect(answer.body).not.toContain(paidContentMarker);
    expect(served.entries).toHaveLength(0);
    // The transaction was in the node's mempool: the next block carries it.
    for (let i = 0; i < 50 && (await uses()) === 0; i++) await sleep(100);
    expect(await uses()).toBe(1);
  });

  it("restarted on the same store: the unfinished settlement is reconciled from the chain", async () => {
    facilitator = await startFacilitator(facilitator.port);
    const recovered = await facilitator.waitForLog("recovered unfinished settlements");
    expect(recovered).toMatchObject({ confirmed: 1, failed: 0, pending: 0 });
  }, 60_000);

  it("the payer presents the same payment again: delivered exactly once, no second transfer", async () => {
    const again = await sendPayment(`${app.url}/cheap`, signed.header);
    expect(again.status, `${again.reason} ${again.body.slice(0, 200)}`).toBe(200);
    expect(again.body).toContain(paidContentMarker);
    const once = await sendPayment(`${app.url}/cheap`, signed.header);
    expect(once.status).toBe(402);
    expect(await uses()).toBe(1);
    // The served-request log matches the chain to the unit.
    expect(served.total()).toBe(BigInt(offer.amount));
    expect(await balances.deltas()).toEqual({ buyer: -BigInt(offer.amount), seller: BigInt(offer.amount) });
  });

  it("the restarted facilitator settles new payments (its transaction nonces survived the kill)", async () => {
    const fresh = await signPayment({ account: chain.accounts.buyer.account, requirements: offer });
    const answer = await sendPayment(`${app.url}/cheap`, fresh.header);
    expect(answer.status, `${answer.reason} ${answer.body.slice(0, 200)}`).toBe(200);
    expect(served.entries).toHaveLength(2);
  });
});
