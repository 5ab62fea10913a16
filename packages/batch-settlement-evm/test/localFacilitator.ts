import type { FacilitatorLike, SchemeFacilitator } from "@x402kit/core";
import type { FacilitatorRequest, PaymentPayload, PaymentRequirements } from "@x402kit/types";

/**
 * The scheme's facilitator side behind the resource server's facilitator interface, in process, counting its
 * calls (so that a test can tell a voucher checked locally from one that went to the facilitator).
 */
export function localFacilitator(scheme: SchemeFacilitator) {
  const calls = { verify: 0, settle: 0, types: [] as string[] };
  const payment = (request: FacilitatorRequest) => ({
    payload: request.paymentPayload as PaymentPayload,
    requirements: request.paymentRequirements as PaymentRequirements,
  });
  const typeOf = (request: FacilitatorRequest) =>
    String((request.paymentPayload.payload as { type?: unknown }).type);
  const facilitator: FacilitatorLike = {
    async verify(request) {
      calls.verify++;
      calls.types.push(`verify:${typeOf(request)}`);
      return scheme.verify(payment(request));
    },
    async settle(request) {
      calls.settle++;
      calls.types.push(`settle:${typeOf(request)}`);
      return scheme.settle(payment(request), { onBroadcast: async () => {} });
    },
    async supported() {
      return { kinds: scheme.supportedKinds(), extensions: [], signers: scheme.signers() };
    },
  };
  return { facilitator, calls };
}
