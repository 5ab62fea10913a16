import { loadNativePeer } from "../native/loadNativePeer.js";

/** The part of `secp256k1@5` (libsecp256k1's N-API binding) that x402kit uses. */
export type NativeSecp256k1 = {
  ecdsaSign(digest: Uint8Array, privateKey: Uint8Array): { signature: Uint8Array; recid: number };
  ecdsaRecover(signature: Uint8Array, recid: number, digest: Uint8Array, compressed: boolean): Uint8Array;
};

let loaded: NativeSecp256k1 | null | undefined;

/**
 * libsecp256k1 through the optional peer `secp256k1` (v5), loaded on first use, or undefined when it is not
 * installed, its prebuilt binary does not load on this platform, or `X402KIT_SECP256K1=js` is set. Only the native
 * binding is taken (`secp256k1/bindings`): the package's own fallback (elliptic) is slower than noble, which viem
 * already brings. Loaded through `process.getBuiltinModule`, so that a browser bundle never sees a Node import.
 */
export function nativeSecp256k1(): NativeSecp256k1 | undefined {
  if (loaded === undefined) loaded = load() ?? null;
  return loaded ?? undefined;
}

function load(): NativeSecp256k1 | undefined {
  return loadNativePeer({
    optOutVariable: "X402KIT_SECP256K1",
    load: (require) => require("secp256k1/bindings") as NativeSecp256k1,
  });
}
