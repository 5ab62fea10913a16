import type { ImplementationName } from "../types.js";
import { referenceSvm } from "./referenceSvm.js";
import type { SvmSide } from "./types.js";
import { x402kitSvm } from "./x402kitSvm.js";

/** Both implementations' exact on Solana. Imported on demand, so that EVM facilitator children never load it. */
export const svmSides: Record<ImplementationName, SvmSide> = { x402kit: x402kitSvm, reference: referenceSvm };
