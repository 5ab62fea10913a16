import { describe, expect, it } from "vitest";
import { createSchemeRegistry } from "./createSchemeRegistry.js";

describe("createSchemeRegistry", () => {
  const wildcard = { scheme: "exact", networks: ["eip155:*"], id: "wild" };
  const base = { scheme: "exact", networks: ["eip155:8453"], id: "base" };
  const upto = { scheme: "upto", networks: ["eip155:*"], id: "upto" };
  const registry = createSchemeRegistry([wildcard, base, upto]);

  it("prefers an exact network over a wildcard listed before it", () => {
    expect(registry.find("exact", "eip155:8453")?.id).toBe("base");
    expect(registry.find("exact", "eip155:31337")?.id).toBe("wild");
  });

  it("keys by scheme and namespace", () => {
    expect(registry.find("upto", "eip155:1")?.id).toBe("upto");
    expect(registry.find("exact", "solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp")).toBeUndefined();
    expect(registry.find("stream", "eip155:1")).toBeUndefined();
  });

  it("lists what it holds", () => {
    expect(registry.list()).toHaveLength(3);
  });
});
