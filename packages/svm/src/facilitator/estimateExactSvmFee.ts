/** Solana's base fee per signature, in lamports. */
export const lamportsPerSignature = 5_000n;

export type EstimateExactSvmFeeParameters = {
  signatures: number;
  /** The SetComputeUnitLimit's units. */
  computeUnits: number;
  /** The SetComputeUnitPrice's price, in micro-lamports per unit. */
  computeUnitPriceMicroLamports: bigint;
};

/** Lamports. */
export type EstimateExactSvmFeeReturnType = bigint;

/**
 * The most an exact transaction costs its fee payer, in lamports: the base fee for each signature plus the priority
 * fee, the compute unit price times the requested unit limit, rounded up. Solana charges the priority fee on the
 * requested limit, landed or failed, so this is also what a landed transaction costs.
 */
export function estimateExactSvmFee(
  parameters: EstimateExactSvmFeeParameters,
): EstimateExactSvmFeeReturnType {
  const { signatures, computeUnits, computeUnitPriceMicroLamports } = parameters;
  return (
    lamportsPerSignature * BigInt(signatures) +
    (computeUnitPriceMicroLamports * BigInt(computeUnits) + 999_999n) / 1_000_000n
  );
}
