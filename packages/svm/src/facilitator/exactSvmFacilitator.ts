import type { SchemeFacilitator } from "@x402kit/core";
import {
  caip2ToV1Network,
  type SettleResponse,
  type SupportedKind,
  type VerifyResponse,
} from "@x402kit/types";
import {
  defaultMaxComputeUnitPriceMicroLamports,
  defaultMaxComputeUnits,
  exactSvmExtraHints,
} from "../constants.js";
import { ExactSvmError } from "../errors/ExactSvmError.js";
import { createSvmNetworkContexts, type ExactSvmFacilitatorNetwork } from "./createSvmNetworkContexts.js";
import { exactSvmSettlementKey } from "./exactSvmSettlementKey.js";
import { resolveExactSvmBroadcast } from "./resolveExactSvmBroadcast.js";
import { settleExactSvmPayment } from "./settleExactSvmPayment.js";
import type { SvmFacilitatorSettings } from "./types.js";
import { verifyExactSvmPayment } from "./verifyExactSvmPayment.js";

export type ExactSvmFacilitatorParameters = {
  /** The networks to serve, by CAIP-2 id: `{ "solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp": { rpc, feePayer } }`. */
  networks: Record<string, ExactSvmFacilitatorNetwork>;
  /** The highest SetComputeUnitLimit accepted (scheme_exact_svm.md §2.2.1 Compute Budget Controls). Default 400 000. */
  maxComputeUnits?: number | undefined;
  /**
   * The highest SetComputeUnitPrice accepted, in micro-lamports per unit (scheme_exact_svm.md §3.1 Path 1 — Static
   * Layout Verification: at most 5 lamports per unit). Default 5 000 000.
   */
  maxComputeUnitPriceMicroLamports?: bigint | undefined;
  /** How long settle waits for a confirmation before it answers `settlement_pending`. Default 30 000 ms. */
  confirmTimeoutMs?: number | undefined;
  /** How often the statuses of the transactions that settle waits for are asked for. Default 400 ms (a slot). */
  pollingIntervalMs?: number | undefined;
  /** How often a transaction without a status is sent again while settle waits. Default 2 000 ms. */
  rebroadcastIntervalMs?: number | undefined;
};

export type ExactSvmFacilitatorReturnType = SchemeFacilitator &
  Required<Pick<SchemeFacilitator, "resolveBroadcast" | "health">>;

export type ExactSvmFacilitatorErrorType = ExactSvmError;

const positive = (name: string, value: number | undefined, fallback: number): number => {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new ExactSvmError("invalid_config", `\`${name}\` must be a positive integer.`, {
      details: { [name]: value },
    });
  return value;
};

/**
 * The facilitator side of the exact scheme on Solana (scheme_exact_svm.md, spec v2 §6.2): the facilitator is the fee
 * payer and signs for nothing else. Verify runs the checks of §2.1 (Minimal Safety Baseline) and §3.1 (Path 1 —
 * Static Layout Verification) with no RPC first, then simulates the client's transaction and looks up the status of
 * the transaction it becomes (`verifyExactSvmPayment`); settle signs as fee payer, records the transaction id
 * (`onBroadcast`) before it sends, and awaits the confirmation (`settleExactSvmPayment`). `GET /supported` announces
 * a fee payer per network in `extra.feePayer`, the fee payers taking turns, and lists them under `signers["solana:*"]`.
 * Throws ExactSvmError("invalid_config") for a bad configuration.
 */
export function exactSvmFacilitator(
  parameters: ExactSvmFacilitatorParameters,
): ExactSvmFacilitatorReturnType {
  const contexts = createSvmNetworkContexts({
    networks: parameters.networks,
    pollingIntervalMs: positive("pollingIntervalMs", parameters.pollingIntervalMs, 400),
  });
  const maxPrice = parameters.maxComputeUnitPriceMicroLamports ?? defaultMaxComputeUnitPriceMicroLamports;
  if (typeof maxPrice !== "bigint" || maxPrice < 0n)
    throw new ExactSvmError(
      "invalid_config",
      "`maxComputeUnitPriceMicroLamports` must be a non-negative bigint.",
    );
  const settings: SvmFacilitatorSettings = {
    maxComputeUnits: positive("maxComputeUnits", parameters.maxComputeUnits, defaultMaxComputeUnits),
    maxComputeUnitPriceMicroLamports: maxPrice,
    confirmTimeoutMs: positive("confirmTimeoutMs", parameters.confirmTimeoutMs, 30_000),
    rebroadcastIntervalMs: positive("rebroadcastIntervalMs", parameters.rebroadcastIntervalMs, 2_000),
    feePayerAddresses: new Set([...contexts.values()].flatMap((context) => [...context.feePayers.keys()])),
  };
  const networks = [...contexts.keys()];

  return {
    scheme: "exact",
    extraHints: exactSvmExtraHints,
    networks,

    // The v1 twins declare that exact also serves v1 where the network has a v1 name (solana, solana-devnet).
    supportedKinds(): SupportedKind[] {
      return [...contexts.values()].flatMap((context) => {
        const extra = { feePayer: context.nextFeePayer().address };
        const v1 = caip2ToV1Network(context.network);
        const kinds: SupportedKind[] = [{ x402Version: 2, scheme: "exact", network: context.network, extra }];
        if (v1) kinds.push({ x402Version: 1, scheme: "exact", network: v1, extra });
        return kinds;
      });
    },

    signers: () => ({ "solana:*": [...settings.feePayerAddresses] }),

    async verify(payment): Promise<VerifyResponse> {
      return (await verifyExactSvmPayment({ payment, contexts, settings })).response;
    },

    async settle(payment, context): Promise<SettleResponse> {
      const verified = await verifyExactSvmPayment({ payment, contexts, settings });
      return settleExactSvmPayment({
        network: payment.requirements.network,
        amount: payment.requirements.amount,
        verified,
        context,
        settings,
      });
    },

    settlementKey: exactSvmSettlementKey,

    resolveBroadcast: (broadcast) => resolveExactSvmBroadcast({ ...broadcast, contexts }),

    async health() {
      await Promise.all([...contexts.values()].map((context) => context.rpc.getHealth().send()));
    },
  };
}
