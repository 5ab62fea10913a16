import { setTimeout as sleep } from "node:timers/promises";
import {
  startTestChain,
  type TestChain,
  type WatchBalancesReturnType,
  watchBalances,
} from "@x402kit/testchain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countAuthorizationUses } from "../src/countAuthorizationUses.js";
import { paidContentMarker } from "../src/paidRoutes.js";
import { sendPayment } from "../src/sendPayment.js";
import { type SignPaymentReturnType, signPayment } from "../src/signPayment.js";
import { type CrashStack, startCrashStack } from "../src/startCrashStack.js";

// The facilitator killed in the middle of a settlement (issue 6): the CLI (`x402kit-facilitator --store sqlite:…`)
// as a child process, SIGKILLed the moment its `eth_sendRawTransaction` has reached the node (1 s blocks, so the
// transaction is still in the mempool), then restarted on the same store. The settlement is reconciled from the
// chain at start-up, and the payer, presenting the same payment again, gets the content exactly once.

let chain: TestChain;
let stack: CrashStack;

beforeAll(async () => {
  chain = await startTestChain({ intervalMiningMs: 1_000 });
  stack = await startCrashStack({ chain, instanceId: "reliability-kill-test" });
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await chain?.stop();
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
    signed = await signPayment({ account: chain.accounts.buyer.account, requirements: stack.offer });
    fromBlock = await chain.publicClient.getBlockNumber();
    balances = await watchBalances(chain, {
      buyer: chain.accounts.buyer.address,
      seller: chain.accounts.seller.address,
    });
    stack.killOnNextBroadcast();
    const answer = await sendPayment(`${stack.app.url}/cheap`, signed.header);
    expect(await stack.facilitator.exited).toBe("SIGKILL");
    expect(answer.status).toBe(502);
    expect(answer.body).not.toContain(paidContentMarker);
    expect(stack.served.entries).toHaveLength(0);
    // The transaction was in the node's mempool: the next block carries it.
    for (let i = 0; i < 50 && (await uses()) === 0; i++) await sleep(100);
    expect(await uses()).toBe(1);
  });

  it("restarted on the same store: the unfinished settlement is reconciled from the chain", async () => {
    const facilitator = await stack.restart();
    const recovered = await facilitator.waitForLog("recovered unfinished settlements");
    expect(recovered).toMatchObject({ confirmed: 1, failed: 0, pending: 0 });
  }, 60_000);

  it("the payer presents the same payment again: delivered exactly once, no second transfer", async () => {
    const again = await sendPayment(`${stack.app.url}/cheap`, signed.header);
    expect(again.status, `${again.reason} ${again.body.slice(0, 200)}`).toBe(200);
    expect(again.body).toContain(paidContentMarker);
    const once = await sendPayment(`${stack.app.url}/cheap`, signed.header);
    expect(once.status).toBe(402);
    expect(await uses()).toBe(1);
    // The served-request log matches the chain to the unit.
    expect(stack.served.total()).toBe(BigInt(stack.offer.amount));
    expect(await balances.deltas()).toEqual({
      buyer: -BigInt(stack.offer.amount),
      seller: BigInt(stack.offer.amount),
    });
  });

  it("the restarted facilitator settles new payments (its transaction nonces survived the kill)", async () => {
    const fresh = await signPayment({ account: chain.accounts.buyer.account, requirements: stack.offer });
    const answer = await sendPayment(`${stack.app.url}/cheap`, fresh.header);
    expect(answer.status, `${answer.reason} ${answer.body.slice(0, 200)}`).toBe(200);
    expect(stack.served.entries).toHaveLength(2);
  });
});
