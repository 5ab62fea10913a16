/**
 * Which secp256k1 implementation signs and recovers: `native` (libsecp256k1 through the optional peer `secp256k1`),
 * `js` (@noble/curves, what viem uses). Both give the same signatures and the same answers.
 */
export type Secp256k1Backend = "native" | "js";
