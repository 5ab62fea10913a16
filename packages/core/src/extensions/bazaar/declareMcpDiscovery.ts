import {
  type BazaarExtension,
  bazaarExtensionKey,
  bazaarMcpTransports,
  bazaarSchemaDialect,
} from "@x402kit/types";
import { X402Error } from "../../errors/X402Error.js";
import type { DeclareDiscoveryReturnType, DiscoveryOutput } from "./declareDiscovery.js";
import { outputDeclaration } from "./outputDeclaration.js";
import { checkExample, type SchemaLike, toJsonSchema } from "./toJsonSchema.js";

export type DeclareMcpDiscoveryParameters = {
  /** The tool's name, as `tools/call` takes it. */
  tool: string;
  description?: string | undefined;
  /** The tool's `inputSchema` (reuse the one it declares to MCP): zod, or JSON Schema. */
  inputSchema: SchemaLike;
  /** Example `arguments`; checked against a zod `inputSchema`. */
  example?: Record<string, unknown> | undefined;
  /** Default (when left out): "streamable-http". */
  transport?: (typeof bazaarMcpTransports)[number] | undefined;
  /** Left out, facilitators assume text content (MCP's default). */
  output?: DiscoveryOutput | undefined;
};

export type DeclareMcpDiscoveryErrorType = X402Error<"invalid_config">;

/**
 * Declares a paid MCP tool for discovery (extensions/bazaar.md, "MCP Tools"). The tool is written under both
 * `tool` (the spec's name) and `toolName` (what the reference packages 2.27 read and require), so that both kinds of
 * facilitator catalog it; the schema requires both.
 */
export function declareMcpDiscovery(parameters: DeclareMcpDiscoveryParameters): DeclareDiscoveryReturnType {
  const { tool, description, inputSchema, example, transport, output } = parameters;
  if (typeof tool !== "string" || tool.length === 0 || tool.length > 256)
    throw new X402Error(
      "invalid_config",
      "declareMcpDiscovery: `tool` must name the tool (1 to 256 characters).",
    );
  if (transport !== undefined && !bazaarMcpTransports.includes(transport))
    throw new X402Error(
      "invalid_config",
      `declareMcpDiscovery: transport must be one of ${bazaarMcpTransports.join(", ")}.`,
    );
  checkExample(inputSchema, example, "arguments");
  const arguments_ = toJsonSchema(inputSchema, "input");
  const declared = outputDeclaration(output);
  const input = {
    type: "mcp" as const,
    tool,
    toolName: tool,
    ...(description !== undefined ? { description } : {}),
    ...(transport !== undefined ? { transport } : {}),
    inputSchema: arguments_,
    ...(example !== undefined ? { example } : {}),
  };
  return {
    [bazaarExtensionKey]: {
      info: { input, ...(declared ? { output: declared.info } : {}) } as BazaarExtension["info"],
      schema: {
        $schema: bazaarSchemaDialect,
        type: "object",
        properties: {
          input: {
            type: "object",
            properties: {
              type: { type: "string", const: "mcp" },
              tool: { type: "string", const: tool },
              toolName: { type: "string", const: tool },
              description: { type: "string" },
              transport: { type: "string", enum: [...bazaarMcpTransports] },
              inputSchema: { type: "object" },
              example: arguments_,
            },
            required: ["type", "tool", "toolName", "inputSchema"],
            additionalProperties: false,
          },
          ...(declared ? { output: declared.schema } : {}),
        },
        required: ["input"],
      },
    },
  };
}
