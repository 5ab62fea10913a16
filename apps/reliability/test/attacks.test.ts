import {
  mockSmartWalletAbi,
  mockSmartWalletBytecode,
  mockUsdcAbi,
  mockUsdcBytecode,
} from "@x402kit/contracts";
import type { TestChainToken } from "@x402kit/testchain";
import { watchBalances } from "@x402kit/testchain";
import type { PaymentRequirements } from "@x402kit/types";
import { getContractAddress, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServedLog } from "../src/createServedLog.js";
import type { ListenReturnType } from "../src/listen.js";
import { type PaidPath, paidContentMarker } from "../src/paidRoutes.js";
import { requestPaymentRequired } from "../src/requestPaymentRequired.js";
import { type PaidAnswer, sendPayment } from "../src/sendPayment.js";
import { type SignPaymentParameters, signPayment } from "../src/signPayment.js";
import { startPaidApp } from "../src/startPaidApp.js";
import { type ReliabilityStack, startReliabilityStack } from "../src/startReliabilityStack.js";
import { toHighS } from "../src/toHighS.js";

// Crafted attacks (issue 6), each on a real chain through a real server (hono) and x402kit's facilitator over
// HTTP: refused, no content, no balance change anywhere.

let stack: ReliabilityStack;
let app: ListenReturnType;
let tokenB: TestChainToken;
const served = createServedLog();
const attacker = privateKeyToAccount(generatePrivateKey());

beforeAll(async () => {
  stack = await startReliabilityStack();
  const { chain } = stack;
  // A second MockUSDC with the very same EIP-712 name and version: only its address tells it apart.
  const address = await chain.deploy({
    abi: mockUsdcAbi,
    bytecode: mockUsdcBytecode,
    args: ["USD Coin", "2"],
  });
  tokenB = { address, name: "USD Coin", version: "2", decimals: 6 };
  await chain.mint(chain.accounts.buyer.address, 1_000_000_000n, tokenB.address);
  app = stack.defer(
    await startPaidApp({ adapter: "hono", chain, facilitator: stack.facilitator, tokenB, servedLog: served }),
  );
});

afterAll(async () => {
  await stack?.stop();
});

const offerOf = async (path: PaidPath): Promise<PaymentRequirements> =>
  (await requestPaymentRequired(`${app.url}${path}`)).accepts[0]!;

type Attack = {
  path: PaidPath;
  /** Builds the header from the route's offer. */
  header: (offer: PaymentRequirements) => Promise<string>;
  /** The reason the answer must give. */
  reason: string;
};

/** Sends the attack and checks: 402 with the reason, no paid content, not logged as served, no balance moved. */
async function expectRefused(attack: Attack): Promise<PaidAnswer> {
  const { chain } = stack;
  const owners = {
    buyer: chain.accounts.buyer.address,
    seller: chain.accounts.seller.address,
    attacker: attacker.address,
  };
  const usdc = await watchBalances(chain, owners);
  const b = await watchBalances(chain, owners, tokenB.address);
  const servedBefore = served.entries.length;
  const answer = await sendPayment(
    `${app.url}${attack.path}`,
    await attack.header(await offerOf(attack.path)),
  );
  expect(answer.status, answer.body).toBe(402);
  expect(answer.reason).toBe(attack.reason);
  expect(answer.body).not.toContain(paidContentMarker);
  expect(served.entries.length).toBe(servedBefore);
  const zero = { buyer: 0n, seller: 0n, attacker: 0n };
  expect(await usdc.deltas()).toEqual(zero);
  expect(await b.deltas()).toEqual(zero);
  return answer;
}

const buyerSigns = (
  offer: PaymentRequirements,
  changes: Omit<SignPaymentParameters, "account" | "requirements"> = {},
) =>
  signPayment({ account: stack.chain.accounts.buyer.account, requirements: offer, ...changes }).then(
    (s) => s.header,
  );

describe("control", () => {
  it("an honest payment through the same stack is served and paid exactly once", async () => {
    const { chain } = stack;
    const balances = await watchBalances(chain, {
      buyer: chain.accounts.buyer.address,
      seller: chain.accounts.seller.address,
    });
    const answer = await sendPayment(`${app.url}/cheap`, await buyerSigns(await offerOf("/cheap")));
    expect(answer.status, answer.body).toBe(200);
    expect(answer.body).toContain(paidContentMarker);
    expect(await balances.deltas()).toEqual({ buyer: -1_000n, seller: 1_000n });
  });
});

