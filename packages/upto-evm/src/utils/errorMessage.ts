import { BaseError } from "viem";

/** A one-line description of an error, for `invalidMessage` / `errorMessage`. */
export function errorMessage(error: unknown): string {
  if (error instanceof BaseError) return error.shortMessage;
  if (error instanceof Error) return error.message.split("\n")[0] ?? error.name;
  return String(error);
}
