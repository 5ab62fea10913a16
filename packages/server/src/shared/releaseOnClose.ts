import type { ServerResponse } from "node:http";
import { CLIENT_CLOSED_STATUS, type Settler } from "./createSettler.js";

/**
 * When the connection closes and the payment was never settled (the client went away before the response was
 * ready, or the response bypassed the adapter), release it without settling: nothing is charged, nothing leaks.
 */
export function releaseOnClose(response: ServerResponse, settle: Settler): void {
  response.once("close", () => {
    if (!settle.called) void settle(CLIENT_CLOSED_STATUS);
  });
}
