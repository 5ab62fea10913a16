import type { HttpResult } from "../../context/httpRequest.js";
import { defineCase } from "../../defineCase.js";

/** What a 402's body is, in a few words: "empty", "{}", "a v1 PaymentRequired", "HTML (1234 bytes)", ... */
const describeBody = (result: HttpResult) => {
  const type = result.headers.get("content-type")?.split(";")[0] ?? "no content-type";
  if (result.text.trim() === "") return `empty (${type})`;
  const json = result.json as Record<string, unknown> | undefined;
  if (json === undefined) return `${type}, ${result.text.length} bytes`;
  if (Object.keys(json).length === 0) return `{} (${type})`;
  if (json["x402Version"] === 1 && Array.isArray(json["accepts"])) return `a v1 PaymentRequired (${type})`;
  if (json["x402Version"] === 2 && Array.isArray(json["accepts"])) return `a v2 PaymentRequired (${type})`;
  return `JSON with ${Object.keys(json).slice(0, 5).join(", ")} (${type})`;
};

export default defineCase({
  id: "server.info.payment-required-body",
  spec: ["http-v2 Response Body"],
  level: "INFO",
  role: "server",
  description: "What the 402's body holds for a program and for a browser (bodies are the server's concern).",
  run: async ({ server, inform }) => {
    const api = await server.get(server.routes.paid, { accept: "application/json" });
    inform(`to Accept: application/json, a ${api.status} whose body is ${describeBody(api)}`);
    const browser = await server.get(server.routes.paid, { accept: "text/html,application/xhtml+xml" });
    inform(`to Accept: text/html, a ${browser.status} whose body is ${describeBody(browser)}`);
  },
});
