import {
  mockSmartWalletAbi,
  mockSmartWalletBytecode,
  mockUsdcAbi,
  x402BatchSettlementAbi,
} from "@x402kit/contracts";
import { getAddress, parseEther, parseUnits } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestChain, type TestChain } from "../src/index.js";

let chain: TestChain;
let startupMs: number;

beforeAll(async () => {
  const started = performance.now();
  chain = await startTestChain();
  startupMs = performance.now() - started;
  // Reported, not asserted: a time limit here would measure the machine's load (no wall-clock asserts in tests).
  console.info(`startTestChain: ${startupMs.toFixed(0)} ms`);
});

afterAll(async () => {
  await chain?.stop();
});

describe("startTestChain (defaults)", () => {
  it("serves chain 31337 on a 127.0.0.1 port, from a child process", async () => {
    expect(chain.mode).toBe("child-process");
    expect(chain.rpcUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(chain.chainId).toBe(31337);
    expect(chain.network).toBe("eip155:31337");
    expect(chain.chain.id).toBe(31337);
    expect(chain.chain.rpcUrls.default.http).toEqual([chain.rpcUrl]);
    expect(await chain.publicClient.getChainId()).toBe(31337);
    expect(chain.pid).toBeTypeOf("number");
  });

  it("uses Hardhat's deterministic accounts", () => {
    const { deployer, facilitator, seller, buyer, buyers } = chain.accounts;
    expect(deployer.address).toBe(getAddress("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"));
    expect(facilitator.address).toBe(getAddress("0x70997970c51812dc3a010c7d01b50e0d17dc79c8"));
    expect(seller.address).toBe(getAddress("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc"));
    expect(buyers).toHaveLength(4);
    expect(buyer).toBe(buyers[0]);
    expect(buyer.account.address).toBe(buyer.address);
    expect(deployer.privateKey).toBe("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    expect(
      new Set(
        Object.values(chain.accounts)
          .flat()
          .map((a) => a.address),
      ).size,
    ).toBe(7);
  });

  it("deployed MockUSDC with the default EIP-712 domain", async () => {
    const { usdc, publicClient } = chain;
    expect(usdc).toEqual({
      address: getAddress("0x5fbdb2315678afecb367f032d93f642f64180aa3"),
      name: "USD Coin",
      version: "2",
      decimals: 6,
    });
    expect(await publicClient.getCode({ address: usdc.address })).toMatch(/^0x[0-9a-f]{100,}/);
    const read = <const fn extends "name" | "version" | "decimals">(functionName: fn) =>
      publicClient.readContract({ address: usdc.address, abi: mockUsdcAbi, functionName });
    expect(await read("name")).toBe("USD Coin");
    expect(await read("version")).toBe("2");
    expect(await read("decimals")).toBe(6);
  });

  it("put the batch-settlement escrow and deposit collectors at their canonical addresses", async () => {
    expect(chain.batchSettlement).toEqual({
      escrow: getAddress("0x4020074e9dF2ce1deE5A9C1b5c3f541D02a10003"),
      depositCollector: getAddress("0x4020806089470a89826cB9fB1f4059150b550004"),
      permit2DepositCollector: getAddress("0x4020425FAf3B746C082C2f942b4E5159887B0005"),
    });
    const channel = await chain.publicClient.readContract({
      address: chain.batchSettlement.escrow,
      abi: x402BatchSettlementAbi,
      functionName: "channels",
      args: [`0x${"00".repeat(32)}`],
    });
    expect(channel).toEqual([0n, 0n]);
    for (const address of [
      chain.batchSettlement.depositCollector,
      chain.batchSettlement.permit2DepositCollector,
    ])
      expect((await chain.publicClient.getCode({ address }))?.length).toBeGreaterThan(100);
  });

  it("funded every buyer with 1000 USDC and the facilitator with ETH", async () => {
    for (const buyer of chain.accounts.buyers) {
      expect(await chain.balanceOf(chain.usdc.address, buyer.address)).toBe(parseUnits("1000", 6));
    }
    expect(await chain.balanceOf(chain.usdc.address, chain.accounts.seller.address)).toBe(0n);
    expect(
      await chain.publicClient.getBalance({ address: chain.accounts.facilitator.address }),
    ).toBeGreaterThan(parseEther("1000"));
  });

  it("mints, deploys and sends from wallet clients", async () => {
    const { seller, buyers } = chain.accounts;
    await chain.mint(seller.address, 5n);
    expect(await chain.balanceOf(chain.usdc.address, seller.address)).toBe(5n);

    const wallet = await chain.deploy({
      abi: mockSmartWalletAbi,
      bytecode: mockSmartWalletBytecode,
      args: [buyers[1]!.address],
    });
    expect(
      await chain.publicClient.readContract({
        address: wallet,
        abi: mockSmartWalletAbi,
        functionName: "owner",
      }),
    ).toBe(buyers[1]!.address);

    const hash = await chain.walletClient(buyers[1]!).writeContract({
      address: chain.usdc.address,
      abi: mockUsdcAbi,
      functionName: "transfer",
      args: [wallet, 7n],
    });
    expect((await chain.publicClient.waitForTransactionReceipt({ hash })).status).toBe("success");
    expect(await chain.balanceOf(chain.usdc.address, wallet)).toBe(7n);
  });

  it("serializes concurrent helper transactions from the deployer", async () => {
    const { buyers } = chain.accounts;
    const before = await chain.balanceOf(chain.usdc.address, buyers[3]!.address);
    await Promise.all(Array.from({ length: 5 }, () => chain.mint(buyers[3]!.address, 1n)));
    expect(await chain.balanceOf(chain.usdc.address, buyers[3]!.address)).toBe(before + 5n);
  });

  it("mines a reverting transaction like a real node (a receipt with status reverted)", async () => {
    const hash = await chain.walletClient(chain.accounts.buyers[2]!).writeContract({
      address: chain.usdc.address,
      abi: mockUsdcAbi,
      functionName: "transfer",
      args: [chain.accounts.seller.address, 10n ** 30n],
      gas: 100_000n, // no estimate, so the node gets the transaction
    });
    expect((await chain.publicClient.waitForTransactionReceipt({ hash })).status).toBe("reverted");
  });

  it("moves the clock with increaseTime, and mine() mines", async () => {
    const before = await chain.now();
    await chain.increaseTime(3_600);
    const after = await chain.now();
    expect(after - before).toBeGreaterThanOrEqual(3_600n);
    expect(after - before).toBeLessThan(3_700n);

    const block = await chain.publicClient.getBlockNumber();
    await chain.mine(3);
    expect(await chain.publicClient.getBlockNumber()).toBe(block + 3n);

    await chain.increaseTime(60, { mine: false });
    expect(await chain.now()).toBe(await chain.now());
    await chain.mine();
    expect((await chain.now()) - after).toBeGreaterThanOrEqual(60n);
  });

  it("switches between automine and interval mining", async () => {
    await chain.setAutomine(false);
    const hash = await chain.walletClient(chain.accounts.buyers[2]!).writeContract({
      address: chain.usdc.address,
      abi: mockUsdcAbi,
      functionName: "transfer",
      args: [chain.accounts.seller.address, 1n],
      gas: 100_000n,
    });
    expect(await chain.publicClient.getTransactionReceipt({ hash }).catch(() => null)).toBeNull();
    await chain.mine();
    expect((await chain.publicClient.getTransactionReceipt({ hash })).status).toBe("success");

    await chain.setIntervalMining(100);
    const start = await chain.publicClient.getBlockNumber();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await chain.publicClient.getBlockNumber()).toBeGreaterThan(start + 2n);

    await chain.setIntervalMining(0); // back to automine
    const block = await chain.publicClient.getBlockNumber();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await chain.publicClient.getBlockNumber()).toBe(block);
    const hash2 = await chain.walletClient(chain.accounts.buyers[2]!).writeContract({
      address: chain.usdc.address,
      abi: mockUsdcAbi,
      functionName: "transfer",
      args: [chain.accounts.seller.address, 1n],
    });
    expect((await chain.publicClient.getTransactionReceipt({ hash: hash2 })).status).toBe("success");
  });
});

