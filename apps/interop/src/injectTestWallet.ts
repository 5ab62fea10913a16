import type { Page } from "playwright-core";
import type { Hex, LocalAccount } from "viem";

export type InjectTestWalletParameters = {
  page: Page;
  account: LocalAccount;
  /** The chain the wallet is on, e.g. 31337. */
  chainId: number;
  /** Whether the user refuses to sign (EIP-1193 error 4001). Read at each request, so a test may change it. */
  refuse?: () => boolean;
};

export type InjectTestWalletReturnType = {
  /** The EIP-1193 methods the page asked, in order. */
  calls: string[];
};

/**
 * A test wallet in the page: an EIP-1193 provider announced through EIP-6963, whose requests go to Node, where a viem
 * account signs (eth_signTypedData_v4) or refuses. It stands in for a wallet extension, which a headless browser
 * cannot load; everything the page does with it goes through the same EIP-1193 calls.
 */
export async function injectTestWallet(
  parameters: InjectTestWalletParameters,
): Promise<InjectTestWalletReturnType> {
  const { page, account, chainId } = parameters;
  const calls: string[] = [];
  await page.exposeFunction("__x402TestWallet", async (method: string, params: unknown[]) => {
    calls.push(method);
    switch (method) {
      case "eth_requestAccounts":
      case "eth_accounts":
        return { result: [account.address] };
      case "eth_chainId":
        return { result: `0x${chainId.toString(16)}` };
      case "eth_signTypedData_v4": {
        if (parameters.refuse?.()) return { error: { code: 4001, message: "User rejected the request." } };
        const { domain, types, primaryType, message } = JSON.parse(params[1] as string);
        const { EIP712Domain: _domainType, ...rest } = types;
        const signature: Hex = await account.signTypedData!({ domain, types: rest, primaryType, message });
        return { result: signature };
      }
      default:
        return { error: { code: 4200, message: `The test wallet does not support ${method}.` } };
    }
  });
  await page.addInitScript(() => {
    type Answer = { result?: unknown; error?: { code: number; message: string } };
    const call = (window as unknown as { __x402TestWallet(m: string, p: unknown[]): Promise<Answer> })
      .__x402TestWallet;
    const provider = {
      async request({ method, params }: { method: string; params?: unknown[] }) {
        const answer = await call(method, params ?? []);
        if (answer.error) throw Object.assign(new Error(answer.error.message), { code: answer.error.code });
        return answer.result;
      },
    };
    const info = {
      uuid: "00000000-0000-4000-8000-000000000402",
      name: "Test Wallet",
      icon: "data:,",
      rdns: "dev.x402kit.test",
    };
    window.addEventListener("eip6963:requestProvider", () =>
      window.dispatchEvent(
        new CustomEvent("eip6963:announceProvider", { detail: Object.freeze({ info, provider }) }),
      ),
    );
  });
  return { calls };
}
