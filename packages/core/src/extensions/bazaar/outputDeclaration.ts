import type { BazaarInfo } from "@x402kit/types";
import type { DiscoveryOutput } from "./declareDiscovery.js";
import { checkExample, toJsonSchema } from "./toJsonSchema.js";

/** `info.output` and its schema (extensions/bazaar.md, "Output Types"), or nothing when no output is declared. */
export function outputDeclaration(
  output: DiscoveryOutput | undefined,
): { info: NonNullable<BazaarInfo["output"]>; schema: Record<string, unknown> } | undefined {
  if (output === undefined) return undefined;
  checkExample(output.schema, output.example, "output");
  return {
    info: {
      type: output.type ?? "json",
      ...(output.format !== undefined ? { format: output.format } : {}),
      ...(output.example !== undefined ? { example: output.example } : {}),
    },
    schema: {
      type: "object",
      properties: {
        type: { type: "string" },
        format: { type: "string" },
        example: output.schema !== undefined ? toJsonSchema(output.schema, "output") : {},
      },
      required: ["type"],
    },
  };
}