describe("startTestChain (options)", () => {
  it("takes the buyer count, funding, token domain and interval mining", async () => {
    const custom = await startTestChain({
      buyers: 22,
      fundUsdc: 42n,
      usdcName: "USDC",
      usdcVersion: "3",
      intervalMiningMs: 100,
    });
    try {
      expect(custom.accounts.buyers).toHaveLength(22);
      expect(custom.usdc).toMatchObject({ name: "USDC", version: "3" });
      const last = custom.accounts.buyers.at(-1)!;
      expect(await custom.balanceOf(custom.usdc.address, last.address)).toBe(42n);
      // accounts past Hardhat's 20 prefunded ones get ETH too
      expect(await custom.publicClient.getBalance({ address: last.address })).toBe(parseEther("10000"));
      const domain = await custom.publicClient.readContract({
        address: custom.usdc.address,
        abi: mockUsdcAbi,
        functionName: "eip712Domain",
      });
      expect([domain[1], domain[2]]).toEqual(["USDC", "3"]);
      const start = await custom.publicClient.getBlockNumber();
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await custom.publicClient.getBlockNumber()).toBeGreaterThan(start + 1n);
    } finally {
      await custom.stop();
    }
  });

  it("runs as another chain id, e.g. 84532 for v1 clients", async () => {
    const other = await startTestChain({ chainId: 84532, buyers: 1 });
    try {
      expect(other.chainId).toBe(84532);
      expect(other.network).toBe("eip155:84532");
      expect(await other.publicClient.getChainId()).toBe(84532);
      expect(await other.balanceOf(other.usdc.address, other.accounts.buyer.address)).toBe(1_000_000_000n);
    } finally {
      await other.stop();
    }
  });

  it("runs in-process on request", async () => {
    const inProcess = await startTestChain({ mode: "in-process", buyers: 1 });
    try {
      expect(inProcess.mode).toBe("in-process");
      expect(inProcess.pid).toBeUndefined();
      expect(inProcess.rpcUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await inProcess.balanceOf(inProcess.usdc.address, inProcess.accounts.buyer.address)).toBe(
        1_000_000_000n,
      );
    } finally {
      await inProcess.stop();
    }
    await expect(inProcess.publicClient.getChainId()).rejects.toThrow();
  });
});
