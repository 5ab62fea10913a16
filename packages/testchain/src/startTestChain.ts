import {
  mockErc20PermitAbi,
  mockErc20PermitBytecode,
  mockUsdcAbi,
  mockUsdcBytecode,
} from "@x402kit/contracts";
import {
  type Address,
  createPublicClient,
  createTestClient,
  createWalletClient,
  defineChain,
  encodeFunctionData,
  erc20Abi,
  getAddress,
  type Hash,
  http,
  type LocalAccount,
  maxUint256,
  parseEther,
  toHex,
} from "viem";
import { hardhat } from "viem/chains";
import { deriveTestAccounts } from "./accounts/deriveTestAccounts.js";
import { installBatchSettlement } from "./batchSettlement/installBatchSettlement.js";
import { TestChainError } from "./errors/TestChainError.js";
import { serveInProcess } from "./node/serveInProcess.js";
import { spawnHardhatNode } from "./node/spawnHardhatNode.js";
import { installPermit2 } from "./permit2/installPermit2.js";
import type {
  DeployParameters,
  TestAccount,
  TestChain,
  TestChainPermit2,
  TestChainToken,
  TestChainWithPermit2,
} from "./types.js";

export type StartTestChainParameters = {
  /** Mine a block every `intervalMiningMs` instead of one per transaction. Default: automine. */
  intervalMiningMs?: number;
  /** How many funded buyer accounts (default 4). */
  buyers?: number;
  /** MockUSDC minted to each buyer, in atomic units (default 1_000_000_000n = 1000 USDC). */
  fundUsdc?: bigint;
  /** MockUSDC's EIP-712 name (default "USD Coin"). */
  usdcName?: string;
  /** MockUSDC's EIP-712 version (default "2"). */
  usdcVersion?: string;
  /** Show the node's request log (default false). */
  logging?: boolean;
  /** "child-process" (default): a `hardhat node` child. "in-process": EDR behind an HTTP server in this process. */
  mode?: "child-process" | "in-process";
  /** How long the node may take to listen (default 60 s). */
  startTimeoutMs?: number;
  /**
   * The chain id (default 31337; child-process mode only). v1 clients know only named networks, so a test of one
   * can run the chain as 84532 and call it `base-sepolia`.
   */
  chainId?: number;
  /**
   * Install Uniswap's Permit2 and the x402 exact and upto Permit2 proxies at their canonical addresses, and deploy
   * MockERC20Permit (a token with EIP-2612 and no EIP-3009), funded to the buyers with `fundUsdc` each. Default
   * false (start-up stays fast).
   */
  permit2?: boolean;
};

/** `TestChainWithPermit2` when started with `permit2: true`. */
export type StartTestChainReturnType<parameters extends StartTestChainParameters = StartTestChainParameters> =
  parameters extends { permit2: true } ? TestChainWithPermit2 : TestChain;

/** MockERC20Permit's EIP-712 domain on the test chain (OpenZeppelin's ERC20Permit uses version "1"). */
const permit2TokenDomain = { name: "Permit Dollar", symbol: "PUSD", version: "1" } as const;

/** Hardhat funds its first 20 accounts; accounts from here on get ETH with hardhat_setBalance. */
const prefundedAccounts = 20;

/**
 * Starts a local Hardhat chain (chain id 31337) on a free 127.0.0.1 port, deploys MockUSDC and funds buyers.
 * Always `stop()` it (or `await using`); it is also killed when this process exits.
 */
export async function startTestChain<
  const parameters extends StartTestChainParameters = StartTestChainParameters,
