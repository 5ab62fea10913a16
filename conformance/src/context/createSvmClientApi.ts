import type { Address, KeyPairSigner } from "@solana/kit";
import type { PaymentRequirements } from "@x402kit/types";
import type { SuiteResourceServer } from "../suite/startSuiteResourceServer.js";
import type { SuiteSolana } from "../suite/startSuiteSolana.js";
import { type ClientRun, type ClientRunParameters, runClientOnce } from "./createClientContext.js";

/** What the suite saw of one run of the client under test on Solana. */
export type SvmClientRun = Omit<ClientRun, "buyer" | "payTo"> & { buyer: KeyPairSigner; payTo: Address };

/** The Solana part of a client run (`--family solana`). */
export type SvmClientApi = {
  chain: SuiteSolana;
  /**
   * Like `runClient`, on Solana: a fresh buyer with 1 mock USDC and no SOL, a fresh payTo, exact SVM requirements.
   * Without parameters, the run is the default one, made once per run of the suite and shared by the cases that only
   * read it (each run of a client command costs a process start).
   */
  runClient: (parameters?: ClientRunParameters) => Promise<SvmClientRun>;
};

/** The client's env on Solana (README: client target): the route, the buyer's key, the chain. */
export function svmClientEnv(chain: SuiteSolana, secretKey: string): Record<string, string> {
  return { PRIVATE_KEY: secretKey, RPC_URL: chain.rpcUrl, NETWORK: chain.network, ASSET: chain.usdc.address };
}

export function createSvmClientApi(parameters: {
  command: string;
  chain: SuiteSolana;
  resourceServer: SuiteResourceServer;
  echo?: boolean;
}): SvmClientApi {
  const { chain } = parameters;
  let defaultRun: Promise<SvmClientRun> | undefined;
  const runClient = async (options: ClientRunParameters = {}): Promise<SvmClientRun> => {
    const [{ signer, secretKey }, payTo] = await Promise.all([chain.newKeyedBuyer(), chain.newPayTo()]);
    // scheme_exact_svm.md: the suite's facilitator's fee payer in extra.feePayer.
    const requirements: PaymentRequirements = {
      scheme: "exact",
      network: chain.network,
      amount: options.amount ?? "10000",
      asset: chain.usdc.address,
      payTo,
      maxTimeoutSeconds: 60,
      extra: { feePayer: chain.feePayer },
    };
    const offered = options.accepts ? options.accepts(requirements) : [requirements];
    const record = await runClientOnce({
      command: parameters.command,
      resourceServer: parameters.resourceServer,
      offered,
      options,
      env: svmClientEnv(chain, secretKey),
      echo: parameters.echo,
    });
    return { buyer: signer, payTo, requirements, ...record };
  };
  return {
    chain,
    runClient: (options) => {
      if (options !== undefined) return runClient(options);
      defaultRun ??= runClient();
      return defaultRun;
    },
  };
}
