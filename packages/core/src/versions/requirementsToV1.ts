import {
  caip2ToV1Network,
  type PaymentRequirements,
  type PaymentRequirementsV1,
  type ResourceInfo,
} from "@x402kit/types";

/**
 * Writes v2 requirements in the v1 form (spec v1 §5), or returns undefined when the network has no v1 name.
 */
export function requirementsToV1(
  requirements: PaymentRequirements,
  resource: ResourceInfo,
): PaymentRequirementsV1 | undefined {
  const network = caip2ToV1Network(requirements.network);
  if (!network) return undefined;
  return {
    scheme: requirements.scheme,
    network,
    maxAmountRequired: requirements.amount,
    resource: resource.url,
    description: resource.description ?? "",
    mimeType: resource.mimeType ?? "",
    payTo: requirements.payTo,
    maxTimeoutSeconds: requirements.maxTimeoutSeconds,
    asset: requirements.asset,
    ...(requirements.extra ? { extra: requirements.extra } : {}),
  };
}
