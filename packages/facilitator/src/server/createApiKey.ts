import { randomBytes } from "node:crypto";
import { hashApiKey } from "./hashApiKey.js";

export type CreateApiKeyReturnType = {
  /** Give it to the client (core's `createFacilitatorClient({ apiKey })`); never store it. */
  key: string;
  /** What the facilitator stores: `hashApiKey(key)`. */
  sha256: string;
};

/** A new API key: `x402k_` and 32 random bytes in base64url, with its SHA-256. */
export function createApiKey(): CreateApiKeyReturnType {
  const key = `x402k_${randomBytes(32).toString("base64url")}`;
  return { key, sha256: hashApiKey(key) };
}
