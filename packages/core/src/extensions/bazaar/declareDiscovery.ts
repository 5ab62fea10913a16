import {
  type BazaarExtension,
  bazaarBodyMethods,
  bazaarBodyTypes,
  bazaarExtensionKey,
  bazaarQueryMethods,
  bazaarSchemaDialect,
} from "@x402kit/types";
import { X402Error } from "../../errors/X402Error.js";
import { outputDeclaration } from "./outputDeclaration.js";
import { checkExample, type SchemaLike, toJsonSchema } from "./toJsonSchema.js";

export type DiscoveryMethod = (typeof bazaarQueryMethods)[number] | (typeof bazaarBodyMethods)[number];

export type DiscoveryOutput = {
  /** The response body's schema: zod, or JSON Schema. */
  schema?: SchemaLike | undefined;
  /** An example response; checked against a zod `schema`. */
  example?: unknown;
  /** The response's kind, e.g. "json" or "text". Default "json". */
  type?: string | undefined;
  format?: string | undefined;
};

export type DeclareDiscoveryParameters = {
  /**
   * The route's method. Leave it out on a route key that names one (`"GET /weather"`): the resource server fills it
   * in, with the route template of a parameterised path (`completeDiscovery`).
   */
  method?: DiscoveryMethod | undefined;
  input?:
    | {
        /** The query parameters' schema (an object schema): zod, or JSON Schema. */
        query?: SchemaLike | undefined;
        /** The body's schema, for POST, PUT and PATCH. */
        body?: SchemaLike | undefined;
        /** Default "json". */
        bodyType?: (typeof bazaarBodyTypes)[number] | undefined;
        /** Example query parameters, or an example body. Checked against a zod schema. */
        example?: unknown;
        /** Example values of headers the endpoint reads. */
        headers?: Record<string, string> | undefined;
      }
    | undefined;
  output?: DiscoveryOutput | undefined;
};

export type DeclareDiscoveryReturnType = { [bazaarExtensionKey]: BazaarExtension };

export type DeclareDiscoveryErrorType = X402Error<"invalid_config">;

/**
 * Declares how to call an HTTP route, for discovery (extensions/bazaar.md): put it in the route's `extensions`.
 * The schemas may be zod schemas (turned into JSON Schema by zod 4) or JSON Schema objects; the `schema` of the
 * declaration (draft 2020-12) is built from them, so that a facilitator can validate `info` against it.
 *
 * ```ts
 * routes: {
 *   "GET /weather": {
 *     accepts: { scheme: "exact", network: "eip155:8453", price: "$0.001", payTo },
 *     extensions: declareDiscovery({
 *       input: { query: z.object({ city: z.string() }), example: { city: "Paris" } },
 *       output: { schema: z.object({ city: z.string(), celsius: z.number() }), example: { city: "Paris", celsius: 21 } },
 *     }),
 *   },
 * }
 * ```
 */
export function declareDiscovery(parameters: DeclareDiscoveryParameters = {}): DeclareDiscoveryReturnType {
  const { method, input = {}, output } = parameters;
  const bodyMethod =
    method !== undefined
      ? (bazaarBodyMethods as readonly string[]).includes(method)
      : input.body !== undefined || input.bodyType !== undefined;
  if (method !== undefined && ![...bazaarQueryMethods, ...bazaarBodyMethods].includes(method))
    throw new X402Error("invalid_config", `declareDiscovery: unknown method "${method}".`);
  if (!bodyMethod && input.body !== undefined)
    throw new X402Error(
      "invalid_config",
      `declareDiscovery: a ${method} request has no body; declare its query.`,
    );
  if (input.bodyType !== undefined && !bazaarBodyTypes.includes(input.bodyType))
    throw new X402Error(
      "invalid_config",
      `declareDiscovery: bodyType must be one of ${bazaarBodyTypes.join(", ")}.`,
    );
  checkExample(bodyMethod ? input.body : input.query, input.example, bodyMethod ? "body" : "query");
  if (!bodyMethod && input.example !== undefined && !isPlainObject(input.example))
    throw new X402Error("invalid_config", "declareDiscovery: the query example must be an object.");

  const methods =
    method !== undefined ? [method] : bodyMethod ? [...bazaarBodyMethods] : [...bazaarQueryMethods];
  const properties: Record<string, unknown> = {
    type: { type: "string", const: "http" },
    method: { type: "string", enum: methods },
    queryParams: input.query !== undefined ? toJsonSchema(input.query, "input") : { type: "object" },
    pathParams: { type: "object" },
    headers: { type: "object", additionalProperties: { type: "string" } },
  };
  const required = ["type", ...(method !== undefined ? ["method"] : [])];
  const info: Record<string, unknown> = { type: "http", ...(method !== undefined ? { method } : {}) };
  if (bodyMethod) {
    properties.bodyType = { type: "string", enum: [...bazaarBodyTypes] };
    properties.body = input.body !== undefined ? toJsonSchema(input.body, "input") : {};
    required.push("bodyType", "body");
    info.bodyType = input.bodyType ?? "json";
    info.body = input.example ?? {};
  } else if (input.example !== undefined) {
    info.queryParams = input.example;
  }
  if (input.headers !== undefined) info.headers = input.headers;

  const declared = outputDeclaration(output);
  return {
    [bazaarExtensionKey]: {
      info: {
        input: info as BazaarExtension["info"]["input"],
        ...(declared ? { output: declared.info } : {}),
      },
      schema: {
        $schema: bazaarSchemaDialect,
        type: "object",
        properties: {
          input: { type: "object", properties, required, additionalProperties: false },
          ...(declared ? { output: declared.schema } : {}),
        },
        required: ["input"],
      },
    },
  };
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
