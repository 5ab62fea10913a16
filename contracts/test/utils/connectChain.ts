import hre from "hardhat";
import {
  type Account,
  type Address,
  type Chain,
  createPublicClient,
  createTestClient,
  createWalletClient,
  custom,
  defineChain,
  type HDAccount,
  type Hex,
  type PublicClient,
  type TestClient,
  type Transport,
  type WalletClient,
} from "viem";
import { mnemonicToAccount } from "viem/accounts";

/** Hardhat's default mnemonic; its accounts are funded with ETH on the simulated network. */
const mnemonic = "test test test test test test test test test test test junk";

export type ConnectChainReturnType = {
  accounts: HDAccount[];
  chain: Chain;
  publicClient: PublicClient<Transport, Chain>;
  testClient: TestClient<"hardhat", Transport, Chain>;
  walletClient: (account: Account) => WalletClient<Transport, Chain, Account>;
  /** Deploys and waits for the receipt. */
  deploy: (
    account: Account,
    abi: readonly unknown[],
    bytecode: Hex,
    args: readonly unknown[],
  ) => Promise<Address>;
  close: () => Promise<void>;
};

/** An in-process Hardhat (EDR) chain with viem clients and funded accounts. Close it with `close()`. */
export async function connectChain(): Promise<ConnectChainReturnType> {
  const connection = await hre.network.create({
    // like a real node: a reverted transaction is mined and has a receipt, not a JSON-RPC error
    override: { allowBlocksWithSameTimestamp: true, throwOnTransactionFailures: false },
  });
  const chain = defineChain({
    id: 31337,
    name: "Hardhat",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [] } },
  });
  const transport = custom(connection.provider, { retryCount: 0 }); // reverts are final: no retries
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 50 });
  const testClient = createTestClient({ chain, transport, mode: "hardhat" });
  const accounts = Array.from({ length: 6 }, (_, addressIndex) =>
    mnemonicToAccount(mnemonic, { addressIndex }),
  );
  const walletClient = (account: Account) => createWalletClient({ chain, transport, account });

  async function deploy(account: Account, abi: readonly unknown[], bytecode: Hex, args: readonly unknown[]) {
    const hash = await walletClient(account).deployContract({ abi, bytecode, args } as never);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    return receipt.contractAddress!;
  }

  return { accounts, chain, close: () => connection.close(), deploy, publicClient, testClient, walletClient };
}
