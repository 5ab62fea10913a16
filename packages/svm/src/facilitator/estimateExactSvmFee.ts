import { computeBudgetProgramAddress } from "../constants.js";
import type { DecodedSvmTransaction } from "../utils/decodeSvmTransaction.js";

/** Solana's base fee per signature, in lamports. */
export const lamportsPerSignature = 5_000n;

export type EstimateExactSvmFeeParameters = { decoded: DecodedSvmTransaction };

/** Lamports. */
export type EstimateExactSvmFeeReturnType = bigint;

const setComputeUnitLimit = 2;
const setComputeUnitPrice = 3;

/**
 * The most an exact transaction costs its fee payer, in lamports: the base fee for each signature plus the priority
 * fee, the compute unit price (micro-lamports) times the requested unit limit, rounded up. Solana charges the
 * priority fee on the requested limit, landed or failed, so this is also what a landed transaction costs.
 */
export function estimateExactSvmFee({
  decoded,
}: EstimateExactSvmFeeParameters): EstimateExactSvmFeeReturnType {
  let units = 0n;
  let microLamports = 0n;
  for (const { programAddress, data } of decoded.instructions) {
    if (programAddress !== computeBudgetProgramAddress) continue;
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    if (data[0] === setComputeUnitLimit && data.length === 5) units = BigInt(view.getUint32(1, true));
    if (data[0] === setComputeUnitPrice && data.length === 9) microLamports = view.getBigUint64(1, true);
  }
  return (
    lamportsPerSignature * BigInt(decoded.signers.length) + (microLamports * units + 999_999n) / 1_000_000n
  );
}
