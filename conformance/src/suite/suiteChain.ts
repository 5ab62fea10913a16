import { mockUsdcAbi } from "@x402kit/contracts";
import {
  type Abi,
  type Address,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  type Hash,
  type Hex,
  http,
  type PrivateKeyAccount,
  type PublicClient,
  parseEventLogs,
  type Transport,
} from "viem";

/** A MockUSDC the suite deployed (ERC-20 + EIP-3009), with its EIP-712 domain. */
export type SuiteToken = { address: Address; name: string; version: string };

/** A Transfer event, read from a receipt. */
export type TransferLog = { token: Address; from: Address; to: Address; value: bigint };

/**
 * The chain as the suite sees it: JSON-RPC only. On-chain balances are the ground truth of every case that moves
 * money.
 */
export type SuiteChain = {
  rpcUrl: string;
  chainId: number;
  /** CAIP-2, `eip155:<chainId>`. */
  network: string;
  viemChain: Chain;
  publicClient: PublicClient<Transport, Chain>;
  /** MockUSDC: the asset every requirement names. */
  usdc: SuiteToken;
  /** A second MockUSDC with another EIP-712 name, for the wrong-token cases. */
  otherToken: SuiteToken;
  /** A funded account for the suite's own transactions (cancelling authorizations, funding). */
  operator: PrivateKeyAccount;
  mint: (to: Address, amount: bigint, token?: Address) => Promise<void>;
  balanceOf: (owner: Address, token?: Address) => Promise<bigint>;
  /** EIP-3009 `authorizationState`: true once the nonce is used or cancelled. */
  authorizationState: (authorizer: Address, nonce: Hex, token?: Address) => Promise<boolean>;
  /** Sends a transaction from the operator (one at a time) and waits for its receipt. */
  sendFromOperator: (request: {
    address: Address;
    functionName: string;
    args: readonly unknown[];
  }) => Promise<Hash>;
  /** Deploys a contract from the operator (one transaction at a time) and returns its address. */
  deploy: (request: { abi: Abi; bytecode: Hex; args: readonly unknown[] }) => Promise<Address>;
  /** The Transfer events of a transaction, or undefined when the chain knows no such transaction. */
  transfersOf: (hash: Hex) => Promise<TransferLog[] | undefined>;
  /** The latest block's timestamp, in seconds. */
  now: () => Promise<bigint>;
  /** Moves the chain clock forward and mines a block (evm_increaseTime + evm_mine). */
  increaseTime: (seconds: number) => Promise<void>;
  /** `hardhat_setCode` / `anvil_setCode`: puts runtime code at an address (peers that need Multicall3). */
  setCode: (address: Address, code: Hex) => Promise<void>;
  stop: () => Promise<void>;
};

export type BuildSuiteChainParameters = {
  rpcUrl: string;
  chainId: number;
  usdc: SuiteToken;
  otherToken: SuiteToken;
  operator: PrivateKeyAccount;
  /** How MockUSDC is minted (the test chain has its own serialised minter). */
  mint?: SuiteChain["mint"];
  stop: () => Promise<void>;
};

/** Builds the suite's view of a chain from an RPC URL and the tokens deployed on it. */
export function buildSuiteChain(parameters: BuildSuiteChainParameters): SuiteChain {
  const { rpcUrl, chainId, usdc, operator } = parameters;
  const viemChain = defineChain({
    id: chainId,
    name: `x402-conformance ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  const transport = http(rpcUrl);
  const publicClient = createPublicClient({ chain: viemChain, transport, pollingInterval: 50 });
  const wallet = createWalletClient({ chain: viemChain, transport, account: operator, pollingInterval: 50 });
  const rpc = (method: string, params: unknown[] = []) =>
    publicClient.request({ method, params } as never) as Promise<unknown>;

  // The operator's transactions go one at a time so that their account nonces never collide.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task);
    queue = run.catch(() => {});
    return run;
  };
  const sendFromOperator: SuiteChain["sendFromOperator"] = (request) =>
    serial(async () => {
      const hash = await wallet.writeContract({
        address: request.address,
        abi: mockUsdcAbi,
        functionName: request.functionName,
        args: request.args,
      } as never);
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      if (receipt.status !== "success") throw new Error(`${request.functionName} reverted (${hash})`);
      return hash;
    });
  const deploy: SuiteChain["deploy"] = (request) =>
    serial(async () => {
      const hash = await wallet.deployContract({
        abi: request.abi,
        bytecode: request.bytecode,
        args: request.args,
      } as never);
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      if (receipt.status !== "success" || !receipt.contractAddress)
        throw new Error(`deployment reverted (${hash})`);
      return receipt.contractAddress;
    });

  const mint =
    parameters.mint ??
    (async (to: Address, amount: bigint, token: Address = usdc.address) => {
      await sendFromOperator({ address: token, functionName: "mint", args: [to, amount] });
    });

  let setCodeMethod: string | undefined;
  const setCode = async (address: Address, code: Hex) => {
    for (const method of setCodeMethod ? [setCodeMethod] : ["hardhat_setCode", "anvil_setCode"]) {
      try {
        await rpc(method, [address, code]);
        setCodeMethod = method;
        return;
      } catch (error) {
        if (method === "anvil_setCode") throw error;
      }
    }
  };

  return {
    rpcUrl,
    chainId,
    network: `eip155:${chainId}`,
    viemChain,
    publicClient,
    usdc,
    otherToken: parameters.otherToken,
    operator,
    mint,
    balanceOf: (owner, token = usdc.address) =>
      publicClient.readContract({
        address: token,
        abi: mockUsdcAbi,
        functionName: "balanceOf",
        args: [owner],
      }),
    authorizationState: (authorizer, nonce, token = usdc.address) =>
      publicClient.readContract({
        address: token,
        abi: mockUsdcAbi,
        functionName: "authorizationState",
        args: [authorizer, nonce],
      }),
    sendFromOperator,
    deploy,
    transfersOf: async (hash) => {
      const receipt = await publicClient.getTransactionReceipt({ hash }).catch(() => undefined);
      if (!receipt) return undefined;
      if (receipt.status !== "success") return [];
      return parseEventLogs({ abi: mockUsdcAbi, eventName: "Transfer", logs: receipt.logs }).map((log) => ({
        token: log.address,
        from: log.args.from,
        to: log.args.to,
        value: log.args.value,
      }));
    },
    now: async () => (await publicClient.getBlock({ blockTag: "latest" })).timestamp,
    increaseTime: async (seconds) => {
      await rpc("evm_increaseTime", [seconds]);
      await rpc("evm_mine");
    },
    setCode,
    stop: parameters.stop,
  };
}
