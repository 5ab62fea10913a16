import { loadNativePeer } from "../native/loadNativePeer.js";

/** The sponge state of `keccak@3`'s N-API binding (XKCP), the class its own `bindings.js` wraps in a stream. */
export type NativeKeccakState = new () => {
  initialize(rate: number, capacity: number): void;
  absorb(data: Buffer): void;
  absorbLastFewBits(bits: number): void;
  squeeze(length: number): Buffer;
};

/** Keccak-256 of some bytes, natively. */
export type NativeKeccak = (data: Buffer) => Buffer;

let loaded: NativeKeccak | null | undefined;

/**
 * Keccak-256 through the optional peer `keccak` (v3), loaded on first use, or undefined when it is not installed,
 * its prebuilt binary does not load on this platform, or `X402KIT_KECCAK=js` is set. It drives the binding's sponge
 * directly (rate 1088, capacity 512, the Keccak padding bits 0x01): the package's `createKeccakHash` builds a
 * stream per hash, which cost more than noble's whole hash on the server's hot path. Loaded through
 * `process.getBuiltinModule`, so that a browser bundle never sees a Node import.
 */
export function nativeKeccak(): NativeKeccak | undefined {
  if (loaded === undefined) loaded = load() ?? null;
  return loaded ?? undefined;
}

function load(): NativeKeccak | undefined {
  const State = loadNativePeer({
    optOutVariable: "X402KIT_KECCAK",
    // What `keccak/bindings.js` does before wrapping the class in streams: node-gyp-build on the package's folder.
    load: (require) => {
      // The folder, whichever the path separator.
      const folder = require.resolve("keccak/package.json").slice(0, -"package.json".length - 1);
      const nodeGypBuild = require(require.resolve("node-gyp-build", { paths: [folder] })) as (
        folder: string,
      ) => unknown;
      return nodeGypBuild(folder) as NativeKeccakState;
    },
  });
  if (typeof State !== "function" || typeof State.prototype?.squeeze !== "function") return undefined;
  return (data) => {
    const state = new State();
    state.initialize(1088, 512);
    state.absorb(data);
    state.absorbLastFewBits(0x01);
    return state.squeeze(32);
  };
}