>(parameters: parameters = {} as parameters): Promise<StartTestChainReturnType<parameters>> {
  const {
    intervalMiningMs,
    buyers: buyerCount = 4,
    fundUsdc = 1_000_000_000n,
    usdcName = "USD Coin",
    usdcVersion = "2",
    logging = false,
    mode = "child-process",
    startTimeoutMs,
    chainId: wantedChainId = 31337,
    permit2 = false,
  } = parameters as StartTestChainParameters;
  if (mode === "in-process" && wantedChainId !== 31337)
    throw new TestChainError("a chain id other than 31337 needs mode child-process");
  if (!Number.isInteger(buyerCount) || buyerCount < 1)
    throw new TestChainError("buyers must be an integer >= 1");
  if (Number(process.versions.node.split(".")[0]) < 22) {
    throw new TestChainError(
      `Hardhat needs Node.js 22 or newer, this is ${process.version}: install Node 22 (for example ` +
        "`nvm install 22`), or in a clone of x402kit run it through pnpm, which brings Node 22",
    );
  }

  const node =
    mode === "in-process"
      ? { ...(await serveInProcess()), pid: undefined }
      : await spawnHardhatNode({
          logging,
          chainId: wantedChainId,
          ...(startTimeoutMs === undefined ? {} : { timeoutMs: startTimeoutMs }),
        });

  try {
    return (await setUp(node, {
      intervalMiningMs,
      buyerCount,
      fundUsdc,
      usdcName,
      usdcVersion,
      logging,
      mode,
      chainId: wantedChainId,
      permit2,
    })) as StartTestChainReturnType<parameters>;
  } catch (error) {
    await node.stop();
    throw error instanceof TestChainError
      ? error
      : new TestChainError("could not set up the test chain", { cause: error });
  }
}

