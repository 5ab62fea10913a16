import { setTimeout as sleep } from "node:timers/promises";
import { mockUsdcAbi, x402BatchSettlerAbi, x402BatchSettlerBytecode } from "@x402kit/contracts";
import { startTestChain, type TestChain, watchBalances } from "@x402kit/testchain";
import type { Address, Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countAuthorizationUses } from "../src/countAuthorizationUses.js";
import { paidContentMarker } from "../src/paidRoutes.js";
import { sendPayment } from "../src/sendPayment.js";
import { type SignPaymentReturnType, signPayment } from "../src/signPayment.js";
import { type CrashStack, startCrashStack } from "../src/startCrashStack.js";

// Batch settlement (issue 5) through a crash: the CLI with `--batch-settler`, four payments in one batch, one of
// which cannot go through (its payer holds the price once and pays twice). The facilitator is SIGKILLed the moment
// the batch's `eth_sendRawTransaction` reaches the node (1 s blocks: the batch is still in the mempool), then
// restarted on the same store. Each payment must be reconciled from its own outcome in the batch: three delivered
// exactly once, the fourth never, and the chain must match the log of served requests.

let chain: TestChain;
let stack: CrashStack;
let settler: Address;
const poor = privateKeyToAccount(generatePrivateKey());

beforeAll(async () => {
  chain = await startTestChain({ buyers: 2, intervalMiningMs: 1_000 });
  settler = await chain.deploy({ abi: x402BatchSettlerAbi, bytecode: x402BatchSettlerBytecode });
  stack = await startCrashStack({
    chain,
    instanceId: "reliability-batch-kill-test",
    args: ["--batch-settler", settler, "--batch-max-wait-ms", "300"],
  });
  // Enough for one payment: both of its payments verify, only one can settle.
  await chain.mint(poor.address, BigInt(stack.offer.amount));
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await chain?.stop();
});

describe("faults: a batch settlement's facilitator SIGKILLed after broadcast and restarted", () => {
  let payments: SignPaymentReturnType[];
  let balances: Awaited<ReturnType<typeof watchBalances<"buyers" | "poor" | "seller">>>;
  let fromBlock: bigint;
  const uses = (payment: SignPaymentReturnType) =>
    countAuthorizationUses({
      chain,
      authorizer: payment.authorization.from,
      nonce: payment.authorization.nonce as Hex,
      fromBlock,
    });
  const price = () => BigInt(stack.offer.amount);

  it("killed after the batch's broadcast: no request gets content; the batch lands with three transfers", async () => {
    const [first, second] = chain.accounts.buyers;
    payments = await Promise.all(
      [first!.account, second!.account, poor, poor].map((account) =>
        signPayment({ account, requirements: stack.offer }),
      ),
    );
    fromBlock = await chain.publicClient.getBlockNumber();
    balances = await watchBalances(chain, {
      buyers: first!.address,
      poor: poor.address,
      seller: chain.accounts.seller.address,
    });
    stack.killOnNextBroadcast();
    const answers = await Promise.all(
      payments.map((payment) => sendPayment(`${stack.app.url}/cheap`, payment.header)),
    );
    expect(await stack.facilitator.exited).toBe("SIGKILL");
    for (const answer of answers) expect(answer.body).not.toContain(paidContentMarker);
    expect(stack.served.entries).toHaveLength(0);
    for (let i = 0; i < 50 && (await uses(payments[0]!)) === 0; i++) await sleep(100);
    const used = await Promise.all(payments.map(uses));
    expect(used.slice(0, 2)).toEqual([1, 1]);
    // The poor payer's two authorizations: exactly one went through.
    expect(used[2]! + used[3]!).toBe(1);
    // All in one transaction, sent to the batch settler.
    const transfers = await chain.publicClient.getContractEvents({
      address: chain.usdc.address,
      abi: mockUsdcAbi,
      eventName: "AuthorizationUsed",
      fromBlock,
    });
    expect(transfers).toHaveLength(3);
    const hashes = new Set(transfers.map((event) => event.transactionHash));
    expect(hashes.size).toBe(1);
    const batch = await chain.publicClient.getTransaction({ hash: [...hashes][0]! });
    expect(batch.to?.toLowerCase()).toBe(settler.toLowerCase());
  });

  it("restarted on the same store: each payment is reconciled from its own outcome in the batch", async () => {
    const facilitator = await stack.restart();
    const recovered = await facilitator.waitForLog("recovered unfinished settlements");
    expect(recovered).toMatchObject({ confirmed: 3, failed: 1, pending: 0 });
  }, 60_000);

  it("each payer presents the payment again: three delivered exactly once, the refused one never", async () => {
    const used = await Promise.all(payments.map(uses));
    for (const [index, payment] of payments.entries()) {
      const again = await sendPayment(`${stack.app.url}/cheap`, payment.header);
      if (used[index] === 1) {
        expect(again.status, `${again.reason} ${again.body.slice(0, 200)}`).toBe(200);
        expect(again.body).toContain(paidContentMarker);
      } else expect(again.status).toBe(402);
      const once = await sendPayment(`${stack.app.url}/cheap`, payment.header);
      expect(once.status).toBe(402);
    }
    expect(await Promise.all(payments.map(uses))).toEqual(used);
    expect(stack.served.entries).toHaveLength(3);
    expect(stack.served.total()).toBe(3n * price());
    expect(await balances.deltas()).toEqual({ buyers: -price(), poor: -price(), seller: 3n * price() });
  });
});
