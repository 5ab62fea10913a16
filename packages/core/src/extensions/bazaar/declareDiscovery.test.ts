import { describe, expect, it } from "vitest";
import { z } from "zod";
import { completeDiscovery } from "./completeDiscovery.js";
import { declareDiscovery } from "./declareDiscovery.js";
import { declareMcpDiscovery } from "./declareMcpDiscovery.js";

const query = z.object({ city: z.string(), days: z.number().int().optional() });

describe("declareDiscovery", () => {
  it("declares a GET route from zod schemas: info with the examples, a draft 2020-12 schema from zod 4", () => {
    const { bazaar } = declareDiscovery({
      method: "GET",
      input: { query, example: { city: "Paris" } },
      output: { schema: z.object({ celsius: z.number() }), example: { celsius: 21 } },
    });
    expect(bazaar.info).toEqual({
      input: { type: "http", method: "GET", queryParams: { city: "Paris" } },
      output: { type: "json", example: { celsius: 21 } },
    });
    expect(bazaar.schema).toMatchObject({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      required: ["input"],
      properties: {
        input: {
          required: ["type", "method"],
          additionalProperties: false,
          properties: {
            method: { enum: ["GET"] },
            queryParams: {
              type: "object",
              properties: { city: { type: "string" }, days: { type: "integer" } },
              required: ["city"],
            },
          },
        },
        output: { properties: { example: { properties: { celsius: { type: "number" } } } } },
      },
    });
    // zod's own `$schema` appears once, at the top.
    expect(JSON.stringify(bazaar.schema).match(/\$schema/g)).toHaveLength(1);
  });

  it("declares a body method, and leaves the method for the server to fill in when not given", () => {
    const post = declareDiscovery({ input: { body: query, example: { city: "Oslo" } } }).bazaar;
    expect(post.info.input).toEqual({ type: "http", bodyType: "json", body: { city: "Oslo" } });
    expect(post.schema).toMatchObject({
      properties: {
        input: {
          required: ["type", "bodyType", "body"],
          properties: { method: { enum: ["POST", "PUT", "PATCH"] } },
        },
      },
    });
    const bare = declareDiscovery().bazaar;
    expect(bare.info).toEqual({ input: { type: "http" } });
  });

  it("takes JSON Schema as well as zod", () => {
    const { bazaar } = declareDiscovery({
      method: "DELETE",
      input: {
        query: { $schema: "x", type: "object", properties: { id: { type: "string" } } },
        example: { id: "7" },
      },
    });
    expect(bazaar.schema).toMatchObject({
      properties: {
        input: { properties: { queryParams: { type: "object", properties: { id: { type: "string" } } } } },
      },
    });
    expect(JSON.stringify(bazaar.schema)).not.toContain('"x"');
  });

  it.each([
    [
      "an example that does not fit its zod schema",
      { method: "GET", input: { query, example: { days: 2 } } },
      /query example does not fit/,
    ],
    [
      "an output example that does not fit",
      { output: { schema: z.number(), example: "hot" } },
      /output example/,
    ],
    ["a body on a GET", { method: "GET", input: { body: query } }, /has no body/],
    ["an unknown method", { method: "TRACE" }, /unknown method/],
    ["an unknown body type", { method: "POST", input: { bodyType: "xml" } }, /bodyType/],
    [
      "a query example that is not an object",
      { method: "GET", input: { example: "city=Paris" } },
      /must be an object/,
    ],
  ])("refuses %s with invalid_config", (_name, parameters, message) => {
    expect(() => declareDiscovery(parameters as never)).toThrow(
      expect.objectContaining({ code: "invalid_config", message: expect.stringMatching(message) }),
    );
  });
});

describe("declareMcpDiscovery", () => {
  it("names the tool as the spec (`tool`) and the reference (`toolName`) do, and checks the example", () => {
    const { bazaar } = declareMcpDiscovery({
      tool: "stock_quote",
      description: "Latest price",
      inputSchema: z.object({ ticker: z.string() }),
      example: { ticker: "ACME" },
    });
    expect(bazaar.info.input).toMatchObject({
      type: "mcp",
      tool: "stock_quote",
      toolName: "stock_quote",
      inputSchema: { type: "object", required: ["ticker"] },
      example: { ticker: "ACME" },
    });
    expect(bazaar.schema).toMatchObject({
      properties: { input: { required: ["type", "tool", "toolName", "inputSchema"] } },
    });
    expect(() =>
      declareMcpDiscovery({
        tool: "x",
        inputSchema: z.object({ ticker: z.string() }),
        example: { ticker: 1 },
      }),
    ).toThrow(/arguments example/);
    expect(() => declareMcpDiscovery({ tool: "", inputSchema: {} })).toThrow(/`tool`/);
  });
});

describe("completeDiscovery", () => {
  it("fills the method and requires it, adds the route template and this request's path parameters", () => {
    const extensions = { ...declareDiscovery({ input: { query } }), other: { info: 1 } };
    const completed = completeDiscovery(extensions, {
      method: "get",
      routeTemplate: "/weather/:city",
      pathParams: { city: "Paris" },
    });
    expect(completed.other).toBe(extensions.other);
    expect(completed.bazaar).toMatchObject({
      info: { input: { type: "http", method: "GET", pathParams: { city: "Paris" } } },
      routeTemplate: "/weather/:city",
      schema: {
        properties: { input: { required: ["type", "method"], properties: { method: { enum: ["GET"] } } } },
      },
    });
    // The declaration itself is not changed.
    expect(extensions.bazaar.info.input).toEqual({ type: "http" });
  });

  it("leaves alone MCP declarations, a declaration for another method, and routes without one", () => {
    const tool = declareMcpDiscovery({ tool: "t", inputSchema: {} });
    expect(completeDiscovery(tool, { method: "POST" })).toBe(tool);
    const get = declareDiscovery({ method: "GET" });
    expect(completeDiscovery(get, { method: "POST" })).toBe(get);
    expect(completeDiscovery({}, { method: "GET" })).toEqual({});
  });
});
