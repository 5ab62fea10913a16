import { exactSvmFacilitator } from "@x402kit/svm";
import {
  caip2ToV1Network,
  type PaymentRequirements,
  type SettleResponse,
  type SupportedKind,
  type VerifyResponse,
} from "@x402kit/types";
import type { Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { type NormalizedPayment, settleExactPayment, verifyExactPayment } from "./judgeExactPayment.js";
import type { SuiteSolana } from "./startSuiteSolana.js";
import type { SuiteChain } from "./suiteChain.js";

/** What the suite's facilitator announces in `GET /supported` (v2 §7.3). */
export type SuiteSupported = {
  kinds: SupportedKind[];
  extensions: string[];
  signers: Record<string, string[]>;
};

/**
 * The suite's own judge of payments, shared by the facilitator and the resource server it runs: exact on the EVM
 * chain (the suite's own EIP-3009 judge) and, when the run has a Solana chain, exact on Solana.
 */
export type SuiteJudge = {
  supported: SuiteSupported;
  verify: (payment: NormalizedPayment) => Promise<VerifyResponse>;
  /** Verifies again and settles; one settlement at a time. */
  settle: (payment: NormalizedPayment) => Promise<SettleResponse>;
};

export type CreateSuiteJudgeParameters = {
  /** The EVM chain, with the key the suite settles from; absent in a Solana run. */
  evm?: { chain: SuiteChain; privateKey: Hex } | undefined;
  /** The Solana chain; its fee payer (`feePayerSigner`) pays the fees. */
  solana?: SuiteSolana | undefined;
};

/**
 * Whether a client's `accepted` names `offered`: the fields that decide what moves. EVM addresses compare without
 * case (EIP-55 checksums); Solana's base58 addresses are case-sensitive.
 */
export function sameRequirement(a: PaymentRequirements, b: PaymentRequirements): boolean {
  const sameAddress = (x: string, y: string) =>
    x.startsWith("0x") ? x.toLowerCase() === y.toLowerCase() : x === y;
  return (
    a.scheme === b.scheme &&
    a.network === b.network &&
    a.amount === b.amount &&
    sameAddress(a.asset, b.asset) &&
    sameAddress(a.payTo, b.payTo)
  );
}

const isSolana = (network: string) => network.startsWith("solana:");

/**
 * Builds the suite's judge. On Solana it does not judge by itself: it runs the facilitator side of `@x402kit/svm`
 * (`exactSvmFacilitator`: scheme_exact_svm.md's verification rules, co-sign, send, confirm) against the suite's
 * chain, so that the scheme's logic exists once (README: "Solana"). Whatever it answers, the cases judge by the
 * chain: token balances and the signature's status.
 */
export function createSuiteJudge({ evm, solana }: CreateSuiteJudgeParameters): SuiteJudge {
  const account = evm ? privateKeyToAccount(evm.privateKey) : undefined;
  const svm = solana
    ? exactSvmFacilitator({
        networks: { [solana.network]: { rpc: solana.rpcUrl, feePayer: solana.feePayerSigner } },
        pollingIntervalMs: 50,
      })
    : undefined;
  // One settlement at a time: the EVM account's nonces never collide, and a duplicate sees the first one landed.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task);
    queue = run.catch(() => {});
    return run;
  };
  const v1Name = evm ? caip2ToV1Network(evm.chain.network) : undefined;
  const supported: SuiteSupported = {
    kinds: [
      ...(evm ? [{ x402Version: 2 as const, scheme: "exact", network: evm.chain.network }] : []),
      ...(v1Name ? [{ x402Version: 1 as const, scheme: "exact", network: v1Name }] : []),
      ...(svm ? svm.supportedKinds() : []),
    ],
    extensions: [],
    signers: {
      ...(account ? { "eip155:*": [account.address] } : {}),
      ...(svm ? svm.signers() : {}),
    },
  };

  /** The Solana refusal that comes before the scheme: another network, or `accepted` is not what was offered. */
  const svmPrecheck = (payment: NormalizedPayment): VerifyResponse | undefined => {
    if (payment.scheme !== "exact" || payment.requirements.scheme !== "exact")
      return { isValid: false, invalidReason: "unsupported_scheme" };
    if (payment.network !== payment.requirements.network)
      return { isValid: false, invalidReason: "invalid_network" };
    if (payment.accepted && !sameRequirement(payment.accepted, payment.requirements))
      return { isValid: false, invalidReason: "invalid_payment_requirements" };
    return undefined;
  };
  /** The scheme's view of a payment: always v2 (v2 §5.2). */
  const svmPayment = (payment: NormalizedPayment) => ({
    payload: {
      x402Version: 2 as const,
      accepted: payment.accepted ?? payment.requirements,
      payload: payment.payload as Record<string, never>,
    },
    requirements: payment.requirements,
  });
  const unknownNetwork: VerifyResponse = { isValid: false, invalidReason: "invalid_network" };
  const failure = (payment: NormalizedPayment, verdict: VerifyResponse): SettleResponse => ({
    success: false,
    errorReason: verdict.invalidReason ?? "unexpected_settle_error",
    transaction: "",
    network: payment.network,
    ...(verdict.payer ? { payer: verdict.payer } : {}),
  });

  return {
    supported,
    verify: async (payment) => {
      if (isSolana(payment.network)) {
        if (!svm) return unknownNetwork;
        return svmPrecheck(payment) ?? svm.verify(svmPayment(payment));
      }
      if (!evm) return unknownNetwork;
      return verifyExactPayment(evm.chain, payment);
    },
    settle: (payment) =>
      serial(async () => {
        if (isSolana(payment.network)) {
          if (!svm) return failure(payment, unknownNetwork);
          const refused = svmPrecheck(payment);
          if (refused) return failure(payment, refused);
          return svm.settle(svmPayment(payment), { onBroadcast: async () => {} });
        }
        if (!evm || !account) return failure(payment, unknownNetwork);
        return settleExactPayment(evm.chain, account, payment);
      }),
  };
}
