import type { SchemeFacilitator, SchemePaymentParameters } from "@x402kit/core";
import {
  caip2ToV1Network,
  type SettleResponse,
  type SupportedKind,
  type VerifyResponse,
} from "@x402kit/types";
import type { ExactEvmError } from "../errors/ExactEvmError.js";
import { eip2612GasSponsoringKey } from "../extensions/eip2612GasSponsoringExtension.js";
import type { NonceManager } from "./createNonceManager.js";
import { createVerificationReuse } from "./createVerificationReuse.js";
import { exactEvmSettlementKey } from "./exactEvmSettlementKey.js";
import { resolveExactEvmBroadcast } from "./resolveExactEvmBroadcast.js";
import { type EvmFacilitatorOptions, resolveFacilitatorOptions } from "./resolveFacilitatorOptions.js";
import { settleEvmPayment } from "./settleEvmPayment.js";
import { verifyEip3009 } from "./verifyEip3009.js";
import { verifyExactPermit2 } from "./verifyExactPermit2.js";

export type ExactEvmFacilitatorParameters = EvmFacilitatorOptions & {
  /** Gas limit of an EIP-3009 settlement from an EOA. Default 150 000. */
  gasLimit?: bigint | undefined;
  /** Gas limit of an EIP-3009 settlement from a smart wallet (EIP-1271 costs more). Default 300 000. */
  smartWalletGasLimit?: bigint | undefined;
  /** Gas limit of a Permit2 settlement (the exact proxy's `settle`). Default 200 000. */
  permit2GasLimit?: bigint | undefined;
  /** Gas limit of `settleWithPermit` (EIP-2612 gas sponsoring: the permit, then the settlement). Default 300 000. */
  permitGasLimit?: bigint | undefined;
};

export type ExactEvmFacilitatorReturnType = SchemeFacilitator &
  Required<Pick<SchemeFacilitator, "resolveBroadcast" | "extensions">> & {
    readonly nonceManager: NonceManager;
  };

export type ExactEvmFacilitatorErrorType = ExactEvmError;

/** scheme_exact_evm.md: the payload's shape names its asset transfer method. */
const isPermit2Payload = (payment: SchemePaymentParameters) =>
  typeof payment.payload.payload === "object" && "permit2Authorization" in payment.payload.payload;

/**
 * The facilitator side of the exact scheme on EVM (scheme_exact_evm.md, spec v2 §6.1): EIP-3009 payloads settle
 * with the token's `transferWithAuthorization`, Permit2 payloads through the x402 exact proxy (`settleWithPermit`
 * with an `eip2612GasSponsoring` permit). Verifies with the cheap checks first and one batched round of RPC reads,
 * settles through a nonce manager, and keeps the transaction hash when a receipt is slow. Throws
 * ExactEvmError("invalid_config") for a bad configuration.
 */
export function exactEvmFacilitator(
  parameters: ExactEvmFacilitatorParameters,
): ExactEvmFacilitatorReturnType {
  const { contexts, settings } = resolveFacilitatorOptions(parameters, {
    gasLimit: { value: parameters.gasLimit, fallback: 150_000n },
    smartWalletGasLimit: { value: parameters.smartWalletGasLimit, fallback: 300_000n },
    permit2GasLimit: { value: parameters.permit2GasLimit, fallback: 200_000n },
    permitGasLimit: { value: parameters.permitGasLimit, fallback: 300_000n },
  });
  const networks = [...contexts.keys()];
  const reuse = createVerificationReuse({ settings });
  const verified = (payment: SchemePaymentParameters) =>
    isPermit2Payload(payment)
      ? verifyExactPermit2({ payment, contexts, settings })
      : verifyEip3009({ payment, contexts, settings });

  return {
    scheme: "exact",
    networks,
    nonceManager: settings.nonceManager,

    // The v1 twins declare that exact also serves v1 (spec v1 knows exact on named networks).
    supportedKinds(): SupportedKind[] {
      return networks.flatMap((network) => {
        const v1 = caip2ToV1Network(network);
        const kinds: SupportedKind[] = [{ x402Version: 2, scheme: "exact", network }];
        if (v1) kinds.push({ x402Version: 1, scheme: "exact", network: v1 });
        return kinds;
      });
    },

    signers() {
      const addresses = [
        ...new Set([...contexts.values()].flatMap(({ signers }) => signers.map(({ address }) => address))),
      ];
      return { "eip155:*": addresses };
    },

    extensions: () => [eip2612GasSponsoringKey],

    async verify(payment): Promise<VerifyResponse> {
      const result = await verified(payment);
      reuse.remember(payment, result);
      return result.response;
    },

    // With batch settlement, the verification that /verify just made of this payment (createVerificationReuse).
    async settle(payment, context): Promise<SettleResponse> {
      const network = payment.requirements.network;
      const result = reuse.take(payment) ?? (await verified(payment));
      return settleEvmPayment({ network, verified: result, context, settings });
    },

    settlementKey: exactEvmSettlementKey,

    resolveBroadcast(parameters) {
      return resolveExactEvmBroadcast({ ...parameters, contexts });
    },
  };
}
