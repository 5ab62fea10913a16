import type { ResourceInfo } from "@x402kit/types";

export type ServiceMetadata = { serviceName?: string; tags?: string[]; iconUrl?: string };

/** Printable ASCII (U+0020 to U+007E), 1 to 32 characters (extensions/bazaar.md, "Validation Rules"). */
const isShortPrintableAscii = (value: unknown): value is string =>
  typeof value === "string" && value.length > 0 && value.length <= 32 && /^[\x20-\x7e]+$/.test(value);

const loopbackNames = new Set(["localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"]);

/**
 * The `iconUrl` rule of extensions/bazaar.md: at most 2048 characters without control characters, an absolute
 * http(s) URL without user info, whose host (percent-decoded and IDN-normalised, which WHATWG URL parsing does,
 * turning decimal and hex IPv4 forms into dotted ones) is neither an IP literal nor a loopback name.
 */
export function isValidIconUrl(value: unknown): value is string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return false;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the rule is about control characters
  if (/[\u0000-\u001f\u007f-\u009f]/.test(value)) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  if (url.username !== "" || url.password !== "") return false;
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  if (host === "" || host.startsWith("[") || loopbackNames.has(host)) return false;
  if (/^\d+(\.\d+){0,3}$/.test(host) || /^0x[0-9a-f]+$/.test(host)) return false;
  return true;
}

/**
 * The service metadata of a `resource` (extensions/bazaar.md, "Service Metadata on `resource`"), with the spec's
 * soft-drop rules: an invalid field is dropped, the rest kept; tags are deduplicated without case and cut to the
 * first 5 valid ones.
 */
export function sanitizeServiceMetadata(resource: ResourceInfo | undefined): ServiceMetadata {
  if (!resource) return {};
  const metadata: ServiceMetadata = {};
  if (isShortPrintableAscii(resource.serviceName)) metadata.serviceName = resource.serviceName;
  if (Array.isArray(resource.tags)) {
    const seen = new Set<string>();
    const tags: string[] = [];
    for (const tag of resource.tags) {
      if (!isShortPrintableAscii(tag) || seen.has(tag.toLowerCase())) continue;
      seen.add(tag.toLowerCase());
      tags.push(tag);
      if (tags.length === 5) break;
    }
    if (tags.length > 0) metadata.tags = tags;
  }
  if (isValidIconUrl(resource.iconUrl)) metadata.iconUrl = resource.iconUrl;
  return metadata;
}