async function setUp(
  node: { rpcUrl: string; pid: number | undefined; stop: () => Promise<void> },
  options: {
    intervalMiningMs: number | undefined;
    buyerCount: number;
    fundUsdc: bigint;
    usdcName: string;
    usdcVersion: string;
    logging: boolean;
    mode: "child-process" | "in-process";
    chainId: number;
    permit2: boolean;
  },
): Promise<TestChain> {
  const { rpcUrl } = node;
  const chain = defineChain({ ...hardhat, id: options.chainId, rpcUrls: { default: { http: [rpcUrl] } } });
  const transport = http(rpcUrl);
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 50, cacheTime: 0 });
  const testClient = createTestClient({ chain, transport, mode: "hardhat", pollingInterval: 50 });
  const walletClient = (account: LocalAccount | TestAccount) =>
    createWalletClient({
      chain,
      transport,
      pollingInterval: 50,
      account: "account" in account ? account.account : account,
    });

  const chainId = await publicClient.getChainId();
  if (chainId !== options.chainId)
    throw new TestChainError(`expected chain id ${options.chainId}, the node says ${chainId}`);
  await testClient.request({ method: "hardhat_setLoggingEnabled", params: [options.logging] } as never);

  const all = deriveTestAccounts({ count: 3 + options.buyerCount });
  const [deployer, facilitator, seller, ...buyers] = all as [
    TestAccount,
    TestAccount,
    TestAccount,
    ...TestAccount[],
  ];
  await Promise.all(
    all.slice(prefundedAccounts).map((a) =>
      testClient.request({
        method: "hardhat_setBalance",
        params: [a.address, toHex(parseEther("10000"))],
      } as never),
    ),
  );

  // Helper transactions from the deployer go one at a time, so their nonces never collide.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => {});
    return run;
  };
  const deployerWallet = walletClient(deployer);

  const deploy = ({ abi, bytecode, args = [], account }: DeployParameters) => {
    const send = async () => {
      const wallet = account ? walletClient(account) : deployerWallet;
      const hash = await wallet.deployContract({ abi, bytecode, args } as never);
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      if (receipt.status !== "success" || !receipt.contractAddress)
        throw new TestChainError(`deployment ${hash} reverted`);
      return getAddress(receipt.contractAddress);
    };
    return account ? send() : serial(send);
  };

  const usdcAddress = await deploy({
    abi: mockUsdcAbi,
    bytecode: mockUsdcBytecode,
    args: [options.usdcName, options.usdcVersion],
  });

  const mint = (to: Address, amount: bigint, token: Address = usdcAddress) =>
    serial(async () => {
      const hash = await deployerWallet.writeContract({
        address: token,
        abi: mockUsdcAbi,
        functionName: "mint",
        args: [to, amount],
      });
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      if (receipt.status !== "success") throw new TestChainError(`mint ${hash} reverted`);
      return hash as Hash;
    });

  // Fund the buyers: sign every mint locally (explicit nonces, gas and fees), send them in order, then wait.
  const fundBuyers = (token: Address, amount: bigint) =>
    serial(async () => {
      const [nonce, fees] = await Promise.all([
        publicClient.getTransactionCount({ address: deployer.address, blockTag: "pending" }),
        publicClient.estimateFeesPerGas(),
      ]);
      const hashes: Hash[] = [];
      for (const [i, buyer] of buyers.entries()) {
        const serializedTransaction = await deployer.account.signTransaction({
          type: "eip1559",
          chainId: options.chainId,
          to: token,
          data: encodeFunctionData({ abi: mockUsdcAbi, functionName: "mint", args: [buyer.address, amount] }),
          nonce: nonce + i,
          gas: 100_000n,
          maxFeePerGas: fees.maxFeePerGas,
          maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
        });
        hashes.push(await publicClient.sendRawTransaction({ serializedTransaction }));
      }
      const receipts = await Promise.all(
        hashes.map((hash) => publicClient.waitForTransactionReceipt({ hash })),
      );
      if (receipts.some((r) => r.status !== "success")) throw new TestChainError("funding the buyers failed");
    });
  if (options.fundUsdc > 0n) await fundBuyers(usdcAddress, options.fundUsdc);

  const rpc = (method: string, params: unknown[] = []) =>
    testClient.request({ method, params } as never) as Promise<unknown>;
  const setAutomine = async (on: boolean) => {
    await rpc("evm_setAutomine", [on]);
  };
  const setIntervalMining = async (ms: number) => {
    if (ms > 0) await setAutomine(false);
    await rpc("evm_setIntervalMining", [ms]); // milliseconds (viem's testClient.setIntervalMining takes seconds)
    if (ms <= 0) await setAutomine(true);
  };
  const batchSettlement = await installBatchSettlement({ rpc });
  let permit2: TestChainPermit2 | undefined;
  let permit2Token: TestChainToken | undefined;
  if (options.permit2) {
    const installed = await installPermit2({ rpc });
    const address = await deploy({
      abi: mockErc20PermitAbi,
      bytecode: mockErc20PermitBytecode,
      args: [permit2TokenDomain.name, permit2TokenDomain.symbol],
    });
    if (options.fundUsdc > 0n) await fundBuyers(address, options.fundUsdc);
    permit2Token = {
      address,
      name: permit2TokenDomain.name,
      version: permit2TokenDomain.version,
      decimals: 6,
    };
    const defaultToken = address;
    permit2 = {
      ...installed,
      approve: async (account, { token = defaultToken, amount = maxUint256 } = {}) => {
        const hash = await walletClient(account).writeContract({
          address: token,
          abi: erc20Abi,
          functionName: "approve",
          args: [installed.address, amount],
        });
        const receipt = await publicClient.waitForTransactionReceipt({ hash });
        if (receipt.status !== "success") throw new TestChainError(`approve ${hash} reverted`);
        return hash;
      },
    };
  }

  if (options.intervalMiningMs !== undefined && options.intervalMiningMs > 0)
    await setIntervalMining(options.intervalMiningMs);

  const stop = () => node.stop();

  return {
    mode: options.mode,
    rpcUrl,
    chainId: options.chainId,
    network: `eip155:${options.chainId}`,
    chain,
    pid: node.pid,
    publicClient,
    testClient,
    accounts: { deployer, facilitator, seller, buyer: buyers[0]!, buyers },
    usdc: { address: usdcAddress, name: options.usdcName, version: options.usdcVersion, decimals: 6 },
    batchSettlement,
    permit2,
    permit2Token,
    walletClient,
    balanceOf: (token, owner) =>
      publicClient.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [owner] }),
    mint,
    deploy,
    increaseTime: async (seconds, { mine = true } = {}) => {
      await rpc("evm_increaseTime", [Number(seconds)]);
      if (mine) await rpc("evm_mine");
    },
    mine: async (blocks = 1) => {
      await rpc("hardhat_mine", [toHex(blocks)]);
    },
    setIntervalMining,
    setAutomine,
    now: async () => (await publicClient.getBlock({ blockTag: "latest" })).timestamp,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
