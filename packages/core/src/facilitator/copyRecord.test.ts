import { describe, expect, it } from "vitest";
import { copyRecord } from "./copyRecord.js";

describe("copyRecord", () => {
  it("copies plain data deeply, as structuredClone does", () => {
    const record = {
      id: "a",
      version: 2,
      state: { list: [1, { b: "c" }], none: null, gone: undefined, big: 5n },
    };
    const copy = copyRecord(record);
    expect(copy).toStrictEqual(structuredClone(record));
    copy.state.list.push(2);
    (copy.state.list[1] as { b: string }).b = "changed";
    expect(record.state.list).toEqual([1, { b: "c" }]);
  });

  it("hands other objects to structuredClone, and refuses what it cannot copy", () => {
    const at = new Date(5);
    const bytes = new Uint8Array([1, 2]);
    const copy = copyRecord({ at, bytes, nested: [new Map([["k", 1]])] });
    expect(copy.at).toEqual(at);
    expect(copy.at).not.toBe(at);
    expect(copy.bytes).toEqual(bytes);
    expect(copy.bytes).not.toBe(bytes);
    expect(copy.nested[0]).toBeInstanceOf(Map);
    expect(() => copyRecord({ run: () => 1 })).toThrow();
  });

  it("copies data deeper than its own limit (and cycles) through structuredClone", () => {
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 100; i++) deep = { next: deep };
    expect(copyRecord(deep)).toStrictEqual(deep);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => copyRecord(cyclic)).not.toThrow();
  });
});
