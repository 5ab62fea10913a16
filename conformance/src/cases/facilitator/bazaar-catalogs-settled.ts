import type { Hex } from "viem";
import { freshPayment, settleValid } from "../../context/facilitatorChecks.js";
import { httpRequest } from "../../context/httpRequest.js";
import { requireExtension } from "../../context/permit2Payments.js";
import { defineCase } from "../../defineCase.js";

/** The discovery info of a GET endpoint, as bazaar.md's example declares it: `info` and the JSON Schema it fits. */
const declaration = {
  info: {
    input: { type: "http", method: "GET", queryParams: { city: "Lisbon" } },
    output: { type: "json", example: { city: "Lisbon", temperature: 21 } },
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
          queryParams: {
            type: "object",
            properties: { city: { type: "string" } },
            required: ["city"],
          },
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

export default defineCase({
  id: "facilitator.bazaar.catalogs-settled",
  spec: ["bazaar Facilitator Behavior", "v2 §8.1", "v2 §8.2"],
  level: "SHOULD",
  role: "facilitator",
  description:
    "A facilitator announcing bazaar catalogs a resource whose settled payment declares it, and lists it in GET /discovery/resources.",
  rationale:
    "bazaar.md leaves storage and exposure to the facilitator; a facilitator that announces the extension and serves the Discovery API (v2 §8) is expected to list what it catalogued. Skipped when /supported does not announce bazaar.",
  run: async (context) => {
    await requireExtension(context, "bazaar");
    const { buyer, requirements } = await freshPayment(context);
    const resourceUrl = `http://127.0.0.1/x402-conformance/bazaar/${crypto.randomUUID()}`;
    const signed = await context.signExactPayment({
      buyer: buyer.account,
      requirements,
      overrides: { resourceUrl },
    });
    const payload = { ...signed, extensions: { bazaar: declaration } };
    const amount = BigInt(requirements.amount);
    await context.expect.balanceChanges(
      [
        { address: buyer.address, delta: -amount, label: "buyer" },
        { address: requirements.payTo as Hex, delta: amount, label: "payTo" },
      ],
      () => settleValid(context, payload, requirements, buyer),
    );

    // Cataloguing may be asynchronous (bazaar status "processing"): look for a short while, page by page.
    type Item = {
      resource?: unknown;
      type?: unknown;
      x402Version?: unknown;
      accepts?: unknown;
      lastUpdated?: unknown;
    };
    let found: Item | undefined;
    for (let attempt = 0; attempt < 20 && !found; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      for (let offset = 0; offset < 1000 && !found; offset += 100) {
        const result = await httpRequest(
          `${context.facilitator.url}/discovery/resources?limit=100&offset=${offset}`,
        );
        context.expect.status(result, 200, "GET /discovery/resources");
        const items = (result.json as { items?: Item[] } | undefined)?.items ?? [];
        found = items.find((item) => item.resource === resourceUrl);
        if (items.length < 100) break;
      }
    }
    context.expect.that(
      found,
      `the settled resource ${resourceUrl} is not listed in GET /discovery/resources`,
    );
    context.expect.equal(found!.type, "http", "item type");
    context.expect.that(typeof found!.x402Version === "number", "item x402Version is not a number");
    context.expect.that(typeof found!.lastUpdated === "number", "item lastUpdated is not a number");
    const accepts = Array.isArray(found!.accepts)
      ? (found!.accepts as { payTo?: string; amount?: string }[])
      : [];
    context.expect.that(
      accepts.some(
        (offer) =>
          offer.amount === requirements.amount &&
          offer.payTo?.toLowerCase() === requirements.payTo.toLowerCase(),
      ),
      "the item's accepts do not hold the paid requirements",
    );
  },
});
