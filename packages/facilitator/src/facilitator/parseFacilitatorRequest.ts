import { payloadFromV1, requirementsFromV1 } from "@x402kit/core";
import {
  facilitatorRequestSchema,
  type PaymentPayload,
  type PaymentRequirements,
  v1NetworkToCaip2,
} from "@x402kit/types";
import { z } from "zod";

/** A facilitator request (spec v2 §7.1, §7.2; spec v1 §7), normalised to v2 form for the schemes. */
export type ParsedFacilitatorRequest = {
  /** The version the request came in; the answer goes back in the same form. */
  x402Version: 1 | 2;
  payload: PaymentPayload;
  requirements: PaymentRequirements;
  /** What the payload says it pays: `accepted` in v2, the payload's own scheme and network in v1. */
  paid: { scheme: string; network: string };
};

export type ParseFacilitatorRequestReturnType =
  | { ok: true; request: ParsedFacilitatorRequest }
  | {
      ok: false;
      reason: "invalid_payload" | "invalid_x402_version";
      message: string;
      /** The requirements' network if the body names one (for the settle answer's `network`), else "". */
      network: string;
      /**
       * False only for a well-formed request in an x402Version this facilitator does not speak (an integer other
       * than 1 and 2): it is refused in the response like any payment (spec v2 §7.1), not as a bad request.
       */
      malformed: boolean;
    };

const versionOnly = z.object({ x402Version: z.unknown() });
const networkOnly = z.object({ paymentRequirements: z.object({ network: z.string().max(64) }) });

/**
 * Validates a `/verify` or `/settle` body with the shared schema and normalises v1 to v2 (core's `versions/`).
 * Never throws.
 */
export function parseFacilitatorRequest(body: unknown): ParseFacilitatorRequestReturnType {
  const network = networkOnly.safeParse(body).data?.paymentRequirements.network ?? "";
  const version = versionOnly.safeParse(body).data?.x402Version;
  if (version !== undefined && version !== 1 && version !== 2)
    return {
      ok: false,
      reason: "invalid_x402_version",
      message: `x402Version ${describeVersion(version)} is not supported; use 1 or 2.`,
      network,
      malformed: !Number.isSafeInteger(version),
    };
  const parsed = facilitatorRequestSchema.safeParse(body);
  if (!parsed.success)
    return {
      ok: false,
      reason: "invalid_payload",
      message: describeIssues(parsed.error),
      network,
      malformed: true,
    };

  const request = parsed.data;
  if (request.x402Version === 2)
    return {
      ok: true,
      request: {
        x402Version: 2,
        payload: request.paymentPayload,
        requirements: request.paymentRequirements,
        paid: {
          scheme: request.paymentPayload.accepted.scheme,
          network: request.paymentPayload.accepted.network,
        },
      },
    };
  const requirements = requirementsFromV1(request.paymentRequirements);
  return {
    ok: true,
    request: {
      x402Version: 1,
      payload: payloadFromV1(request.paymentPayload, requirements),
      requirements,
      paid: {
        scheme: request.paymentPayload.scheme,
        network: v1NetworkToCaip2(request.paymentPayload.network) ?? request.paymentPayload.network,
      },
    },
  };
}

/**
 * A short description of an unsupported `x402Version` that never walks it: the value can be JSON nested thousands
 * of levels deep, which `JSON.stringify` would recurse through (docs/reliability.md, bug 2).
 */
function describeVersion(version: unknown): string {
  if (Array.isArray(version)) return "(an array)";
  if (version === null) return "null";
  if (typeof version === "object") return "(an object)";
  if (typeof version === "string") return JSON.stringify(version.slice(0, 32));
  return String(version).slice(0, 32);
}

/** The first few issues, one line: `paymentPayload.accepted.amount: must be ...`. */
function describeIssues(error: z.ZodError): string {
  const issues = error.issues.slice(0, 3).map((issue) => {
    const path = issue.path.map(String).join(".");
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  return `The request body is not a valid x402 facilitator request (${issues.join("; ").slice(0, 300)}).`;
}
