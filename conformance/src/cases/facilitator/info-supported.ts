import { defineCase } from "../../defineCase.js";

type Kind = { x402Version?: unknown; scheme?: unknown; network?: unknown };

export default defineCase({
  id: "facilitator.info.supported",
  spec: ["v2 §7.3", "v2 §7.3.1"],
  level: "INFO",
  role: "facilitator",
  description: "What GET /supported announces: its kinds, its extensions and the networks of its signers.",
  run: async ({ facilitator, expect, inform }) => {
    const result = await facilitator.supported();
    expect.status(result, 200, "GET /supported");
    const body = (result.json ?? {}) as { kinds?: Kind[]; extensions?: unknown[]; signers?: object };
    const kinds = (body.kinds ?? []).map((k) => `v${k.x402Version} ${k.scheme} ${k.network}`);
    inform(`kinds: ${kinds.join(", ") || "none"}`);
    inform(`extensions: ${(body.extensions ?? []).map(String).join(", ") || "none"}`);
    inform(`signers for: ${Object.keys(body.signers ?? {}).join(", ") || "none"}`);
  },
});
