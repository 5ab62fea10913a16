import { z } from "zod";
import { jsonObjectSchema } from "./primitives.js";

/** The extension's key in `PaymentRequired.extensions` and `PaymentPayload.extensions` (extensions/bazaar.md). */
export const bazaarExtensionKey = "bazaar";

/** The JSON Schema dialect a declaration's `schema` must use (extensions/bazaar.md, "Schema Validation"). */
export const bazaarSchemaDialect = "https://json-schema.org/draft/2020-12/schema";

/** HTTP methods whose input is the query string (extensions/bazaar.md, "Query Parameter Methods"). */
export const bazaarQueryMethods = ["GET", "HEAD", "DELETE"] as const;
/** HTTP methods whose input is a body (extensions/bazaar.md, "Body Methods"). */
export const bazaarBodyMethods = ["POST", "PUT", "PATCH"] as const;
export const bazaarBodyTypes = ["json", "form-data", "text"] as const;
/** extensions/bazaar.md, "MCP Tools": `transport`, default `streamable-http`. */
export const bazaarMcpTransports = ["streamable-http", "sse"] as const;

const stringMap = z.record(z.string(), z.string());

/** `info.output` (extensions/bazaar.md, "Output Types"). */
export const bazaarOutputSchema = z.looseObject({
  type: z.string().min(1).max(64),
  format: z.string().max(256).optional(),
  example: z.unknown().optional(),
});

/**
 * `info.input` of an HTTP endpoint. `method` is required by the spec's schema; a declaration may leave it out until
 * the resource server fills it in from the route (the reference's servers do the same), so it is optional here.
 * `bodyType` tells a body method from a query method.
 */
export const bazaarHttpInputSchema = z.looseObject({
  type: z.literal("http"),
  method: z.enum([...bazaarQueryMethods, ...bazaarBodyMethods]).optional(),
  queryParams: jsonObjectSchema.optional(),
  pathParams: jsonObjectSchema.optional(),
  headers: stringMap.optional(),
  bodyType: z.enum(bazaarBodyTypes).optional(),
  body: z.unknown().optional(),
});

/**
 * `info.input` of an MCP tool. The spec names the tool `tool`; the reference packages (2.27) write `toolName`.
 * Either is accepted; x402kit writes both, so that both kinds of facilitator catalog it.
 */
export const bazaarMcpInputSchema = z
  .looseObject({
    type: z.literal("mcp"),
    tool: z.string().min(1).max(256).optional(),
    toolName: z.string().min(1).max(256).optional(),
    description: z.string().max(4096).optional(),
    transport: z.enum(bazaarMcpTransports).optional(),
    inputSchema: jsonObjectSchema,
    example: jsonObjectSchema.optional(),
  })
  .refine((input) => input.tool !== undefined || input.toolName !== undefined, {
    message: "an MCP tool must be named (`tool`)",
    path: ["tool"],
  })
  .refine(
    (input) => input.tool === undefined || input.toolName === undefined || input.tool === input.toolName,
    { message: "`tool` and `toolName` name different tools", path: ["toolName"] },
  );

/** `info` (extensions/bazaar.md, "Discovery Info Structure"): discriminated by `input.type`. */
export const bazaarInfoSchema = z.looseObject({
  input: z.discriminatedUnion("type", [bazaarHttpInputSchema, bazaarMcpInputSchema]),
  output: bazaarOutputSchema.optional(),
});
export type BazaarInfo = z.infer<typeof bazaarInfoSchema>;

/**
 * The `bazaar` extension: `info`, the JSON Schema (draft 2020-12) that validates it, and for a parameterised HTTP
 * route its `routeTemplate` (`/users/:id`). This checks the shape only; whether `info` satisfies `schema` is the
 * facilitator's check (extensions/bazaar.md, "Facilitators must validate info against schema").
 */
export const bazaarExtensionSchema = z.looseObject({
  info: bazaarInfoSchema,
  schema: jsonObjectSchema,
  routeTemplate: z.string().optional(),
});
export type BazaarExtension = z.infer<typeof bazaarExtensionSchema>;

/** The `bazaar` entry of the `EXTENSION-RESPONSES` header (extensions/bazaar.md, "Verify and Settlement Response Header"). */
export const bazaarResponseSchema = z.looseObject({
  status: z.enum(["success", "processing", "rejected"]),
  rejectedReason: z.string().optional(),
});
export type BazaarResponse = z.infer<typeof bazaarResponseSchema>;
