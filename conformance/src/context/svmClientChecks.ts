import type { ClientContext } from "../types.js";
import type { SvmClientApi } from "./createSvmClientApi.js";

/** The Solana part of a client run; a Solana client case run without it is skipped. */
export function svmClientOf(context: ClientContext): SvmClientApi {
  if (!context.solana) return context.skip("not a --family solana run: the suite started no Solana chain");
  return context.solana;
}
