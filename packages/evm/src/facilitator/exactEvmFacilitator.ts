import type { NonceStore, SchemeFacilitator, SchemePaymentParameters } from "@x402kit/core";
import {
  caip2ToV1Network,
  type SettleResponse,
  type SupportedKind,
  type VerifyResponse,
} from "@x402kit/types";
import { ExactEvmError } from "../errors/ExactEvmError.js";
import { nowSeconds } from "../utils/nowSeconds.js";
import { createNetworkContexts, type ExactEvmFacilitatorNetwork } from "./createNetworkContexts.js";
import { createNonceManager, type NonceManager } from "./createNonceManager.js";
import { exactEvmSettlementKey } from "./exactEvmSettlementKey.js";
import { resolveEip3009Broadcast } from "./resolveEip3009Broadcast.js";
import { settleEip3009 } from "./settleEip3009.js";
import { verifyEip3009 } from "./verifyEip3009.js";

export type ExactEvmFacilitatorParameters = {
  /** The networks to serve, by CAIP-2 id: `{ "eip155:8453": { rpcUrl, signer } }`. */
  networks: Record<string, ExactEvmFacilitatorNetwork>;
  /** Where the signer's transaction nonces live. Default: in memory. Give the facilitator's store to share it. */
  nonceStore?: NonceStore | undefined;
  /** Or a whole nonce manager, to share one between schemes. Takes precedence over `nonceStore`. */
  nonceManager?: NonceManager | undefined;
  /** How long settle waits for a receipt before answering `settlement_pending` with the hash. Default 30 000. */
  receiptTimeoutMs?: number | undefined;
  /** An authorization must stay valid this many seconds past now to be accepted. Default 6. */
  validityMarginSeconds?: number | undefined;
  /** The clock, in Unix seconds. */
  now?: (() => number) | undefined;
  /** Gas limit of a settlement from an EOA. Default 150 000. */
  gasLimit?: bigint | undefined;
  /** Gas limit of a settlement from a smart wallet (EIP-1271 costs more). Default 300 000. */
  smartWalletGasLimit?: bigint | undefined;
  /** How often to poll for receipts. Default 500 ms. */
  pollingIntervalMs?: number | undefined;
  /** How long fee data is reused (about a block). Default 2 000 ms. */
  feeCacheMs?: number | undefined;
};

export type ExactEvmFacilitatorReturnType = SchemeFacilitator &
  Required<Pick<SchemeFacilitator, "resolveBroadcast">> & { readonly nonceManager: NonceManager };

export type ExactEvmFacilitatorErrorType = ExactEvmError;

const invalidOption = (name: string, value: unknown): never => {
  throw new ExactEvmError("invalid_config", `\`${name}\` must be a non-negative number.`, {
    details: { [name]: value },
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

const permit2Unsupported = "Permit2 payloads are not supported yet; pay with EIP-3009.";
const isPermit2Payload = (payment: SchemePaymentParameters) =>
  typeof payment.payload.payload === "object" && "permit2Authorization" in payment.payload.payload;

/**
 * The facilitator side of the exact scheme on EVM, with EIP-3009 (scheme_exact_evm.md, spec v2 §6.1): verifies
 * with the cheap checks first and one batched round of RPC reads, settles through a nonce manager, and keeps the
 * transaction hash when a receipt is slow. Throws ExactEvmError("invalid_config") for a bad configuration.
 */
export function exactEvmFacilitator(
  parameters: ExactEvmFacilitatorParameters,
): ExactEvmFacilitatorReturnType {
  const pollingIntervalMs = numberOption("pollingIntervalMs", parameters.pollingIntervalMs, 500);
  const contexts = createNetworkContexts({
    networks: parameters.networks,
    pollingIntervalMs,
    feeCacheMs: numberOption("feeCacheMs", parameters.feeCacheMs, 2_000),
  });
  const nonceManager = parameters.nonceManager ?? createNonceManager({ store: parameters.nonceStore });
  const settings = {
    receiptTimeoutMs: numberOption("receiptTimeoutMs", parameters.receiptTimeoutMs, 30_000),
    validityMarginSeconds: numberOption("validityMarginSeconds", parameters.validityMarginSeconds, 6),
    now: parameters.now ?? nowSeconds,
    pollingIntervalMs,
    nonceManager,
    gasLimit: gasOption("gasLimit", parameters.gasLimit, 150_000n),
    smartWalletGasLimit: gasOption("smartWalletGasLimit", parameters.smartWalletGasLimit, 300_000n),
  };
  const networks = [...contexts.keys()];

  return {
    scheme: "exact",
    networks,
    nonceManager,

    supportedKinds(): SupportedKind[] {
      return networks.flatMap((network) => {
        const v1 = caip2ToV1Network(network);
        const kinds: SupportedKind[] = [{ x402Version: 2, scheme: "exact", network }];
        if (v1) kinds.push({ x402Version: 1, scheme: "exact", network: v1 });
        return kinds;
      });
    },

    signers() {
      const addresses = [...new Set([...contexts.values()].map(({ signer }) => signer.address))];
      return { "eip155:*": addresses };
    },

    async verify(payment): Promise<VerifyResponse> {
      // scheme_exact_evm.md: the payload's shape names its asset transfer method. A Permit2 path goes here.
      if (isPermit2Payload(payment))
        return { isValid: false, invalidReason: "invalid_payload", invalidMessage: permit2Unsupported };
      return (await verifyEip3009({ payment, contexts, settings })).response;
    },

    async settle(payment, context): Promise<SettleResponse> {
      if (isPermit2Payload(payment))
        return {
          success: false,
          errorReason: "invalid_payload",
          errorMessage: permit2Unsupported,
          transaction: "",
          network: payment.requirements.network,
        };
      return settleEip3009({ payment, context, contexts, settings });
    },

    settlementKey: exactEvmSettlementKey,

    resolveBroadcast(parameters) {
      return resolveEip3009Broadcast({ ...parameters, contexts });
    },
  };
}
