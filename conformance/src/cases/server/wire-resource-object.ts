import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.wire.resource-object",
  spec: ["v2 §5.1.2 (resource: ResourceInfo)"],
  level: "MUST",
  role: "server",
  description: "PaymentRequired.resource is an object with a url (not a string, as in v1).",
  run: async ({ server, expect }) => {
    const { header } = await server.paymentRequired(server.routes.paid);
    const raw = JSON.parse(Buffer.from(header, "base64").toString("utf8")) as { resource?: unknown };
    expect.that(
      typeof raw.resource === "object" && raw.resource !== null,
      `resource is ${JSON.stringify(raw.resource)}`,
    );
    expect.that(typeof (raw.resource as { url?: unknown }).url === "string", "resource.url is missing");
  },
});
