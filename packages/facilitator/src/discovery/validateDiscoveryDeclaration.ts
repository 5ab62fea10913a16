import { Validator } from "@cfworker/json-schema";
import { type BazaarExtension, bazaarExtensionSchema, bazaarSchemaDialect } from "@x402kit/types";

export type ValidateDiscoveryDeclarationReturnType =
  | { valid: true; extension: BazaarExtension }
  | { valid: false; reason: string };

/** Keywords whose evaluation a stranger's schema could turn against the facilitator (see below). */
const refusedKeywords = new Set(["$ref", "$dynamicRef", "$recursiveRef", "patternProperties"]);

/**
 * Checks a `bazaar` declaration from a payment (extensions/bazaar.md, "Schema Validation" and "Facilitator
 * Behavior"): its shape (input type, method, body type, MCP tool), that `schema` is a draft 2020-12 JSON Schema, and
 * that `info` satisfies `schema`. Never throws.
 *
 * The schema comes from whoever sent the payment, so it is interpreted (`@cfworker/json-schema`, no code generated
 * from it) and three things are not evaluated: a declaration with `$ref` (a graph of references can make validation
 * exponential) or `patternProperties` is rejected, and `pattern` constraints are ignored (a stranger's regular
 * expression can take the event loop for minutes). The payment depends on none of this: a rejected declaration is
 * not catalogued, and the payment settles all the same.
 */
export function validateDiscoveryDeclaration(declaration: unknown): ValidateDiscoveryDeclarationReturnType {
  const parsed = bazaarExtensionSchema.safeParse(declaration);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      valid: false,
      reason: `The declaration is malformed at ${issue?.path.join(".") || "its root"}: ${issue?.message ?? "invalid"}.`,
    };
  }
  const { schema, info } = parsed.data;
  const dialect = schema.$schema;
  if (dialect !== undefined && dialect !== bazaarSchemaDialect && dialect !== `${bazaarSchemaDialect}#`)
    return {
      valid: false,
      reason: `The schema must use JSON Schema draft 2020-12, not ${String(dialect).slice(0, 100)}.`,
    };
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  if (schema.type !== "object" || typeof properties.input !== "object" || properties.input === null)
    return { valid: false, reason: "The schema must describe an object with an `input` property." };
  const prepared = prepareSchema(schema);
  if (prepared.refused)
    return {
      valid: false,
      reason: `The schema uses \`${prepared.refused}\`, which this facilitator does not evaluate.`,
    };
  try {
    const result = new Validator(prepared.schema as object, "2020-12", false).validate(info);
    if (!result.valid) {
      const first = result.errors.find((error) => error.keyword !== "properties") ?? result.errors[0];
      return {
        valid: false,
        reason:
          `\`info\` does not satisfy \`schema\`${first ? ` at ${first.instanceLocation}: ${first.error}` : ""}`.slice(
            0,
            500,
          ),
      };
    }
  } catch (error) {
    return {
      valid: false,
      reason: `The schema cannot be evaluated: ${(error as Error).message}`.slice(0, 500),
    };
  }
  return { valid: true, extension: parsed.data };
}

const schemaMaps = new Set(["properties", "$defs", "definitions", "dependentSchemas"]);
const schemaLists = new Set(["allOf", "anyOf", "oneOf", "prefixItems"]);
const singleSchemas = new Set([
  "additionalProperties",
  "unevaluatedProperties",
  "unevaluatedItems",
  "additionalItems",
  "contains",
  "propertyNames",
  "not",
  "if",
  "then",
  "else",
  "items",
]);

/**
 * A copy of a schema without its `pattern` keywords, and the first refused keyword it uses. Walks subschemas only
 * (the values of `const`, `enum`, `default` and the like are data, and a property may be called "pattern").
 * Recursive over a bounded depth: the payload's JSON nests at most MAX_JSON_DEPTH levels.
 */
function prepareSchema(root: Record<string, unknown>): { schema: unknown; refused: string | undefined } {
  let refused: string | undefined;
  const walk = (schema: unknown): unknown => {
    if (Array.isArray(schema)) return schema.map(walk);
    if (typeof schema !== "object" || schema === null) return schema;
    const copy: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(schema)) {
      if (refusedKeywords.has(key)) refused ??= key;
      if (key === "pattern") continue;
      if (schemaMaps.has(key) && typeof child === "object" && child !== null && !Array.isArray(child))
        copy[key] = Object.fromEntries(Object.entries(child).map(([name, sub]) => [name, walk(sub)]));
      else if (schemaLists.has(key) && Array.isArray(child)) copy[key] = child.map(walk);
      else if (singleSchemas.has(key)) copy[key] = walk(child);
      else copy[key] = child;
    }
    return copy;
  };
  const schema = walk(root);
  return { schema, refused };
}
