import type {
  Abi,
  Address,
  Chain,
  Hash,
  Hex,
  LocalAccount,
  PrivateKeyAccount,
  PublicClient,
  TestClient,
  Transport,
  WalletClient,
} from "viem";

/** A funded account with a known key. */
export type TestAccount = { address: Address; privateKey: Hex; account: PrivateKeyAccount };

export type TestChainAccounts = {
  /** Deploys MockUSDC (account 0). */
  deployer: TestAccount;
  /** Sends settlement transactions; has ETH for gas (account 1). */
  facilitator: TestAccount;
  /** Receives payments (account 2). */
  seller: TestAccount;
  /** The first buyer: `buyers[0]`. */
  buyer: TestAccount;
  /** Buyers with USDC (accounts 3, 4, ...). */
  buyers: TestAccount[];
};

export type TestChainToken = { address: Address; name: string; version: string; decimals: 6 };

/** Permit2 and the x402 proxies, at their canonical addresses (`startTestChain({ permit2: true })`). */
export type TestChainPermit2 = {
  /** Uniswap's canonical Permit2, 0x000000000022D473030F116dDEE9F6B43aC78BA3. */
  address: Address;
  /** The x402 exact Permit2 proxy, 0x402085c248EeA27D92E8b30b2C58ed07f9E20001. */
  exactProxy: Address;
  /** The x402 upto Permit2 proxy, 0x4020A4f3b7b90ccA423B9fabCc0CE57C6C240002. */
  uptoProxy: Address;
  /** `token.approve(Permit2, amount)` from `account` (default: the Permit2 token, unlimited); waits for the receipt. */
  approve: (
    account: LocalAccount | TestAccount,
    options?: { token?: Address; amount?: bigint },
  ) => Promise<Hash>;
};

/** x402kit's `batch-settlement` escrow and deposit collectors, at their canonical addresses (always). */
export type TestChainBatchSettlement = {
  /** `X402BatchSettlement`, 0x4020074e9dF2ce1deE5A9C1b5c3f541D02a10003. */
  escrow: Address;
  /** `ERC3009DepositCollector`, 0x4020806089470a89826cB9fB1f4059150b550004. */
  depositCollector: Address;
  /** `Permit2DepositCollector`, 0x4020425FAf3B746C082C2f942b4E5159887B0005 (works with `permit2: true`). */
  permit2DepositCollector: Address;
};

export type DeployParameters = {
  abi: Abi | readonly unknown[];
  bytecode: Hex;
  args?: readonly unknown[];
  account?: LocalAccount | TestAccount;
};

export type TestChain = AsyncDisposable & {
  /** "child-process" (a `hardhat node` child) or "in-process" (EDR behind an HTTP server in this process). */
  mode: "child-process" | "in-process";
  /** `http://127.0.0.1:<port>` */
  rpcUrl: string;
  /** 31337 unless started with another `chainId`. */
  chainId: number;
  /** CAIP-2, e.g. "eip155:31337". */
  network: `eip155:${number}`;
  /** A viem chain whose default RPC URL is `rpcUrl`. */
  chain: Chain;
  /** The child's pid (child-process mode only). */
  pid: number | undefined;
  publicClient: PublicClient<Transport, Chain>;
  testClient: TestClient<"hardhat", Transport, Chain>;
  accounts: TestChainAccounts;
  /** MockUSDC, deployed by `accounts.deployer`. */
  usdc: TestChainToken;
  /** The `batch-settlement` escrow and deposit collector at their canonical addresses (two setCode calls). */
  batchSettlement: TestChainBatchSettlement;
  /** Permit2 and the x402 proxies; only with `permit2: true`. */
  permit2: TestChainPermit2 | undefined;
  /**
   * MockERC20Permit (EIP-2612, no EIP-3009: Permit2 is its only x402 path), funded to the buyers, who have not
   * approved Permit2; only with `permit2: true`.
   */
  permit2Token: TestChainToken | undefined;
  /** A wallet client for a local account (or a TestAccount). */
  walletClient: (account: LocalAccount | TestAccount) => WalletClient<Transport, Chain, LocalAccount>;
  /** ERC-20 balance of `owner`. */
  balanceOf: (token: Address, owner: Address) => Promise<bigint>;
  /** Mints MockUSDC (or another MockUSDC or MockERC20Permit at `token`) and waits for the receipt. */
  mint: (to: Address, amount: bigint, token?: Address) => Promise<Hash>;
  /** Deploys a contract (from the deployer by default), waits for the receipt and returns its address. */
  deploy: (parameters: DeployParameters) => Promise<Address>;
  /** Moves the chain clock forward; mines a block unless `mine: false`, so `now()` sees it at once. */
  increaseTime: (seconds: number | bigint, options?: { mine?: boolean }) => Promise<void>;
  /** Mines `blocks` blocks (default 1). */
  mine: (blocks?: number) => Promise<void>;
  /** Mines a block every `ms` and turns automine off; `0` stops interval mining. */
  setIntervalMining: (ms: number) => Promise<void>;
  setAutomine: (on: boolean) => Promise<void>;
  /** The latest block's timestamp, in seconds. */
  now: () => Promise<bigint>;
  /** Stops the node. Idempotent. */
  stop: () => Promise<void>;
};

/** A TestChain started with `permit2: true`. */
export type TestChainWithPermit2 = TestChain & { permit2: TestChainPermit2; permit2Token: TestChainToken };
