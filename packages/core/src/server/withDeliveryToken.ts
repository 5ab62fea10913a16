import type { FacilitatorRequest } from "@x402kit/types";

/**
 * The x402kit extension of a settle request body (beside `x402Version`, `paymentPayload`, `paymentRequirements`;
 * not in the spec, so other facilitators ignore it): `extensions.x402kit.deliveryToken`, a random id that only the
 * resource server settling a payment knows. x402kit's facilitator records the token of the caller that takes a
 * payment's first delivery, and hands that success out first-hand again only to the same token: a server that lost
 * the answer (a dropped connection, its own timeout) recovers it; any other caller still gets a replayed success.
 */
export const deliveryTokenExtension = "x402kit";

/** 16 to 128 letters, digits, hyphens and underscores. */
export const deliveryTokenPattern = /^[A-Za-z0-9_-]{16,128}$/;

export type SettleRequestWithDeliveryToken = FacilitatorRequest & {
  extensions: { [deliveryTokenExtension]: { deliveryToken: string } };
};

/** The settle request body with the resource server's delivery token (see `deliveryTokenExtension`). */
export function withDeliveryToken(
  request: FacilitatorRequest,
  deliveryToken: string,
): SettleRequestWithDeliveryToken {
  return { ...request, extensions: { [deliveryTokenExtension]: { deliveryToken } } };
}
