import { httpRequest } from "../../context/httpRequest.js";
import { requireExtension } from "../../context/permit2Payments.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "facilitator.bazaar.discovery-shape",
  spec: ["v2 §8", "v2 §8.1", "v2 §8.2"],
  level: "SHOULD",
  role: "facilitator",
  description:
    "A facilitator announcing bazaar answers GET /discovery/resources with x402Version 2, items[] and pagination, honouring limit and offset.",
  rationale:
    "The Discovery API is how a bazaar is reached (v2 §8); skipped when /supported does not announce bazaar.",
  run: async (context) => {
    await requireExtension(context, "bazaar");
    const list = (query: string) => httpRequest(`${context.facilitator.url}/discovery/resources${query}`);
    const all = await list("");
    context.expect.status(all, 200, "GET /discovery/resources");
    const body = all.json as
      | {
          x402Version?: unknown;
          items?: unknown;
          pagination?: { limit?: unknown; offset?: unknown; total?: unknown };
        }
      | undefined;
    context.expect.equal(body?.x402Version, 2, "x402Version");
    context.expect.that(Array.isArray(body?.items), "items is not an array");
    for (const field of ["limit", "offset", "total"] as const)
      context.expect.that(
        typeof body?.pagination?.[field] === "number",
        `pagination.${field} is not a number`,
      );
    for (const item of body!.items as Record<string, unknown>[]) {
      context.expect.that(typeof item["resource"] === "string", "an item has no resource string");
      context.expect.that(typeof item["type"] === "string", "an item has no type string");
      context.expect.that(Array.isArray(item["accepts"]), "an item has no accepts array");
    }
    const one = await list("?type=http&limit=1&offset=0");
    context.expect.status(one, 200, "GET /discovery/resources?limit=1");
    const page = one.json as
      | { items?: unknown[]; pagination?: { limit?: unknown; offset?: unknown } }
      | undefined;
    context.expect.that((page?.items?.length ?? 0) <= 1, "limit=1 answered more than one item");
    context.expect.equal(page?.pagination?.limit, 1, "pagination.limit echoes limit");
    const total = body!.pagination!.total as number;
    const past = await list(`?offset=${total + 10}`);
    context.expect.status(past, 200, "GET /discovery/resources past the end");
    context.expect.equal(
      (past.json as { items?: unknown[] } | undefined)?.items?.length,
      0,
      "items past the end",
    );
  },
});
