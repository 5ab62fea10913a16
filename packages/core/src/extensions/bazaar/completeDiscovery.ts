import { bazaarExtensionKey } from "@x402kit/types";

export type CompleteDiscoveryParameters = {
  /** The request's method (upper case). */
  method: string;
  /** The route's template with `:name` parameters (`/users/:id`), when the route has any. */
  routeTemplate?: string | undefined;
  /** The concrete values of those parameters in this request. */
  pathParams?: Record<string, string> | undefined;
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Completes a route's `bazaar` declaration for one request (extensions/bazaar.md, "Dynamic Routes and
 * `routeTemplate`"): the HTTP method when the declaration left it out (its schema then requires it, with that one
 * value), the route template of a parameterised route, and this request's path parameters. Other extensions, MCP
 * declarations and declarations that already name a method other than this one are returned as they are.
 */
export function completeDiscovery(
  extensions: Record<string, unknown>,
  parameters: CompleteDiscoveryParameters,
): Record<string, unknown> {
  const declared = extensions[bazaarExtensionKey];
  if (!isRecord(declared) || !isRecord(declared.info) || !isRecord(declared.info.input)) return extensions;
  const input = declared.info.input;
  if (input.type !== "http") return extensions;
  const method = parameters.method.toUpperCase();
  if (input.method !== undefined && input.method !== method) return extensions;
  const schema = isRecord(declared.schema) ? declared.schema : undefined;
  const inputSchema =
    schema && isRecord(schema.properties) && isRecord(schema.properties.input)
      ? schema.properties.input
      : undefined;
  const properties = inputSchema && isRecord(inputSchema.properties) ? inputSchema.properties : undefined;
  const required = Array.isArray(inputSchema?.required) ? (inputSchema.required as unknown[]) : [];
  const pathParams =
    parameters.pathParams && Object.keys(parameters.pathParams).length > 0
      ? parameters.pathParams
      : undefined;
  const completed = {
    ...declared,
    info: { ...declared.info, input: { ...input, method, ...(pathParams ? { pathParams } : {}) } },
    ...(schema && inputSchema
      ? {
          schema: {
            ...schema,
            properties: {
              ...(schema.properties as Record<string, unknown>),
              input: {
                ...inputSchema,
                properties: { ...properties, method: { type: "string", enum: [method] } },
                required: required.includes("method") ? required : [...required, "method"],
              },
            },
          },
        }
      : {}),
    ...(parameters.routeTemplate ? { routeTemplate: parameters.routeTemplate } : {}),
  };
  return { ...extensions, [bazaarExtensionKey]: completed };
}
