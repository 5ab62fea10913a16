import { readFile } from "node:fs/promises";
import { Validator } from "@cfworker/json-schema";
import { ConformanceError } from "../errors/ConformanceError.js";

/** The v2 messages the spec's JSON Schema defines under `$defs` (specs/schemas/README.md). */
export const specMessages = ["PaymentRequired", "PaymentPayload", "SettlementResponse"] as const;
export type SpecMessage = (typeof specMessages)[number];

/** The spec's published JSON Schema, ready to judge a message: a second judge beside x402kit's zod schemas. */
export type SpecSchema = {
  /** Where it was read from, for the report. */
  source: string;
  /** `undefined` when the message fits `#/$defs/<message>`; otherwise the first reasons it does not. */
  reject: (message: SpecMessage, value: unknown) => string | undefined;
};

export type LoadSpecSchemaParameters = { path: string };
export type LoadSpecSchemaReturnType = SpecSchema;
export type LoadSpecSchemaErrorType = ConformanceError;

/**
 * Reads `x402-v2.schema.json` (specs/schemas/ of the spec repository, draft 2020-12) from a path the user gives: no
 * package ships it and this repository commits no copy. Refuses a file that is not JSON or lacks one of the three
 * messages' `$defs`.
 */
export async function loadSpecSchema({ path }: LoadSpecSchemaParameters): Promise<LoadSpecSchemaReturnType> {
  let document: unknown;
  try {
    document = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new ConformanceError(
      "usage",
      `--spec-schema ${path}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const defs = (document as { $defs?: unknown } | null)?.$defs;
  const missing = specMessages.filter(
    (message) => typeof defs !== "object" || defs === null || !(message in defs),
  );
  if (missing.length > 0)
    throw new ConformanceError(
      "usage",
      `--spec-schema ${path}: no $defs for ${missing.join(", ")} (expected the spec's x402-v2.schema.json)`,
    );
  const validators = new Map(
    specMessages.map((message) => [
      message,
      new Validator({ $defs: defs as Record<string, unknown>, $ref: `#/$defs/${message}` }, "2020-12", false),
    ]),
  );
  return {
    source: path,
    reject: (message, value) => {
      const result = validators.get(message)!.validate(value);
      if (result.valid) return undefined;
      // The deepest errors say what is wrong; the outer ones only repeat that a $ref or properties failed.
      const reasons = result.errors
        .filter((error) => !["$ref", "properties", "items", "allOf"].includes(error.keyword))
        .map((error) => `at ${error.instanceLocation}: ${error.error}`);
      return (reasons.length > 0 ? reasons : result.errors.map((error) => error.error))
        .slice(0, 3)
        .join("; ");
    },
  };
}
