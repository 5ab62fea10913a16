import {
  permit2Address as contractsPermit2Address,
  x402BatchSettlerAbi,
  x402ExactPermit2ProxyAbi,
  x402ExactPermit2ProxyAddress,
} from "@x402kit/contracts";
import { type AbiEvent, type AbiFunction, toEventSelector, toFunctionSelector } from "viem";
import { describe, expect, it } from "vitest";
import { batchSettlerAbi, exactPermit2ProxyAbi } from "./abis.js";
import { exactPermit2ProxyAddress, permit2Address } from "./constants.js";

const selectors = (abi: readonly { type: string }[]) =>
  abi
    .filter((item): item is AbiFunction => item.type === "function")
    .filter((item) => item.name === "settle" || item.name === "settleWithPermit")
    .map((item) => `${item.name} ${toFunctionSelector(item)}`)
    .sort();

describe("exactPermit2ProxyAbi", () => {
  it("calls the same settle and settleWithPermit as the contract in @x402kit/contracts", () => {
    expect(selectors(exactPermit2ProxyAbi)).toEqual(selectors(x402ExactPermit2ProxyAbi));
    expect(selectors(exactPermit2ProxyAbi)).toHaveLength(2);
  });

  it("uses the canonical addresses", () => {
    expect(exactPermit2ProxyAddress).toBe(x402ExactPermit2ProxyAddress);
    expect(permit2Address).toBe(contractsPermit2Address);
  });
});

describe("batchSettlerAbi", () => {
  it("calls the same settle and reads the same AuthorizationFailed as X402BatchSettler in @x402kit/contracts", () => {
    const signatures = (abi: readonly { type: string }[]) => [
      ...selectors(abi),
      ...abi
        .filter((item): item is AbiEvent => item.type === "event")
        .map((item) => `${item.name} ${toEventSelector(item)}`),
    ];
    expect(signatures(batchSettlerAbi)).toEqual(signatures(x402BatchSettlerAbi));
    expect(signatures(batchSettlerAbi)).toHaveLength(2);
  });
});
