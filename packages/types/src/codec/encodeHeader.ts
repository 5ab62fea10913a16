import { base64EncodeUtf8 } from "./base64.js";

/** Encodes an x402 message as a header value: standard base64 of its UTF-8 JSON (transports-v2/http.md). */
export function encodeHeader(value: unknown): string {
  return base64EncodeUtf8(JSON.stringify(value));
}
