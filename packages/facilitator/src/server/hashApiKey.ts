import { createHash } from "node:crypto";

export type HashApiKeyReturnType = string;

/**
 * An API key's SHA-256 as 64 lower-case hex digits: what `createFacilitatorServer`'s `apiKeys` hold, so that the
 * keys themselves are never stored. Keys are long random strings (`createApiKey`), so a plain hash is enough; a slow
 * password hash would only make every request slower.
 */
export function hashApiKey(key: string): HashApiKeyReturnType {
  return createHash("sha256").update(key, "utf8").digest("hex");
}
