export type SimulationFailureParameters = { err: unknown; logs: readonly string[] | null | undefined };

export type SimulationFailureReturnType = { reason: string; message: string };

/**
 * The transfer is the third instruction (scheme_exact_svm.md §3.1 "Path 1 — Static Layout Verification"). SPL Token's
 * (and Token-2022's) errors: InsufficientFunds is Custom(1), MintDecimalsMismatch Custom(18).
 */
const transferIndex = 2;
const tokenInsufficientFunds = 1;
const tokenMintDecimalsMismatch = 18;

const json = (value: unknown) =>
  JSON.stringify(value, (_, item) => (typeof item === "bigint" ? item.toString() : item));

/**
 * The reason for a simulation that failed (scheme_exact_svm.md §2.2.3): an expired blockhash, the payer's token
 * balance (the spec's `insufficient_funds`), or `invalid_exact_svm_transaction_simulation_failed` with the error
 * and the program's last log line.
 */
export function simulationFailure(parameters: SimulationFailureParameters): SimulationFailureReturnType {
  const { err, logs } = parameters;
  if (err === "BlockhashNotFound")
    return {
      reason: "invalid_exact_svm_payload_blockhash_expired",
      message: "The transaction's blockhash expired; sign a new transaction.",
    };
  const instructionError = (err as { InstructionError?: [unknown, unknown] } | null)?.InstructionError;
  const transferError =
    instructionError && Number(instructionError[0]) === transferIndex
      ? Number((instructionError[1] as { Custom?: unknown } | null)?.Custom)
      : undefined;
  if (transferError === tokenInsufficientFunds)
    return { reason: "insufficient_funds", message: "The payer's token account holds less than the amount." };
  const last = logs?.findLast((line) => !line.endsWith(" success") && !line.includes(" consumed "));
  // TransferChecked carries the mint's decimals; the token program refuses other decimals (no static check: the
  // requirements do not carry the decimals, and the mint is read by the simulation anyway).
  const why =
    transferError === tokenMintDecimalsMismatch ? "the transfer's decimals are not the mint's; " : "";
  return {
    reason: "invalid_exact_svm_transaction_simulation_failed",
    message: `The simulation failed: ${why}${json(err)}${last ? ` (${last.slice(0, 160)})` : ""}`,
  };
}
