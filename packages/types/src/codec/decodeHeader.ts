import type { z } from "zod";
import { isJsonWithinDepth, MAX_JSON_DEPTH } from "../schemas/isJsonWithinDepth.js";
import { base64DecodeUtf8 } from "./base64.js";
import { HeaderDecodeError } from "./HeaderDecodeError.js";
import { MAX_HEADER_LENGTH } from "./headerNames.js";

export type DecodeHeaderParameters<schema extends z.ZodType> = {
  header: string;
  value: string;
  schema: schema;
  /** The x402Version this header carries, checked before the schema for a precise reason. */
  x402Version?: 1 | 2 | undefined;
  maxLength?: number | undefined;
};

/**
 * Decodes an x402 header value: strict standard base64 of UTF-8 JSON, at most 16 KiB, validated by `schema`.
 * Every failure is a HeaderDecodeError with a reason code.
 */
export function decodeHeader<schema extends z.ZodType>(
  parameters: DecodeHeaderParameters<schema>,
): z.infer<schema> {
  const { header, value } = parameters;
  if (typeof value !== "string")
    throw new HeaderDecodeError("invalid_payment_header", header, `${header} must be a string.`);
  const maxLength = parameters.maxLength ?? MAX_HEADER_LENGTH;
  if (value.length > maxLength)
    throw new HeaderDecodeError(
      "payment_header_too_large",
      header,
      `${header} is longer than ${maxLength} characters.`,
      {
        length: value.length,
      },
    );
  const text = base64DecodeUtf8(value.trim());
  if (text === undefined)
    throw new HeaderDecodeError(
      "invalid_payment_header",
      header,
      `${header} is not standard base64 of UTF-8 text.`,
    );
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new HeaderDecodeError("invalid_payment_header", header, `${header} does not hold JSON.`);
  }
  if (parameters.x402Version !== undefined) {
    const version =
      typeof json === "object" && json !== null ? (json as { x402Version?: unknown }).x402Version : undefined;
    if (version !== parameters.x402Version)
      throw new HeaderDecodeError(
        "invalid_x402_version",
        header,
        `${header} must carry x402Version ${parameters.x402Version}.`,
        {
          x402Version: version,
        },
      );
  }
  // Before anything walks it: a loose message (a settle response) would carry deep JSON through untouched.
  if (!isJsonWithinDepth(json))
    throw new HeaderDecodeError(
      "invalid_payload",
      header,
      `${header} nests JSON deeper than ${MAX_JSON_DEPTH} levels.`,
    );
  const parsed = parameters.schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join(".")}` : "";
    throw new HeaderDecodeError(
      "invalid_payload",
      header,
      `${header} is not a valid x402 message${where}: ${issue?.message ?? "invalid"}.`,
      {
        issues: parsed.error.issues
          .slice(0, 5)
          .map((i) => ({ path: i.path.map(String), message: i.message })),
      },
    );
  }
  return parsed.data;
}
