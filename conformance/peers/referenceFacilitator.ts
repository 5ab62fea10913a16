// Adapter: the reference implementation (@x402/core + @x402/evm, from npm) as a facilitator under test.
// Command: x402-conformance facilitator --cmd "pnpm exec tsx peers/referenceFacilitator.ts"
// Env (from the suite): RPC_URL, CHAIN_ID, FACILITATOR_PRIVATE_KEY, PORT; with --family solana instead SVM_RPC_URL,
// SVM_NETWORK, SVM_FEE_PAYER_KEY, PORT (then it registers @x402/svm's exact scheme only).
import { createKeyPairSignerFromBytes, getBase58Encoder } from "@solana/kit";
import { x402Facilitator } from "@x402/core/facilitator";
import { toFacilitatorEvmSigner } from "@x402/evm";
import { BatchSettlementEvmScheme } from "@x402/evm/batch-settlement/facilitator";
import { registerExactEvmScheme } from "@x402/evm/exact/facilitator";
import { UptoEvmScheme } from "@x402/evm/upto/facilitator";
import { toFacilitatorSvmSigner } from "@x402/svm";
import { registerExactSvmScheme } from "@x402/svm/exact/facilitator";
import { createWalletClient, defineChain, type Hex, http, publicActions } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { installMulticall3 } from "./installMulticall3.js";
import { isMain } from "./listenExpress.js";
import { serveFacilitatorRoutes } from "./serveFacilitatorRoutes.js";

/**
 * Starts the reference facilitator behind `GET /supported`, `POST /verify` and `POST /settle`. The reference ships
 * the facilitator as a library; these routes are the thin glue its documentation asks an operator to write. A
 * thrown error (unknown scheme, network or version) becomes HTTP 500, as in that glue.
 */
export async function startReferenceFacilitator(env: Record<string, string | undefined>) {
  const facilitator = new x402Facilitator();
  // A Solana run (--family solana) starts no EVM chain: RPC_URL and the rest are then absent.
  const rpcUrl = env["RPC_URL"];
  if (rpcUrl) await registerEvm(facilitator, env, rpcUrl);
  if (env["SVM_RPC_URL"]) {
    const feePayer = await createKeyPairSignerFromBytes(
      new Uint8Array(getBase58Encoder().encode(env["SVM_FEE_PAYER_KEY"]!)),
    );
    registerExactSvmScheme(facilitator, {
      signer: toFacilitatorSvmSigner(feePayer, { defaultRpcUrl: env["SVM_RPC_URL"] }),
      networks: env["SVM_NETWORK"] as `${string}:${string}`,
    });
  }

  return serveFacilitatorRoutes(
    {
      supported: () => facilitator.getSupported(),
      verify: (payload, requirements) => facilitator.verify(payload as never, requirements as never),
      settle: (payload, requirements) => facilitator.settle(payload as never, requirements as never),
    },
    Number(env["PORT"] ?? 0),
  );
}

/** exact, upto and batch-settlement on the suite's EVM chain, with the eip2612GasSponsoring extension announced. */
async function registerEvm(
  facilitator: x402Facilitator,
  env: Record<string, string | undefined>,
  rpcUrl: string,
) {
  const chainId = Number(env["CHAIN_ID"]);
  const account = privateKeyToAccount(env["FACILITATOR_PRIVATE_KEY"] as Hex);
  await installMulticall3(rpcUrl);
  const chain = defineChain({
    id: chainId,
    name: `chain ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  const client = createWalletClient({ account, chain, transport: http(rpcUrl), pollingInterval: 50 }).extend(
    publicActions,
  );
  const signer = toFacilitatorEvmSigner({
    address: account.address,
    readContract: (args) => client.readContract(args as never),
    verifyTypedData: (args) => client.verifyTypedData(args as never),
    writeContract: (args) => client.writeContract(args as never),
    sendTransaction: (args) => client.sendTransaction(args as never),
    waitForTransactionReceipt: (args) => client.waitForTransactionReceipt(args),
    getCode: (args) => client.getCode(args),
  });
  registerExactEvmScheme(facilitator, { signer, networks: `eip155:${chainId}` });
  facilitator.register(`eip155:${chainId}`, new UptoEvmScheme(signer));
  facilitator.register(`eip155:${chainId}`, new BatchSettlementEvmScheme(signer));
  // The reference's schemes act on an EIP-2612 permit in any payload; registering the extension only announces it
  // in GET /supported (the value of @x402/extensions' EIP2612_GAS_SPONSORING, not a dependency here).
  facilitator.registerExtension({ key: "eip2612GasSponsoring" });
}

if (isMain(import.meta.url)) {
  const { url } = await startReferenceFacilitator(process.env);
  console.log(`reference facilitator listening on ${url}`);
}
