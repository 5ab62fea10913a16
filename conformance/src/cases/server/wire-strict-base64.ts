import { base64DecodeUtf8 } from "@x402kit/types";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.wire.strict-base64",
  spec: ["http-v2 Payment Required Signaling", "http-v2 Header Summary"],
  rationale:
    'The transport says only "base64-encoded"; the suite reads it as RFC 4648 §4 base64 (standard alphabet, padded), the form of the spec\'s own examples, and refuses base64url, missing padding and white space.',
  level: "MUST",
  role: "server",
  description: "PAYMENT-REQUIRED is standard padded base64 (not base64url, no white space) of UTF-8 JSON.",
  run: async ({ server, expect }) => {
    const { header } = await server.paymentRequired(server.routes.paid);
    const text = base64DecodeUtf8(header);
    expect.that(text !== undefined, `not strict standard base64: ${header.slice(0, 60)}…`);
    expect.that(!/[-_]/.test(header), "uses base64url characters");
    let ok = true;
    try {
      JSON.parse(text ?? "");
    } catch {
      ok = false;
    }
    expect.that(ok, "the decoded header is not JSON");
  },
});
