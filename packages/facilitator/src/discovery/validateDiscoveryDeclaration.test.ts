import { declareDiscovery, declareMcpDiscovery } from "@x402kit/core";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { validateDiscoveryDeclaration } from "./validateDiscoveryDeclaration.js";

const weather = z.object({ city: z.string(), days: z.number().int().min(1).max(7).optional() });
const report = z.object({ city: z.string(), celsius: z.number(), contact: z.email() });

/** The GET example of extensions/bazaar.md, "Example: GET Endpoint" (facts of the spec, restated). */
const specGetExample = {
  info: {
    input: { type: "http", method: "GET", queryParams: { city: "San Francisco" } },
    output: { type: "json", example: { city: "San Francisco", weather: "foggy", temperature: 60 } },
  },
  schema: {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    type: "object",
    properties: {
      input: {
        type: "object",
        properties: {
          type: { type: "string", const: "http" },
          method: { type: "string", enum: ["GET", "HEAD", "DELETE"] },
          queryParams: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
          headers: { type: "object", additionalProperties: { type: "string" } },
        },
        required: ["type", "method"],
        additionalProperties: false,
      },
      output: {
        type: "object",
        properties: { type: { type: "string" }, example: { type: "object" } },
        required: ["type"],
      },
    },
    required: ["input"],
  },
};

describe("validateDiscoveryDeclaration", () => {
  it("accepts the spec's GET example and x402kit's own declarations (zod 4's JSON Schema), HTTP and MCP", () => {
    expect(validateDiscoveryDeclaration(specGetExample)).toMatchObject({ valid: true });
    const get = declareDiscovery({
      method: "GET",
      input: { query: weather, example: { city: "Paris", days: 3 } },
      output: { schema: report, example: { city: "Paris", celsius: 21, contact: "ops@example.com" } },
    }).bazaar;
    expect(validateDiscoveryDeclaration(get)).toMatchObject({ valid: true });
    const post = declareDiscovery({
      method: "POST",
      input: { body: weather, example: { city: "Oslo" } },
    }).bazaar;
    expect(validateDiscoveryDeclaration(post)).toMatchObject({ valid: true });
    const tool = declareMcpDiscovery({
      tool: "stock_quote",
      description: "Latest price of a ticker",
      inputSchema: z.object({ ticker: z.string().max(5) }),
      example: { ticker: "ACME" },
    }).bazaar;
    expect(validateDiscoveryDeclaration(tool)).toMatchObject({ valid: true });
  });

  it("rejects info that does not satisfy its schema, with where and why", () => {
    const declared = declareDiscovery({ method: "GET", input: { query: weather } }).bazaar;
    const wrong = { ...declared, info: { input: { type: "http", method: "GET", queryParams: { days: 3 } } } };
    const result = validateDiscoveryDeclaration(wrong);
    expect(result.valid).toBe(false);
    if (!result.valid) expect(result.reason).toMatch(/does not satisfy `schema`.*queryParams/);
    // A method the schema does not allow.
    const post = {
      ...declared,
      info: { input: { type: "http", method: "POST", bodyType: "json", body: {} } },
    };
    expect(validateDiscoveryDeclaration(post).valid).toBe(false);
  });

  it.each([
    ["no info", { schema: { type: "object" } }, /malformed at info/],
    [
      "an unknown input type",
      { ...specGetExample, info: { input: { type: "grpc" } } },
      /malformed at info\.input\.type/,
    ],
    [
      "an unknown method",
      { ...specGetExample, info: { input: { type: "http", method: "TRACE" } } },
      /method/,
    ],
    [
      "an MCP tool without a name",
      { ...specGetExample, info: { input: { type: "mcp", inputSchema: {} } } },
      /tool/,
    ],
    [
      "another dialect",
      {
        ...specGetExample,
        schema: { ...specGetExample.schema, $schema: "http://json-schema.org/draft-07/schema#" },
      },
      /draft 2020-12/,
    ],
    [
      "a schema without input",
      { ...specGetExample, schema: { type: "object", properties: {} } },
      /`input` property/,
    ],
    [
      "a $ref",
      { ...specGetExample, schema: { ...specGetExample.schema, properties: { input: { $ref: "#" } } } },
      /\$ref/,
    ],
    [
      "patternProperties",
      {
        ...specGetExample,
        schema: {
          ...specGetExample.schema,
          properties: { input: { type: "object", patternProperties: { "^(a+)+$": {} } } },
        },
      },
      /patternProperties/,
    ],
  ])("rejects %s", (_name, declaration, reason) => {
    const result = validateDiscoveryDeclaration(declaration);
    expect(result.valid).toBe(false);
    if (!result.valid) expect(result.reason).toMatch(reason);
  });

  it("does not run a stranger's regular expression: a catastrophic `pattern` is ignored, and answers at once", () => {
    const evil = "^(a|a)+$";
    const declaration = {
      info: { input: { type: "http", method: "GET", queryParams: { q: `${"a".repeat(22)}!` } } },
      schema: {
        type: "object",
        properties: {
          input: {
            type: "object",
            properties: { queryParams: { properties: { q: { type: "string", pattern: evil } } } },
          },
        },
        required: ["input"],
      },
    };
    // Checked by the outcome: the value does not match the pattern (evaluating it would backtrack some 4 million
    // times, and refuse the declaration), yet the declaration is valid.
    expect(validateDiscoveryDeclaration(declaration)).toMatchObject({ valid: true });
    // A property that happens to be called "pattern" is still checked.
    const named = {
      info: { input: { type: "http", method: "GET", queryParams: { pattern: 5 } } },
      schema: {
        type: "object",
        properties: {
          input: {
            type: "object",
            properties: { queryParams: { type: "object", properties: { pattern: { type: "string" } } } },
          },
        },
        required: ["input"],
      },
    };
    expect(validateDiscoveryDeclaration(named).valid).toBe(false);
  });
});
