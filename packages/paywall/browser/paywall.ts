import { signEip3009Authorization } from "@x402kit/evm";
import {
  base64DecodeUtf8,
  base64EncodeUtf8,
  headerNames,
  type PaymentPayload,
  type PaymentRequired,
  type SettleResponse,
} from "@x402kit/types";

// The paywall page's script (bundled by scripts/bundle.mjs, inlined by renderPaywallPage): finds an injected wallet
// (EIP-6963, else window.ethereum, EIP-1193), signs an EIP-3009 authorization with x402kit's exact EVM signing
// (the wallet signs the typed data), retries the request with PAYMENT-SIGNATURE and shows what came back. It keeps
// to modules without zod, so that the page stays small.

type Eip1193Provider = { request(arguments_: { method: string; params?: unknown }): Promise<unknown> };
type Wallet = { name: string; provider: Eip1193Provider };

const element = <type extends HTMLElement>(id: string) => document.getElementById(id) as type | null;
const paymentRequired = JSON.parse(
  element("x402-payment-required")?.textContent ?? "null",
) as PaymentRequired;
const status = element("x402-status");
const wallets = element("x402-wallets");

function say(text: string, kind: "info" | "error" = "info") {
  if (!status) return;
  status.textContent = text;
  status.dataset.kind = kind;
}

/** EIP-6963 wallets announced within a moment, else the legacy injected provider. */
async function findWallets(): Promise<Wallet[]> {
  const found: Wallet[] = [];
  const listener = (event: Event) => {
    const detail = (event as CustomEvent<{ info?: { name?: string }; provider?: Eip1193Provider }>).detail;
    if (detail?.provider && !found.some((wallet) => wallet.provider === detail.provider))
      found.push({ name: detail.info?.name ?? "Wallet", provider: detail.provider });
  };
  window.addEventListener("eip6963:announceProvider", listener);
  window.dispatchEvent(new Event("eip6963:requestProvider"));
  await new Promise((resolve) => setTimeout(resolve, 150));
  window.removeEventListener("eip6963:announceProvider", listener);
  const injected = (window as { ethereum?: Eip1193Provider }).ethereum;
  if (found.length === 0 && injected) found.push({ name: "Browser wallet", provider: injected });
  return found;
}

/** JSON for eth_signTypedData_v4: bigints as decimal strings, with the EIP712Domain type the wallet expects. */
function typedDataJson(
  typedData: { domain: Record<string, unknown>; types: Record<string, unknown> } & object,
) {
  const domainFields: Record<string, string> = {
    name: "string",
    version: "string",
    chainId: "uint256",
    verifyingContract: "address",
  };
  const EIP712Domain = Object.keys(domainFields)
    .filter((name) => typedData.domain[name] !== undefined)
    .map((name) => ({ name, type: domainFields[name] }));
  return JSON.stringify({ ...typedData, types: { EIP712Domain, ...typedData.types } }, (_key, value) =>
    typeof value === "bigint" ? value.toString() : value,
  );
}

/** EIP-3009 exact payments on EVM: what a wallet can sign without an approval transaction first. */
const isWalletPayable = (requirement: PaymentRequired["accepts"][number]) => {
  const extra = requirement.extra as
    | { name?: unknown; version?: unknown; assetTransferMethod?: unknown }
    | undefined;
  return (
    requirement.scheme === "exact" &&
    /^eip155:\d+$/.test(requirement.network) &&
    typeof extra?.name === "string" &&
    typeof extra.version === "string" &&
    (extra.assetTransferMethod === undefined || extra.assetTransferMethod === "eip3009")
  );
};

async function pay(wallet: Wallet) {
  const { provider } = wallet;
  try {
    say("Connecting to the wallet…");
    const [address] = (await provider.request({ method: "eth_requestAccounts" })) as `0x${string}`[];
    if (!address) throw new Error("The wallet shared no account.");
    const requirement = paymentRequired.accepts.find(isWalletPayable);
    if (!requirement) throw new Error("This resource takes no payment a browser wallet can make.");
    const chainNumber = Number(requirement.network.slice("eip155:".length));
    const chainId = `0x${chainNumber.toString(16)}`;
    if ((await provider.request({ method: "eth_chainId" })) !== chainId)
      await provider.request({ method: "wallet_switchEthereumChain", params: [{ chainId }] });
    say("Sign the payment in your wallet…");
    const extra = requirement.extra as { name: string; version: string };
    const signed = await signEip3009Authorization({
      account: {
        address,
        signTypedData: async (typedData) =>
          (await provider.request({
            method: "eth_signTypedData_v4",
            params: [address, typedDataJson(typedData as never)],
          })) as `0x${string}`,
      },
      requirements: {
        chainId: chainNumber,
        asset: requirement.asset as `0x${string}`,
        payTo: requirement.payTo as `0x${string}`,
        amount: BigInt(requirement.amount),
        domain: { name: extra.name, version: extra.version },
        method: "eip3009",
      },
      maxTimeoutSeconds: requirement.maxTimeoutSeconds,
      now: Math.floor(Date.now() / 1000),
    });
    // spec v2 §5.2: the resource and the chosen requirements, the 402's extensions echoed.
    const payload: PaymentPayload = {
      x402Version: 2,
      resource: paymentRequired.resource,
      accepted: requirement,
      payload: signed,
      ...(paymentRequired.extensions ? { extensions: paymentRequired.extensions } : {}),
    };
    say("Paying…");
    const response = await fetch(location.href, {
      headers: {
        [headerNames.paymentSignature]: base64EncodeUtf8(JSON.stringify(payload)),
        accept: "application/json, */*;q=0.5",
      },
    });
    const receipt = response.headers.get(headerNames.paymentResponse);
    const settled = receipt
      ? (JSON.parse(base64DecodeUtf8(receipt) ?? "null") as SettleResponse | null)
      : null;
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as { error?: string; message?: string };
      throw new Error(
        settled?.errorReason ?? body.message ?? body.error ?? `The server answered ${response.status}.`,
      );
    }
    show(response, await response.text(), settled?.transaction);
  } catch (error) {
    const code =
      (error as { code?: unknown; cause?: { code?: unknown } }).code ??
      (error as { cause?: { code?: unknown } }).cause?.code;
    say(
      code === 4001
        ? "You refused to sign: nothing was paid."
        : `The payment failed: ${(error as Error).message.split("\n")[0]}`,
      "error",
    );
  }
}

/** The paid content in place of the paywall: an HTML page as it is, anything else as text. */
function show(response: Response, body: string, transaction: string | undefined) {
  if ((response.headers.get("content-type") ?? "").includes("text/html")) {
    document.open();
    document.write(body);
    document.close();
    return;
  }
  const main = element("x402-paywall");
  if (!main) return;
  main.replaceChildren();
  const content = document.createElement("pre");
  content.id = "x402-content";
  try {
    content.textContent = JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    content.textContent = body;
  }
  const paid = document.createElement("p");
  paid.id = "x402-receipt";
  paid.textContent = transaction ? `Paid. Transaction ${transaction}` : "Paid.";
  main.append(paid, content);
}

async function start() {
  if (!paymentRequired || !wallets) return;
  const found = await findWallets();
  if (found.length === 0) {
    say("No browser wallet was found. Install one, or pay with an x402 client: the terms are below.");
    return;
  }
  say("");
  for (const wallet of found) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = `Pay with ${wallet.name}`;
    button.addEventListener("click", () => {
      button.disabled = true;
      void pay(wallet).finally(() => {
        button.disabled = false;
      });
    });
    wallets.append(button);
  }
}

void start();
