import { PriceError } from "@x402kit/core";
import { getAddress } from "viem";
import { describe, expect, it } from "vitest";
import { ExactEvmError } from "../errors/ExactEvmError.js";
import { exactEvmServer } from "./exactEvmServer.js";
import { knownUsdcDeployments } from "./knownUsdcDeployments.js";

const payTo = "0x209693bc6afc0c5328ba36faf03c514ef312287c";
const local = {
  address: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  name: "USD Coin",
  version: "2",
  decimals: 6,
};
const build = (server: ReturnType<typeof exactEvmServer>, network: string, price: unknown, extra?: object) =>
  server.buildRequirements({
    network,
    price: price as never,
    payTo,
    maxTimeoutSeconds: 60,
    extra: extra as Record<string, unknown> | undefined,
  });

describe("exactEvmServer", () => {
  const server = exactEvmServer({ assets: { "eip155:31337": local } });

  it("prices money in the configured asset, with its EIP-712 domain in extra", () => {
    expect(build(server, "eip155:31337", { kind: "money", usd: "0.01" })).toEqual({
      scheme: "exact",
      network: "eip155:31337",
      amount: "10000",
      asset: local.address,
      payTo: getAddress(payTo),
      maxTimeoutSeconds: 60,
      extra: { name: "USD Coin", version: "2" },
    });
  });

  it.each([
    ["eip155:8453", "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913", "USD Coin"],
    ["eip155:84532", "0x036CbD53842c5426634e7929541eC2318f3dCF7e", "USDC"],
    ["eip155:1", "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", "USD Coin"],
    ["eip155:11155111", "0x1c7D4B196Cb0C7B01d743Fbc6116a902379C7238", "USDC"],
    ["eip155:43114", "0xB97EF9Ef8734C71904D8002F8b6Bc66Dd9c48a6E", "USD Coin"],
    ["eip155:43113", "0x5425890298aed601595a70AB815c96711a31Bc65", "USD Coin"],
    ["eip155:137", "0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359", "USD Coin"],
    ["eip155:80002", "0x41E94Eb019C0762f9Bfcf9Fb1E58725BfB0e7582", "USDC"],
    ["eip155:42161", "0xaf88d065e77c8cC2239327C5EDb3A432268e5831", "USD Coin"],
    ["eip155:10", "0x0b2C639c533813f4Aa9D7837CAf62653d097Ff85", "USD Coin"],
  ])("knows USDC on %s at %s named %s", (network, address, name) => {
    const requirements = build(exactEvmServer(), network, { kind: "money", usd: "1.5" });
    expect(requirements).toMatchObject({ asset: address, amount: "1500000", extra: { name, version: "2" } });
  });

  it("keeps every table entry checksummed with 6 decimals and version 2", () => {
    for (const asset of Object.values(knownUsdcDeployments)) {
      expect(getAddress(asset.address)).toBe(asset.address);
      expect(asset).toMatchObject({ decimals: 6, version: "2" });
    }
  });

  it("merges the route's extra over the domain", () => {
    const requirements = build(
      server,
      "eip155:31337",
      { kind: "money", usd: "1" },
      { assetTransferMethod: "eip3009" },
    );
    expect(requirements.extra).toEqual({ name: "USD Coin", version: "2", assetTransferMethod: "eip3009" });
  });

  it("uses an atomic price as it is, taking the domain from the price's extra", () => {
    const token = "0x1111111111111111111111111111111111111111";
    const requirements = build(server, "eip155:31337", {
      kind: "atomic",
      amount: "123",
      asset: token,
      extra: { name: "Token", version: "1" },
    });
    expect(requirements).toMatchObject({
      amount: "123",
      asset: getAddress(token),
      extra: { name: "Token", version: "1" },
    });
  });

  it("fills in the domain of an atomic price in a known asset", () => {
    const requirements = build(exactEvmServer(), "eip155:8453", {
      kind: "atomic",
      amount: "5",
      asset: "0x833589fcd6edb6e08f4c7c32d4f71b54bda02913",
    });
    expect(requirements.extra).toEqual({ name: "USD Coin", version: "2" });
  });

  it.each([
    ["an unknown network with no asset", "eip155:999999", { kind: "money", usd: "1" }],
    ["a non-EVM network", "solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp", { kind: "money", usd: "1" }],
    [
      "an unknown atomic asset without a domain",
      "eip155:8453",
      { kind: "atomic", amount: "1", asset: payTo },
    ],
    [
      "an atomic asset that is not an address",
      "eip155:8453",
      { kind: "atomic", amount: "1", asset: "USDC", extra: {} },
    ],
  ])("refuses %s with invalid_config", (_, network, price) => {
    expect(() => build(server, network, price)).toThrow(expect.objectContaining({ code: "invalid_config" }));
    expect(() => build(server, network, price)).toThrow(ExactEvmError);
  });

  it("refuses a payTo that is not an address", () => {
    expect(() =>
      server.buildRequirements({
        network: "eip155:8453",
        price: { kind: "money", usd: "1" },
        payTo: "me",
        maxTimeoutSeconds: 1,
      }),
    ).toThrow(ExactEvmError);
  });

  it("refuses prices finer than the token's decimals", () => {
    expect(() => build(server, "eip155:31337", { kind: "money", usd: "0.0000001" })).toThrow(PriceError);
  });

  it.each([
    [{ "eip155:1": { ...local, address: "nope" } }],
    [{ base: local }],
    [{ "eip155:1": { ...local, name: "" } }],
    [{ "eip155:1": { ...local, decimals: 1.5 } }],
    [{ "eip155:1": { ...local, transferMethod: "erc7710" } }],
  ])("refuses the assets config %j at start-up", (assets) => {
    expect(() => exactEvmServer({ assets: assets as never })).toThrow(ExactEvmError);
  });

  it("marks a Permit2 asset's requirements with assetTransferMethod permit2, for money and atomic prices", () => {
    const permit2 = exactEvmServer({ assets: { "eip155:31337": { ...local, transferMethod: "permit2" } } });
    expect(build(permit2, "eip155:31337", { kind: "money", usd: "0.01" }).extra).toEqual({
      name: "USD Coin",
      version: "2",
      assetTransferMethod: "permit2",
    });
    expect(
      build(permit2, "eip155:31337", { kind: "atomic", amount: "5", asset: local.address.toLowerCase() })
        .extra,
    ).toEqual({ name: "USD Coin", version: "2", assetTransferMethod: "permit2" });
    // A route can still ask for EIP-3009 explicitly.
    expect(
      build(permit2, "eip155:31337", { kind: "money", usd: "0.01" }, { assetTransferMethod: "eip3009" })
        .extra,
    ).toMatchObject({ assetTransferMethod: "eip3009" });
  });
});
