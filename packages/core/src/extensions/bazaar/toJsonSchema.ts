import { type ZodType, z } from "zod";
import { X402Error } from "../../errors/X402Error.js";

/** A zod schema (zod 4), or a JSON Schema given as an object. */
export type SchemaLike = ZodType | Record<string, unknown>;

const isZod = (schema: SchemaLike): schema is ZodType =>
  typeof (schema as { _zod?: unknown })._zod === "object";

/**
 * A JSON Schema (draft 2020-12) for a zod schema, through zod 4's own `toJSONSchema`, or the given JSON Schema.
 * `io` picks the side of a transform: what a request sends ("input") or what a response holds ("output"). The
 * `$schema` of the root is left out: the declaration names the dialect once, at its top.
 */
export function toJsonSchema(schema: SchemaLike, io: "input" | "output"): Record<string, unknown> {
  if (!isZod(schema)) {
    if (typeof schema !== "object" || schema === null || Array.isArray(schema))
      throw new X402Error(
        "invalid_config",
        "A discovery schema must be a zod schema or a JSON Schema object.",
      );
    const { $schema: _dialect, ...rest } = schema;
    return rest;
  }
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io,
    target: "draft-2020-12",
    unrepresentable: "any",
  }) as Record<string, unknown>;
  return rest;
}

/** Checks an example against its zod schema (a JSON Schema is checked by the facilitator). */
export function checkExample(schema: SchemaLike | undefined, example: unknown, what: string): void {
  if (schema === undefined || example === undefined || !isZod(schema)) return;
  const parsed = schema.safeParse(example);
  if (!parsed.success)
    throw new X402Error(
      "invalid_config",
      `The ${what} example does not fit its schema: ${z.prettifyError(parsed.error)}`,
    );
}