describe("crafted attacks: refused, no content, no balance change", () => {
  it("a high-s (malleable) signature", async () => {
    await expectRefused({
      path: "/cheap",
      header: (offer) => buyerSigns(offer, { signature: toHighS }),
      reason: "invalid_exact_evm_payload_signature",
    });
  });

  it("a signature for another chain id", async () => {
    await expectRefused({
      path: "/cheap",
      header: (offer) => buyerSigns(offer, { domain: { chainId: 8453 } }),
      reason: "invalid_exact_evm_payload_signature",
    });
  });

  it("a signature for another verifying contract", async () => {
    await expectRefused({
      path: "/cheap",
      header: (offer) => buyerSigns(offer, { domain: { verifyingContract: tokenB.address } }),
      reason: "invalid_exact_evm_payload_signature",
    });
  });

  it("a payment for token A presented for token B (signed for A, accepted as B's offer)", async () => {
    await expectRefused({
      path: "/token-b",
      header: (offer) => buyerSigns(offer, { domain: { verifyingContract: stack.chain.usdc.address } }),
      reason: "invalid_exact_evm_payload_signature",
    });
  });

  it("a payment for token A presented for token B (A's offer as `accepted`)", async () => {
    const offerA = await offerOf("/cheap");
    await expectRefused({
      path: "/token-b",
      header: () => buyerSigns(offerA),
      reason: "payment_requirements_mismatch",
    });
  });

  it("a payment for the cheap route replayed on the expensive route (after it was served on the cheap one)", async () => {
    const header = await buyerSigns(await offerOf("/cheap"));
    const first = await sendPayment(`${app.url}/cheap`, header);
    expect(first.status, first.body).toBe(200);
    await expectRefused({
      path: "/expensive",
      header: async () => header,
      reason: "payment_requirements_mismatch",
    });
  });

  it("a cheap authorization claiming the expensive route's offer as `accepted`", async () => {
    const cheap = await offerOf("/cheap");
    await expectRefused({
      path: "/expensive",
      header: (expensive) => buyerSigns(cheap, { accepted: expensive }),
      reason: "invalid_exact_evm_payload_authorization_value_mismatch",
    });
  });

  it("a payment to another payTo", async () => {
    await expectRefused({
      path: "/cheap",
      header: (offer) => buyerSigns(offer, { authorization: { to: attacker.address } }),
      reason: "invalid_exact_evm_payload_recipient_mismatch",
    });
  });

  it("a validBefore far beyond maxTimeoutSeconds", async () => {
    await expectRefused({
      path: "/cheap",
      header: (offer) =>
        buyerSigns(offer, {
          authorization: { validBefore: BigInt(Math.floor(Date.now() / 1000) + 30 * 86_400) },
        }),
      reason: "invalid_exact_evm_payload_authorization_valid_before_too_far",
    });
  });

  const changedFields: [string, (offer: PaymentRequirements) => PaymentRequirements][] = [
    ["scheme", (o) => ({ ...o, scheme: "upto" })],
    ["network", (o) => ({ ...o, network: "eip155:8453" })],
    ["amount (one unit less)", (o) => ({ ...o, amount: (BigInt(o.amount) - 1n).toString() })],
    ["amount (one unit more)", (o) => ({ ...o, amount: (BigInt(o.amount) + 1n).toString() })],
    ["asset", (o) => ({ ...o, asset: tokenB.address })],
    ["payTo", (o) => ({ ...o, payTo: attacker.address })],
    ["maxTimeoutSeconds", (o) => ({ ...o, maxTimeoutSeconds: o.maxTimeoutSeconds + 1 })],
    ["extra.name", (o) => ({ ...o, extra: { ...o.extra, name: "USDC" } })],
    ["extra.version", (o) => ({ ...o, extra: { ...o.extra, version: "1" } })],
    ["extra (one key more)", (o) => ({ ...o, extra: { ...o.extra, assetTransferMethod: "eip3009" } })],
    ["extra (left out)", ({ extra: _, ...o }) => o],
  ];
  it.each(changedFields)(
    "`accepted` differs from the offer in one field: %s (signed for it)",
    async (_field, change) => {
      await expectRefused({
        path: "/cheap",
        // Signed for exactly what `accepted` says, so only the offer check can catch it.
        header: (offer) => buyerSigns(change(offer), { accepted: change(offer) }),
        reason: "payment_requirements_mismatch",
      });
    },
  );

  it("a smart-wallet signature from a wallet that has no code (65 bytes: the owner's ECDSA)", async () => {
    const { chain } = stack;
    const owner = chain.accounts.buyer.account;
    // Where a MockSmartWallet would be deployed next: no code there yet, but funded, so only the code is missing.
    const nonce = await chain.publicClient.getTransactionCount({ address: chain.accounts.deployer.address });
    const wallet = getContractAddress({
      from: chain.accounts.deployer.address,
      nonce: BigInt(nonce + 1_000),
    });
    await chain.mint(wallet, 1_000_000n);
    await expectRefused({
      path: "/cheap",
      header: (offer) => buyerSigns(offer, { authorization: { from: wallet } }),
      reason: "invalid_exact_evm_payload_signature",
    });
    expect(await chain.publicClient.getCode({ address: wallet })).toBeUndefined();
    expect(owner.address).not.toBe(wallet);
  });

  it("a smart-wallet signature from a wallet that has no code (longer than 65 bytes)", async () => {
    const { chain } = stack;
    const nonce = await chain.publicClient.getTransactionCount({ address: chain.accounts.deployer.address });
    const wallet = getContractAddress({
      from: chain.accounts.deployer.address,
      nonce: BigInt(nonce + 1_001),
    });
    await chain.mint(wallet, 1_000_000n);
    await expectRefused({
      path: "/cheap",
      header: (offer) =>
        buyerSigns(offer, {
          authorization: { from: wallet },
          signature: (signature) => `${signature}${"00".repeat(32)}` as Hex,
        }),
      reason: "invalid_exact_evm_payload_smart_wallet_not_deployed",
    });
  });

  it("control: the same smart wallet, once deployed and funded, pays (EIP-1271)", async () => {
    const { chain } = stack;
    const owner = chain.accounts.buyer.account;
    const wallet = await chain.deploy({
      abi: mockSmartWalletAbi,
      bytecode: mockSmartWalletBytecode,
      args: [owner.address],
    });
    await chain.mint(wallet, 1_000_000n);
    const balances = await watchBalances(chain, { wallet, seller: chain.accounts.seller.address });
    const answer = await sendPayment(
      `${app.url}/cheap`,
      await buyerSigns(await offerOf("/cheap"), { authorization: { from: wallet } }),
    );
    expect(answer.status, answer.body).toBe(200);
    expect(await balances.deltas()).toEqual({ wallet: -1_000n, seller: 1_000n });
  });
});
