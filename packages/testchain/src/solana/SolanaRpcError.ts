/** A JSON-RPC error of the Solana test chain: the code and message a cluster's RPC answers with. */
export class SolanaRpcError extends Error {
  override name = "SolanaRpcError";
  readonly code: number;
  readonly data: unknown;

  constructor(code: number, message: string, data?: unknown) {
    super(message);
    this.code = code;
    this.data = data;
  }
}
