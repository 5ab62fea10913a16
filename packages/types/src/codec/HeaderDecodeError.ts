import { X402TypesError } from "../errors.js";

export type HeaderDecodeErrorCode =
  /** Over the size limit (answer 431). */
  | "payment_header_too_large"
  /** Not strict base64 of UTF-8 JSON. */
  | "invalid_payment_header"
  /** JSON, but not the x402 message the header carries (spec v2 §9 `invalid_payload`). */
  | "invalid_payload"
  /** An `x402Version` this header does not carry (spec v2 §9). */
  | "invalid_x402_version";

/** A header value could not be decoded. Never anything else is thrown by the decoders. */
export class HeaderDecodeError extends X402TypesError {
  override name = "HeaderDecodeError";
  declare readonly code: HeaderDecodeErrorCode;
  readonly header: string;

  constructor(
    code: HeaderDecodeErrorCode,
    header: string,
    message: string,
    details?: Record<string, unknown>,
  ) {
    super(code, message, details);
    this.header = header;
  }
}
