import type { DiscoveredResourceRecord } from "@x402kit/core";
import {
  type BazaarExtension,
  bazaarExtensionKey,
  type PaymentPayload,
  type PaymentRequirements,
} from "@x402kit/types";
import { isValidRouteTemplate } from "./isValidRouteTemplate.js";
import { sanitizeServiceMetadata } from "./sanitizeServiceMetadata.js";
import { validateDiscoveryDeclaration } from "./validateDiscoveryDeclaration.js";

export type DiscoveredResourceFromPaymentParameters = {
  payload: PaymentPayload;
  /** The requirements that were settled. */
  requirements: PaymentRequirements;
  /** The catalog's record under the same key, if any: its other ways to pay are kept. */
  existing?: DiscoveredResourceRecord | undefined;
  now: number;
};

export type DiscoveredResourceFromPaymentReturnType =
  /** No `bazaar` extension in the payment: nothing to catalog. */
  | { status: "absent" }
  | { status: "rejected"; reason: string }
  | { status: "valid"; record: DiscoveredResourceRecord };

/** How many ways to pay a catalogued resource keeps (the latest first). */
const maxAccepts = 8;

/**
 * The catalog key of a resource (extensions/bazaar.md): the URL without query or fragment, with the route template
 * in place of the concrete path for an HTTP route that has a valid one, and for an MCP tool its name besides.
 */
export function discoveryKey(
  url: URL,
  template: string | undefined,
  tool: string | undefined,
): { key: string; resource: string } {
  const path = template ?? url.pathname;
  const resource =
    url.protocol === "http:" || url.protocol === "https:"
      ? `${url.origin}${path}`
      : `${url.protocol}//${url.host}${url.pathname}`;
  return { key: tool === undefined ? resource : `${resource}#${tool}`, resource };
}

/**
 * What a settled payment tells the catalog (extensions/bazaar.md, "Facilitator Behavior"): validates the `bazaar`
 * extension the client echoed, then extracts the resource (URL, route template, method or MCP tool, input and
 * output) with the resource's service metadata cleaned by the spec's rules.
 */
export function discoveredResourceFromPayment(
  parameters: DiscoveredResourceFromPaymentParameters,
): DiscoveredResourceFromPaymentReturnType {
  const { payload, requirements, existing, now } = parameters;
  const declared = payload.extensions?.[bazaarExtensionKey];
  if (declared === undefined) return { status: "absent" };
  const validated = validateDiscoveryDeclaration(declared);
  if (!validated.valid) return { status: "rejected", reason: validated.reason };
  const extension: BazaarExtension = validated.extension;
  if (!payload.resource)
    return { status: "rejected", reason: "The payment names no resource (`resource.url`)." };
  let url: URL;
  try {
    url = new URL(payload.resource.url);
  } catch {
    return { status: "rejected", reason: "The resource URL is not an absolute URL." };
  }
  const input = extension.info.input;
  const tool = input.type === "mcp" ? (input.tool ?? input.toolName) : undefined;
  const template =
    input.type === "http" && isValidRouteTemplate(extension.routeTemplate)
      ? extension.routeTemplate
      : undefined;
  const { key, resource } = discoveryKey(url, template, tool);
  const sameWay = (other: PaymentRequirements) =>
    other.scheme === requirements.scheme &&
    other.network === requirements.network &&
    other.asset.toLowerCase() === requirements.asset.toLowerCase() &&
    other.payTo.toLowerCase() === requirements.payTo.toLowerCase();
  const accepts = [requirements, ...(existing?.accepts ?? []).filter((other) => !sameWay(other))].slice(
    0,
    maxAccepts,
  );
  const { routeTemplate: _dropped, ...kept } = extension;
  return {
    status: "valid",
    record: {
      key,
      resource,
      type: input.type,
      x402Version: payload.x402Version,
      accepts,
      bazaar: template !== undefined ? { ...kept, routeTemplate: template } : kept,
      extensions: Object.keys(payload.extensions ?? {}).sort(),
      method: input.type === "http" ? input.method : undefined,
      tool,
      description: payload.resource.description,
      mimeType: payload.resource.mimeType,
      ...sanitizeServiceMetadata(payload.resource),
      lastUpdated: now,
    },
  };
}
