import { describe, expect, it } from "vitest";
import { X402TypesError } from "../errors.js";
import { evmChainId, formatCaip2, matchesNetworkPattern, parseCaip2 } from "./caip2.js";
import { caip2ToV1Network, v1NetworkToCaip2 } from "./v1Networks.js";

describe("CAIP-2", () => {
  it("parses and formats", () => {
    expect(parseCaip2("eip155:8453")).toEqual({ namespace: "eip155", reference: "8453" });
    expect(parseCaip2("solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp").namespace).toBe("solana");
    expect(formatCaip2("eip155", 84532)).toBe("eip155:84532");
  });

  it.each(["base", "eip155", "eip155:", ":1", "EIP155:1", "eip155:1:2", "e:1"])("refuses %j", (value) => {
    expect(() => parseCaip2(value)).toThrow(X402TypesError);
  });

  it("reads EVM chain ids", () => {
    expect(evmChainId("eip155:31337")).toBe(31337);
    expect(evmChainId("solana:abc")).toBeUndefined();
    expect(evmChainId("eip155:0x1")).toBeUndefined();
  });

  it("matches namespace wildcards", () => {
    expect(matchesNetworkPattern("eip155:8453", "eip155:*")).toBe(true);
    expect(matchesNetworkPattern("eip155:8453", "eip155:8453")).toBe(true);
    expect(matchesNetworkPattern("eip155:8453", "eip155:1")).toBe(false);
    expect(matchesNetworkPattern("eip1550:1", "eip155:*")).toBe(false);
    expect(matchesNetworkPattern("solana:x", "eip155:*")).toBe(false);
  });

  it("maps v1 names both ways", () => {
    expect(v1NetworkToCaip2("base-sepolia")).toBe("eip155:84532");
    expect(v1NetworkToCaip2("hardhat")).toBe("eip155:31337");
    expect(v1NetworkToCaip2("constructor")).toBeUndefined();
    expect(v1NetworkToCaip2("toString")).toBeUndefined();
    expect(caip2ToV1Network("eip155:8453")).toBe("base");
    expect(caip2ToV1Network("eip155:999999")).toBeUndefined();
  });
});
