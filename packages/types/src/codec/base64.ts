// Standard base64, padded: whole groups of four, `=` only as the last one or two characters. The length test and
// this flat pattern say the same as a pattern of groups, at half its cost on a 1.5 kB header.
const base64Characters = /^[A-Za-z0-9+/]*={0,2}$/;
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();
/** Node's Buffer where there is one (its base64 codec is native); browsers take the portable path. */
type BufferLike = {
  from(value: string, encoding: "base64" | "utf8"): Uint8Array & { toString(encoding: "base64"): string };
};
const nodeBuffer = (globalThis as { Buffer?: BufferLike }).Buffer;

/** Standard base64 (RFC 4648 §4, `+/`, padded) of the UTF-8 bytes of a string. */
export function base64EncodeUtf8(text: string): string {
  // Both paths encode lone surrogates as U+FFFD, as TextEncoder does.
  if (nodeBuffer) return nodeBuffer.from(text, "utf8").toString("base64");
  const bytes = encoder.encode(text);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Decodes strict standard base64 to UTF-8 text. Returns undefined for anything else: base64url, missing padding,
 * white space, or bytes that are not valid UTF-8.
 */
export function base64DecodeUtf8(value: string): string | undefined {
  if (value.length % 4 !== 0 || !base64Characters.test(value)) return undefined;
  // The strict pattern above has been checked, so Buffer's lenient decoder sees only what atob would accept.
  const bytes = nodeBuffer ? nodeBuffer.from(value, "base64") : binaryBytes(atob(value));
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

function binaryBytes(binary: string): Uint8Array {
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
