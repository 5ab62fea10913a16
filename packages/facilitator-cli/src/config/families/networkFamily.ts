import type { FacilitatorStore, SchemeFacilitator } from "@x402kit/core";
import type { SignerPool } from "@x402kit/facilitator";
import type { Logger } from "pino";
import type { z } from "zod";
import type { ConfigContext } from "../configContext.js";

/**
 * A chain family the CLI can serve (EVM today): its networks' settings, its signers' settings, and how to wire its
 * schemes from them. A family's networks are the `networks` entries whose CAIP-2 namespace is `namespace`, and its
 * signers are `signers[namespace]`. Adding a family is one file and one line in `networkFamilies`; nothing else in
 * the configuration changes.
 */
export type NetworkFamily<network = unknown, signers = unknown> = {
  /** The CAIP-2 namespace (`eip155`, `solana`): of its networks' ids, and its key under `signers`. */
  namespace: string;
  /** What a human calls it, for messages ("EVM"). */
  label: string;
  /** One network's settings (an entry of `networks`). Secrets go through `secretSchema` / `secretUrlSchema`. */
  networkSchema(context: ConfigContext): z.ZodType<network>;
  /** The family's signers (`signers[namespace]`). Private keys come from a file or the environment only. */
  signersSchema(context: ConfigContext): z.ZodType<signers>;
  /**
   * Checks what needs a network's id once its settings are valid (e.g. a default asset that exists only on known
   * chains). Returns a message per field path, or nothing.
   */
  checkNetwork?(id: string, network: network): { path: (string | number)[]; message: string }[];
  /** Builds the family's schemes on the store, once the configuration is valid. May reach the network. */
  wire(parameters: WireFamilyParameters<network, signers>): Promise<WiredFamily>;
};

export type WireFamilyParameters<network, signers> = {
  /** The family's networks, by CAIP-2 id. */
  networks: Readonly<Record<string, network>>;
  signers: signers;
  store: FacilitatorStore;
  logger: Logger;
  /** How long a signer lease lasts (PostgreSQL). */
  signerLeaseMs: number;
};

export type WiredFamily = {
  schemes: SchemeFacilitator[];
  /** The pool the family's schemes sign through, leased per instance from the store. At most one family has one. */
  signerPool?: SignerPool | undefined;
  /** Extra `/healthz` checks, e.g. one RPC round trip per network. */
  healthChecks: Record<string, () => Promise<unknown>>;
  /** Fields for the start-up log line: never a secret (describe URLs with `describeUrl`). */
  describe: Record<string, unknown>;
};
