/** The HTTP header names of x402 (transports-v2/http.md; transports-v1/http.md for the X- ones). */
export const headerNames = {
  paymentRequired: "PAYMENT-REQUIRED",
  paymentSignature: "PAYMENT-SIGNATURE",
  paymentResponse: "PAYMENT-RESPONSE",
  xPayment: "X-PAYMENT",
  xPaymentResponse: "X-PAYMENT-RESPONSE",
  /** extensions/sign-in-with-x.md, "Client Request". */
  signInWithX: "SIGN-IN-WITH-X",
  /** extensions/bazaar.md: the extensions' outcomes on a facilitator's verify or settle answer. */
  extensionResponses: "EXTENSION-RESPONSES",
} as const;

/** The largest header value the decoders accept, in characters (16 KiB). */
export const MAX_HEADER_LENGTH = 16 * 1024;
