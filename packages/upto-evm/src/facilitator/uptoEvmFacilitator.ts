import type { SchemeFacilitator } from "@x402kit/core";
import {
  type EvmFacilitatorOptions,
  ExactEvmError,
  eip2612GasSponsoringKey,
  type NonceManager,
  permit2AuthorizationState,
  permit2SettlementKey,
  resolveFacilitatorOptions,
  resolveSettlementBroadcast,
  settleEvmPayment,
} from "@x402kit/evm";
import type { SettleResponse, SupportedKind, VerifyResponse } from "@x402kit/types";
import { verifyUptoPermit2 } from "./verifyUptoPermit2.js";

export type UptoEvmFacilitatorParameters = EvmFacilitatorOptions & {
  /** Gas limit of `settle`. Default 200 000. */
  gasLimit?: bigint | undefined;
  /** Gas limit of `settleWithPermit` (EIP-2612 gas sponsoring). Default 300 000. */
  permitGasLimit?: bigint | undefined;
};

export type UptoEvmFacilitatorReturnType = SchemeFacilitator &
  Required<Pick<SchemeFacilitator, "resolveBroadcast" | "extensions">> & {
    readonly nonceManager: NonceManager;
  };

/** The shared EVM facilitator options are validated by @x402kit/evm. */
export type UptoEvmFacilitatorErrorType = ExactEvmError;

/**
 * The facilitator side of the upto scheme on EVM (scheme_upto_evm.md): verifies Permit2 authorizations bound to
 * this facilitator's signer, and settles the amount that the resource server reports, at most the signed maximum,
 * through the x402 upto Permit2 proxy. Options, settlement, broadcast recovery and the settlement key are
 * @x402kit/evm's, shared with the exact scheme. `GET /supported` announces the signer as `extra.facilitatorAddress`
 * of each upto kind, so that servers can put it in their requirements. Throws ExactEvmError("invalid_config") for a
 * bad configuration.
 */
export function uptoEvmFacilitator(parameters: UptoEvmFacilitatorParameters): UptoEvmFacilitatorReturnType {
  const { contexts, settings } = resolveFacilitatorOptions(parameters, {
    gasLimit: { value: parameters.gasLimit, fallback: 200_000n },
    permitGasLimit: { value: parameters.permitGasLimit, fallback: 300_000n },
  });
  const networks = [...contexts.keys()];
  // scheme_upto_evm.md: an authorization names the one facilitator address that may settle it.
  for (const { network, signers } of contexts.values())
    if (signers.length > 1)
      throw new ExactEvmError(
        "invalid_config",
        `networks["${network}"]: upto settles from one account (the facilitator address its authorizations name); give one signer.`,
        { details: { network } },
      );

  return {
    scheme: "upto",
    networks,
    nonceManager: settings.nonceManager,

    // scheme_upto_evm.md phase 2: the facilitator announces its address in the kind's extra. upto is v2 only.
    supportedKinds(): SupportedKind[] {
      return [...contexts.values()].map(({ network, signer }) => ({
        x402Version: 2,
        scheme: "upto",
        network,
        extra: { facilitatorAddress: signer.address },
      }));
    },

    signers() {
      return Object.fromEntries(
        [...contexts.values()].map(({ network, signer }) => [network, [signer.address]]),
      );
    },

    extensions: () => [eip2612GasSponsoringKey],

    async verify(payment): Promise<VerifyResponse> {
      return (await verifyUptoPermit2({ payment, contexts, settings, phase: "verify" })).response;
    },

    async settle(payment, context): Promise<SettleResponse> {
      const verified = await verifyUptoPermit2({ payment, contexts, settings, phase: "settle" });
      return settleEvmPayment({ network: payment.requirements.network, verified, context, settings });
    },

    settlementKey: permit2SettlementKey,

    resolveBroadcast(parameters) {
      const authorization = permit2AuthorizationState(parameters.payload);
      return resolveSettlementBroadcast({ ...parameters, contexts, authorization });
    },
  };
}
