import type { SchemeFacilitator, SchemePaymentParameters, SettleContext } from "@x402kit/core";
import type { FacilitatorRequest, PaymentRequirements, SettleResponse, VerifyResponse } from "@x402kit/types";

// ---------------------------------------------------------------------------------------------------------------
// A stand-in for a real scheme (the EVM one is tested against a chain in test/). It is scripted per test, because
// these tests must hold a settlement at an exact point (before broadcast, between broadcast and receipt), which a
// real chain cannot be made to do reliably.
// ---------------------------------------------------------------------------------------------------------------

export const network = "eip155:31337";
export const payer = "0x00000000000000000000000000000000000000b0";
export const txOf = (nonce: string) => `0x${nonce.padStart(64, "0")}`;

type Script = {
  verify?: (payment: SchemePaymentParameters) => VerifyResponse | Promise<VerifyResponse>;
  settle?: (payment: SchemePaymentParameters, context: SettleContext) => Promise<SettleResponse>;
  resolveBroadcast?: (transaction: string) => Promise<SettleResponse | undefined>;
};

export function scriptedScheme(script: Script = {}) {
  const calls = { verify: 0, settle: 0, resolveBroadcast: 0 };
  const nonceOf = (payment: SchemePaymentParameters) =>
    (payment.payload.payload.authorization as { nonce?: string } | undefined)?.nonce;
  const scheme: SchemeFacilitator = {
    scheme: "exact",
    networks: [network],
    supportedKinds: () => [{ x402Version: 2, scheme: "exact", network }],
    signers: () => ({ "eip155:*": ["0x00000000000000000000000000000000000000fa"] }),
    async verify(payment) {
      calls.verify++;
      return script.verify ? script.verify(payment) : { isValid: true, payer };
    },
    async settle(payment, context) {
      calls.settle++;
      if (script.settle) return script.settle(payment, context);
      const transaction = txOf(nonceOf(payment) ?? "0");
      await context.onBroadcast(transaction);
      return { success: true, transaction, network, payer, amount: payment.requirements.amount };
    },
    settlementKey: (payment) => {
      const nonce = nonceOf(payment);
      return nonce === undefined ? undefined : `${network}:${payer}:${nonce}`;
    },
    async resolveBroadcast({ transaction }) {
      calls.resolveBroadcast++;
      return script.resolveBroadcast?.(transaction);
    },
  };
  return { scheme, calls };
}

/** A gate that a scripted settle waits on, so the test decides when the "receipt" arrives. */
export function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

export const requirements: PaymentRequirements = {
  scheme: "exact",
  network,
  amount: "1000",
  asset: "0x00000000000000000000000000000000000000a0",
  payTo: "0x00000000000000000000000000000000000000c0",
  maxTimeoutSeconds: 60,
  extra: { name: "USD Coin", version: "2" },
};

export function request(
  nonce: string,
  options: { signature?: string; extensions?: Record<string, unknown>; scheme?: string; net?: string } = {},
): FacilitatorRequest {
  const wanted = { ...requirements, scheme: options.scheme ?? "exact", network: options.net ?? network };
  return {
    x402Version: 2,
    paymentPayload: {
      x402Version: 2,
      accepted: wanted,
      payload: { signature: options.signature ?? "0x5151", authorization: { from: payer, nonce } },
      ...(options.extensions ? { extensions: options.extensions } : {}),
    },
    paymentRequirements: wanted,
  };
}
