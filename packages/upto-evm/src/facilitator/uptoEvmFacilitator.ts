import type { NonceStore, SchemeFacilitator } from "@x402kit/core";
import {
  createNonceManager,
  type ExactEvmFacilitatorNetwork,
  type NonceManager,
  nowSeconds,
} from "@x402kit/evm";
import type { SettleResponse, SupportedKind, VerifyResponse } from "@x402kit/types";
import { UptoEvmError } from "../errors/UptoEvmError.js";
import { createUptoNetworkContexts } from "./createUptoNetworkContexts.js";
import { resolveUptoBroadcast } from "./resolveUptoBroadcast.js";
import { settleUptoPermit2 } from "./settleUptoPermit2.js";
import type { UptoFacilitatorSettings } from "./types.js";
import { uptoEvmSettlementKey } from "./uptoEvmSettlementKey.js";
import { verifyUptoPermit2 } from "./verifyUptoPermit2.js";

export type UptoEvmFacilitatorParameters = {
  /** The networks to serve, by CAIP-2 id: `{ "eip155:8453": { rpcUrl, signer } }`. */
  networks: Record<string, ExactEvmFacilitatorNetwork>;
  /** Where the signer's transaction nonces live. Default: in memory. */
  nonceStore?: NonceStore | undefined;
  /**
   * Or a whole nonce manager. Give the exact scheme's (`exactEvmFacilitator(...).nonceManager`) when both schemes
   * settle from the same account, so that their transactions never collide. Takes precedence over `nonceStore`.
   */
  nonceManager?: NonceManager | undefined;
  /** How long settle waits for a receipt before answering `settlement_pending` with the hash. Default 30 000. */
  receiptTimeoutMs?: number | undefined;
  /** An authorization must stay valid this many seconds past now to be accepted. Default 6. */
  validityMarginSeconds?: number | undefined;
  /** The clock, in Unix seconds. */
  now?: (() => number) | undefined;
  /** Gas limit of `settle`. Default 200 000. */
  gasLimit?: bigint | undefined;
  /** Gas limit of `settleWithPermit` (EIP-2612 gas sponsoring). Default 300 000. */
  permitGasLimit?: bigint | undefined;
  /** How often to poll for receipts. Default 500 ms. */
  pollingIntervalMs?: number | undefined;
};

export type UptoEvmFacilitatorReturnType = SchemeFacilitator &
  Required<Pick<SchemeFacilitator, "resolveBroadcast">> & { readonly nonceManager: NonceManager };

export type UptoEvmFacilitatorErrorType = UptoEvmError;

const invalidOption = (name: string, value: unknown): never => {
  throw new UptoEvmError("invalid_config", `\`${name}\` must be a non-negative number.`, {
    details: { [name]: String(value) },
  });
};
const numberOption = (name: string, value: number | undefined, fallback: number): number =>
  value === undefined ? fallback : Number.isFinite(value) && value >= 0 ? value : invalidOption(name, value);
const gasOption = (name: string, value: bigint | undefined, fallback: bigint): bigint =>
  value === undefined
    ? fallback
    : typeof value === "bigint" && value > 0n
      ? value
      : invalidOption(name, value);

/**
 * The facilitator side of the upto scheme on EVM (scheme_upto_evm.md): verifies Permit2 authorizations bound to
 * this facilitator's signer, and settles the amount that the resource server reports, at most the signed maximum,
 * through the x402 upto Permit2 proxy. `GET /supported` announces the signer as `extra.facilitatorAddress` of each
 * upto kind, so that servers can put it in their requirements. Throws UptoEvmError("invalid_config") for a bad
 * configuration.
 */
export function uptoEvmFacilitator(parameters: UptoEvmFacilitatorParameters): UptoEvmFacilitatorReturnType {
  const pollingIntervalMs = numberOption("pollingIntervalMs", parameters.pollingIntervalMs, 500);
  const contexts = createUptoNetworkContexts({ networks: parameters.networks, pollingIntervalMs });
  const nonceManager = parameters.nonceManager ?? createNonceManager({ store: parameters.nonceStore });
  const settings: UptoFacilitatorSettings = {
    receiptTimeoutMs: numberOption("receiptTimeoutMs", parameters.receiptTimeoutMs, 30_000),
    validityMarginSeconds: numberOption("validityMarginSeconds", parameters.validityMarginSeconds, 6),
    now: parameters.now ?? nowSeconds,
    pollingIntervalMs,
    nonceManager,
    gasLimit: gasOption("gasLimit", parameters.gasLimit, 200_000n),
    permitGasLimit: gasOption("permitGasLimit", parameters.permitGasLimit, 300_000n),
  };
  const networks = [...contexts.keys()];

  return {
    scheme: "upto",
    networks,
    nonceManager,

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

    async verify(payment): Promise<VerifyResponse> {
      return (await verifyUptoPermit2({ payment, contexts, settings, phase: "verify" })).response;
    },

    settle(payment, context): Promise<SettleResponse> {
      return settleUptoPermit2({ payment, context, contexts, settings });
    },

    settlementKey: uptoEvmSettlementKey,

    resolveBroadcast(parameters) {
      return resolveUptoBroadcast({ ...parameters, contexts });
    },
  };
}
