import { parsePrice } from "@x402kit/core";
import type { SupportedResponse } from "@x402kit/types";
import { describe, expect, it, vi } from "vitest";
import { uptoEvmServer } from "./uptoEvmServer.js";

const facilitatorAddress = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const input = {
  network: "eip155:84532",
  price: parsePrice("$0.50"),
  payTo: "0x209693bc6afc0c5328ba36faf03c514ef312287c",
  maxTimeoutSeconds: 300,
};

describe("uptoEvmServer", () => {
  it("prices the maximum like exact and adds permit2 and the facilitator's address", async () => {
    const server = uptoEvmServer({ facilitator: facilitatorAddress });
    expect(await server.buildRequirements(input)).toEqual({
      scheme: "upto",
      network: "eip155:84532",
      amount: "500000",
      asset: "0x036CbD53842c5426634e7929541eC2318f3dCF7e",
      payTo: "0x209693Bc6afc0C5328bA36FaF03C514EF312287C",
      maxTimeoutSeconds: 300,
      extra: { name: "USDC", version: "2", assetTransferMethod: "permit2", facilitatorAddress },
    });
  });

  it("asks the facilitator's GET /supported once, again after a failure, and lets a route override it", async () => {
    const supported = vi
      .fn<() => Promise<SupportedResponse>>()
      .mockRejectedValueOnce(new Error("down"))
      .mockResolvedValue({
        kinds: [{ x402Version: 2, scheme: "upto", network: "eip155:84532", extra: { facilitatorAddress } }],
        extensions: [],
        signers: {},
      });
    const server = uptoEvmServer({ facilitator: { supported } });
    await expect(server.buildRequirements(input)).rejects.toThrow("down");
    for (let i = 0; i < 2; i++)
      expect((await server.buildRequirements(input)).extra?.facilitatorAddress).toBe(facilitatorAddress);
    expect(supported).toHaveBeenCalledTimes(2);
    const other = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
    expect(
      (await server.buildRequirements({ ...input, extra: { facilitatorAddress: other.toLowerCase() } })).extra
        ?.facilitatorAddress,
    ).toBe(other);
  });

  it("refuses to build requirements without a facilitator address", async () => {
    await expect(uptoEvmServer().buildRequirements(input)).rejects.toMatchObject({
      name: "UptoEvmError",
      code: "invalid_config",
    });
    expect(() => uptoEvmServer({ facilitator: "0x1234" as `0x${string}` })).toThrow(/not an EVM address/);
  });
});
