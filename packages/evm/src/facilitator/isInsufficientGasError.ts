/**
 * Whether a node's refusal of a transaction says that its sender cannot pay for it: geth and most clients answer
 * "insufficient funds for gas * price + value", Hardhat "Sender doesn't have enough funds to send tx", others
 * "insufficient balance". The settlement then fails as `facilitator_insufficient_gas`: the facilitator's fault,
 * not the payer's, and nothing was sent.
 */
export function isInsufficientGasError(message: string): boolean {
  return /insufficient funds|doesn'?t have enough funds|insufficient balance for|not enough funds for gas|gas required exceeds allowance/i.test(
    message,
  );
}
