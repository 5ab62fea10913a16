import {
  type Address,
  decodeErrorResult,
  getAddress,
  type Hex,
  type LocalAccount,
  parseSignature,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  mockUsdcAbi,
  mockUsdcBytecode,
  x402BatchSettlerAbi,
  x402BatchSettlerBytecode,
} from "../src/index.js";
import { type ConnectChainReturnType, connectChain } from "./utils/connectChain.js";
import { signAuthorization } from "./utils/signAuthorization.js";

// Accounts: 0 deployer, 1 buyer, 2 seller, 3 facilitator.
let chain: ConnectChainReturnType;
let usdc: { address: Address; name: string; version: string };
let settler: Address;
let buyer: LocalAccount;
let seller: Address;
let facilitator: ConnectChainReturnType["accounts"][number];

type Signed = Awaited<ReturnType<typeof signAuthorization>>;

beforeAll(async () => {
  chain = await connectChain();
  [, buyer, , facilitator] = chain.accounts as [LocalAccount, LocalAccount, LocalAccount, typeof facilitator];
  seller = chain.accounts[2]!.address;
  const address = await chain.deploy(chain.accounts[0]!, mockUsdcAbi, mockUsdcBytecode, ["USD Coin", "2"]);
  usdc = { address: getAddress(address), name: "USD Coin", version: "2" };
  settler = await chain.deploy(chain.accounts[0]!, x402BatchSettlerAbi, x402BatchSettlerBytecode, []);
  // the seller already holds funds: every payment is a nonzero -> nonzero balance write, as in production
  await mint(buyer.address, 1_000_000_000n);
  await mint(seller, 1n);
});

afterAll(async () => {
  await chain?.close();
});

async function mint(to: Address, amount: bigint) {
  const hash = await chain.walletClient(chain.accounts[0]!).writeContract({
    address: usdc.address,
    abi: mockUsdcAbi,
    functionName: "mint",
    args: [to, amount],
  });
  await chain.publicClient.waitForTransactionReceipt({ hash });
}

const balanceOf = (owner: Address) =>
  chain.publicClient.readContract({
    address: usdc.address,
    abi: mockUsdcAbi,
    functionName: "balanceOf",
    args: [owner],
  });

const now = async () => (await chain.publicClient.getBlock()).timestamp;

async function authorize(signer: LocalAccount, value: bigint, validBefore?: bigint): Promise<Signed> {
  const t = await now();
  return signAuthorization({
    signer,
    token: usdc,
    message: {
      from: signer.address,
      to: seller,
      value,
      validAfter: t - 600n,
      validBefore: validBefore ?? t + 600n,
    },
  });
}

function toItem({ message, signature }: Signed) {
  const { v, r, s } = parseSignature(signature);
  return { token: usdc.address, ...message, v: Number(v), r, s };
}

/** Sends `settle(items)` from the facilitator; returns the receipt and the `ok` flags (simulated first). */
async function settle(auths: Signed[]) {
  const items = auths.map(toItem);
  const { result, request } = await chain.publicClient.simulateContract({
    account: facilitator,
    address: settler,
    abi: x402BatchSettlerAbi,
    functionName: "settle",
    args: [items],
  });
  const hash = await chain.walletClient(facilitator).writeContract(request);
  const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
  expect(receipt.status).toBe("success");
  return { ok: result, receipt };
}

/** Gas of one plain `transferWithAuthorization` transaction (v,r,s), sent by the facilitator. */
async function settleOne(auth: Signed): Promise<bigint> {
  const { message, signature } = auth;
  const { v, r, s } = parseSignature(signature);
  const hash = await chain.walletClient(facilitator).writeContract({
    address: usdc.address,
    abi: mockUsdcAbi,
    functionName: "transferWithAuthorization",
    args: [
      message.from,
      message.to,
      message.value,
      message.validAfter,
      message.validBefore,
      message.nonce,
      Number(v),
      r,
      s,
    ],
  });
  const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
  expect(receipt.status).toBe("success");
  return receipt.gasUsed;
}

async function failures(blockHash: Hex) {
  const logs = await chain.publicClient.getContractEvents({
    address: settler,
    abi: x402BatchSettlerAbi,
    eventName: "AuthorizationFailed",
    blockHash,
  });
  return logs.map((log) => log.args);
}

function report(label: string, single: bigint, batch: bigint, n: number) {
  const perPayment = Number(batch) / n;
  const saving = (1 - perPayment / Number(single)) * 100;
  console.log(
    `${label}: single transferWithAuthorization ${single} gas; batch of ${n} ${batch} gas = ` +
      `${perPayment.toFixed(1)} gas/payment; saving ${saving.toFixed(1)}%`,
  );
  return saving;
}

