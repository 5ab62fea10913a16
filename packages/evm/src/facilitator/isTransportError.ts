import { BaseError, HttpRequestError, SocketClosedError, TimeoutError, WebSocketRequestError } from "viem";

/**
 * Whether an RPC failure lies in the transport (the node was not reached or did not answer), as opposed to an
 * answer from the node (a revert, a refusal). After a transport error the outcome of a send is unknown.
 */
export function isTransportError(error: unknown): boolean {
  if (!(error instanceof BaseError)) return false;
  return Boolean(
    error.walk(
      (cause) =>
        cause instanceof HttpRequestError ||
        cause instanceof TimeoutError ||
        cause instanceof SocketClosedError ||
        cause instanceof WebSocketRequestError,
    ),
  );
}
