import {
  permit2Address as contractsPermit2Address,
  x402UptoPermit2ProxyAbi,
  x402UptoPermit2ProxyAddress,
} from "@x402kit/contracts";
import { permit2Address } from "@x402kit/evm";
import { type AbiFunction, toFunctionSelector } from "viem";
import { describe, expect, it } from "vitest";
import { uptoPermit2ProxyAbi } from "./abis.js";
import { uptoPermit2ProxyAddress } from "./constants.js";

const selectors = (abi: readonly { type: string }[], names: string[]) =>
  abi
    .filter(
      (item): item is AbiFunction => item.type === "function" && names.includes((item as AbiFunction).name),
    )
    .map((item) => `${item.name} ${toFunctionSelector(item)}`)
    .sort();

describe("uptoPermit2ProxyAbi", () => {
  it("calls the same settle and settleWithPermit as the contract in @x402kit/contracts", () => {
    const names = ["settle", "settleWithPermit"];
    expect(selectors(uptoPermit2ProxyAbi, names)).toEqual(selectors(x402UptoPermit2ProxyAbi, names));
    expect(selectors(uptoPermit2ProxyAbi, names)).toEqual([
      "settle 0xff11e7b4",
      "settleWithPermit 0x016c1748",
    ]);
  });

  it("uses the canonical addresses", () => {
    expect(uptoPermit2ProxyAddress).toBe(x402UptoPermit2ProxyAddress);
    expect(permit2Address).toBe(contractsPermit2Address);
  });
});
