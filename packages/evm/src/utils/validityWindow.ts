/** How far back `validAfter` is set, to absorb clock skew between the client and the chain (x402 notes). */
export const validAfterSkewSeconds = 600;

export type ValidityWindowParameters = {
  /** Unix seconds. */
  now: number;
  /** The requirements' `maxTimeoutSeconds`. */
  maxTimeoutSeconds: number;
};

export type ValidityWindowReturnType = { validAfter: bigint; validBefore: bigint };

/** The client's EIP-3009 time window: `validAfter = now - 600`, `validBefore = now + maxTimeoutSeconds`. */
export function validityWindow(parameters: ValidityWindowParameters): ValidityWindowReturnType {
  const now = BigInt(Math.floor(parameters.now));
  const validAfter = now - BigInt(validAfterSkewSeconds);
  return {
    validAfter: validAfter < 0n ? 0n : validAfter,
    validBefore: now + BigInt(parameters.maxTimeoutSeconds),
  };
}
