import type { PaymentPayload, PaymentPayloadV1 } from "@x402kit/types";

/**
 * How a payment was made, read from the payload that was sent (not from what the route offered): "EIP-3009" (an
 * exact `transferWithAuthorization`), "Permit2" (an exact Permit2 transfer through the x402 proxy), "upto" (a Permit2
 * authorization of a maximum, settled for what was used), with "+ EIP-2612 permit" when the payer's Permit2
 * approval travelled in the `eip2612GasSponsoring` extension.
 */
export function describePaymentMethod(payload: PaymentPayload | PaymentPayloadV1): string {
  const scheme = payload.x402Version === 2 ? payload.accepted.scheme : payload.scheme;
  const inner = payload.payload as Record<string, unknown>;
  const base =
    scheme === "upto"
      ? "upto (Permit2)"
      : scheme === "exact" && "permit2Authorization" in inner
        ? "Permit2"
        : scheme === "exact" && "authorization" in inner
          ? "EIP-3009"
          : scheme;
  const sponsored = payload.x402Version === 2 && payload.extensions?.["eip2612GasSponsoring"] !== undefined;
  return sponsored ? `${base} + EIP-2612 permit` : base;
}
