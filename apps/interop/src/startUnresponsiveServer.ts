import { type ListenReturnType, listen } from "./listen.js";

/** A loopback server that accepts every request and never answers: a hung facilitator. */
export function startUnresponsiveServer(): Promise<ListenReturnType> {
  return listen(() => {});
}