describe("X402BatchSettler", () => {
  it("settles 50 authorizations from one buyer in one transaction", async () => {
    const auths: Signed[] = [];
    for (let i = 1; i <= 50; i++) auths.push(await authorize(buyer, BigInt(i)));
    const total = (50n * 51n) / 2n;
    const [buyerBefore, sellerBefore] = [await balanceOf(buyer.address), await balanceOf(seller)];

    const { ok, receipt } = await settle(auths);

    expect(ok).toEqual(Array(50).fill(true));
    expect(await balanceOf(buyer.address)).toBe(buyerBefore - total);
    expect(await balanceOf(seller)).toBe(sellerBefore + total);
    expect(await balanceOf(settler)).toBe(0n);
    expect(await failures(receipt.blockHash)).toEqual([]);
    const used = await chain.publicClient.getContractEvents({
      address: usdc.address,
      abi: mockUsdcAbi,
      eventName: "AuthorizationUsed",
      blockHash: receipt.blockHash,
    });
    expect(used.map((log) => log.args.nonce)).toEqual(auths.map((a) => a.message.nonce));

    const single = await settleOne(await authorize(buyer, 7n));
    const saving = report("one buyer", single, receipt.gasUsed, 50);
    expect(saving).toBeGreaterThan(0);
  });

  it("settles the 47 good authorizations of 50 and reports the 3 bad ones", async () => {
    const auths: Signed[] = [];
    for (let i = 0; i < 50; i++) auths.push(await authorize(buyer, 100n));
    // 5: nonce already used
    await settleOne(auths[5]!);
    // 17: expired (validBefore already passed)
    auths[17] = await authorize(buyer, 100n, (await now()) - 1n);
    // 33: signed by someone else
    const other = privateKeyToAccount(generatePrivateKey());
    const forged = await signAuthorization({ signer: other, token: usdc, message: auths[33]!.message });
    auths[33] = { message: auths[33]!.message, signature: forged.signature };
    const bad = [5, 17, 33];
    const [buyerBefore, sellerBefore] = [await balanceOf(buyer.address), await balanceOf(seller)];

    const { ok, receipt } = await settle(auths);

    expect(ok).toEqual(auths.map((_, i) => !bad.includes(i)));
    expect(await balanceOf(buyer.address)).toBe(buyerBefore - 47n * 100n);
    expect(await balanceOf(seller)).toBe(sellerBefore + 47n * 100n);
    const failed = await failures(receipt.blockHash);
    expect(failed.map((f) => [Number(f.index), f.token, f.from, f.nonce])).toEqual(
      bad.map((i) => [i, usdc.address, buyer.address, auths[i]!.message.nonce]),
    );
    // `reason` is the token's revert data
    expect(failed.map((f) => decodeErrorResult({ abi: mockUsdcAbi, data: f.reason! }).errorName)).toEqual([
      "ERC3009UsedAuthorization",
      "ERC3009InvalidAuthorizationTime",
      "ERC3009InvalidSignature",
    ]);
  });

  it("reports an item whose token has no code instead of reverting the batch", async () => {
    const good = await authorize(buyer, 1n);
    const items = [{ ...toItem(good), token: seller }, toItem(await authorize(buyer, 1n))];
    const { result } = await chain.publicClient.simulateContract({
      account: facilitator,
      address: settler,
      abi: x402BatchSettlerAbi,
      functionName: "settle",
      args: [items],
    });
    expect(result).toEqual([false, true]);
  });

  it("costs at least 30% less gas per payment for 50 distinct buyers than a single transfer", async () => {
    const buyers = Array.from({ length: 50 }, () => privateKeyToAccount(generatePrivateKey()));
    for (const b of buyers) await mint(b.address, 1_000_000n); // every payer already holds funds
    const single = await settleOne(await authorize(buyer, 1_000n));
    const auths: Signed[] = [];
    for (const b of buyers) auths.push(await authorize(b, 1_000n));
    const sellerBefore = await balanceOf(seller);

    const { ok, receipt } = await settle(auths);

    expect(ok).toEqual(Array(50).fill(true));
    expect(await balanceOf(seller)).toBe(sellerBefore + 50n * 1_000n);
    for (const b of buyers) expect(await balanceOf(b.address)).toBe(999_000n);
    const saving = report("50 distinct buyers", single, receipt.gasUsed, 50);
    expect(receipt.gasUsed / 50n).toBeLessThan(single);
    expect(saving).toBeGreaterThanOrEqual(30);
  });
});
