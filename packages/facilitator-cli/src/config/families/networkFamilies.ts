import { evmFamily } from "./evmFamily.js";
import type { NetworkFamily } from "./networkFamily.js";

/** The chain families the CLI serves, by CAIP-2 namespace. A new family adds one line here. */
// biome-ignore lint/suspicious/noExplicitAny: each family has its own settings types; the config keeps them apart.
export const networkFamilies: readonly NetworkFamily<any, any>[] = [evmFamily];
