import {
  createNonceManager,
  exactEvmFacilitator,
  knownUsdcDeployments,
  privateKeyToFastAccount,
} from "@x402kit/evm";
import { createSignerPool, FacilitatorConfigError, isSignerLeaseStore } from "@x402kit/facilitator";
import { type Client, createClient, fallback, getAddress, http, isAddress, type Transport } from "viem";
import { getBalance, getBlockNumber, getChainId } from "viem/actions";
import { z } from "zod";
import type { ConfigContext } from "../configContext.js";
import { importOptionalPackage } from "../importOptionalPackage.js";
import { describeUrl, secretSchema, secretUrlSchema } from "../secretSchema.js";
import type { NetworkFamily } from "./networkFamily.js";

const addressSchema = z
  .string()
  .refine((value) => isAddress(value, { strict: false }), "must be a 0x-prefixed 20-byte address")
  .transform((value) => getAddress(value));

const hexKey = /^0x[0-9a-fA-F]{64}$/;
const keyMessage = "must be a 0x-prefixed 32-byte hex key";

const evmNetworkSchema = (context: ConfigContext) =>
  z.strictObject({
    /** JSON-RPC endpoints, tried in order: the next one takes over when one fails (viem's `fallback`). */
    rpc: z
      .unknown()
      .transform((rpc) => (Array.isArray(rpc) ? rpc : [rpc]))
      .pipe(z.array(secretUrlSchema(context)).min(1, "give at least one URL")),
    /**
     * The tokens this network settles (their addresses). Default: Circle's USDC where x402kit knows it; a network
     * without one must list its assets. Anything else is refused before any transaction.
     */
    assets: z.array(addressSchema).min(1, "list at least one asset").optional(),
    /**
     * The schemes served on this network. Default: exact, and upto when `@x402kit/upto-evm` (an optional peer) is
     * installed. `batch-settlement` (payment channels, the optional peer `@x402kit/batch-settlement-evm`) is served
     * only where named. Naming upto or batch-settlement without its package fails at start-up with what to install.
     */
    schemes: z
      .array(z.enum(["exact", "upto", "batch-settlement"]))
      .min(1, "give at least one scheme")
      .optional(),
    /**
     * The gas balance (wei, a decimal string) each signer must hold on this network: below it, `/healthz` fails
     * (`checks["gas eip155:…"]`) and start-up logs a warning. Default "1": a signer with no gas at all.
     */
    minGasBalance: z
      .string()
      .regex(/^\d{1,78}$/, "must be wei, a decimal string")
      .default("1"),
    /** Settle EOAs' EIP-3009 payments in batches through an X402BatchSettler. Default off. */
    batchSettlement: z
      .strictObject({
        settler: addressSchema,
        maxSize: z.int("must be a whole number").min(1).max(500).default(50),
        maxWaitMs: z.number().min(0).max(60_000).default(200),
      })
      .optional(),
  });

export type EvmNetworkConfig = z.output<ReturnType<typeof evmNetworkSchema>>;
type EvmScheme = NonNullable<EvmNetworkConfig["schemes"]>[number];

const keyListSchema = (context: ConfigContext) =>
  secretSchema(context, { literal: false }).transform((value, issue) => {
    const keys = value.split(/[\s,]+/).filter((key) => key !== "");
    keys.forEach((key, index) => {
      if (!hexKey.test(key)) issue.addIssue({ code: "custom", message: `key ${index + 1}: ${keyMessage}` });
    });
    if (keys.length === 0) issue.addIssue({ code: "custom", message: "give at least one key" });
    if (new Set(keys.map((key) => key.toLowerCase())).size !== keys.length)
      issue.addIssue({ code: "custom", message: "the keys must be distinct" });
    for (const key of keys) context.secrets.add(key);
    return keys as `0x${string}`[];
  });

const evmSignersSchema = (context: ConfigContext) =>
  z
    .strictObject({
      /** The account that sends settlements and pays their gas. */
      privateKey: secretSchema(context, { literal: false })
        .refine((value) => hexKey.test(value), keyMessage)
        .optional(),
      /** A pool of such accounts (commas, spaces or lines): with PostgreSQL each instance leases its own. */
      privateKeys: keyListSchema(context).optional(),
    })
    .refine((signers) => (signers.privateKey === undefined) !== (signers.privateKeys === undefined), {
      message: "give privateKey or privateKeys (one of them)",
    })
    .transform(({ privateKey, privateKeys }) => ({
      keys: privateKeys ?? [privateKey as `0x${string}`],
    }));

export type EvmSignersConfig = z.output<ReturnType<typeof evmSignersSchema>>;

/** One transport over the endpoints: the first that answers, in order (viem's `fallback`). */
function rpcTransport(urls: readonly string[]): Transport {
  const transports = urls.map((url) =>
    http(url, { batch: true, timeout: 10_000, retryCount: urls.length > 1 ? 0 : 1 }),
  );
  return transports.length === 1 ? transports[0]! : fallback(transports, { retryCount: 1 });
}

/**
 * EVM networks (`eip155:<chain id>`): the exact scheme (EIP-3009 and Permit2), upto and batch-settlement, from one
 * signer pool and one nonce manager on the store, so that their transactions never collide.
 */
export const evmFamily: NetworkFamily<EvmNetworkConfig, EvmSignersConfig> = {
  namespace: "eip155",
  label: "EVM",
  networkSchema: evmNetworkSchema,
  signersSchema: evmSignersSchema,

  checkNetwork(id, network) {
    if (network.assets === undefined && knownUsdcDeployments[id] === undefined)
      return [
        {
          path: ["assets"],
          message: `x402kit knows no USDC on ${id}: list the assets to settle (their addresses)`,
        },
      ];
    return [];
  },

  async wire({ networks, signers, store, signerLeaseMs, logger }) {
    // upto is an optional peer: loaded when a network names it, or when present for the networks that name none.
    const named = Object.entries(networks).filter(([, network]) => network.schemes?.includes("upto"));
    const upto = await importOptionalPackage({
      name: "@x402kit/upto-evm",
      neededBy: named.length > 0 ? `the upto scheme (networks["${named[0]![0]}"].schemes)` : undefined,
      load: () => import("@x402kit/upto-evm"),
    });
    // batch-settlement likewise, but only where a network names it (its escrow must be deployed there).
    const channels = Object.entries(networks).filter(([, network]) =>
      network.schemes?.includes("batch-settlement"),
    );
    const batch =
      channels.length > 0
        ? await importOptionalPackage({
            name: "@x402kit/batch-settlement-evm",
            neededBy: `the batch-settlement scheme (networks["${channels[0]![0]}"].schemes)`,
            load: () => import("@x402kit/batch-settlement-evm"),
          })
        : undefined;
    const schemesOf = (network: EvmNetworkConfig): EvmScheme[] =>
      network.schemes ?? (upto ? ["exact", "upto"] : ["exact"]);
    const accounts = signers.keys.map((key) => privateKeyToFastAccount(key));
    const signerPool = createSignerPool({ accounts, leaseTtlMs: signerLeaseMs });
    const clients: Record<string, Client> = {};
    await Promise.all(
      Object.entries(networks).map(async ([id, network]) => {
        const client = createClient({ transport: rpcTransport(network.rpc), pollingInterval: 500 });
        const chainId = await getChainId(client).catch((error: unknown) => {
          throw new FacilitatorConfigError(
            `networks["${id}"].rpc: no answer from ${network.rpc.map(describeUrl).join(", ")}`,
            { cause: error },
          );
        });
        if (id !== `eip155:${chainId}`)
          throw new FacilitatorConfigError(
            `networks["${id}"].rpc: the RPC serves eip155:${chainId}, not ${id}.`,
          );
        clients[id] = client;
      }),
    );
    // Every signer's gas on every network, against its threshold: for /healthz, and once now for the log.
    const gasChecks = Object.fromEntries(
      Object.entries(networks).map(([id, network]) => {
        const minimum = BigInt(network.minGasBalance);
        const check = async () => {
          const balances = await Promise.all(
            accounts.map(async ({ address }) => ({
              address,
              wei: await getBalance(clients[id]!, { address }),
            })),
          );
          const low = balances.filter(({ wei }) => wei < minimum);
          if (low.length > 0)
            throw new Error(
              `${low.map(({ address, wei }) => `${address} holds ${wei} wei`).join("; ")}: below ${minimum} wei of gas`,
            );
          return Object.fromEntries(balances.map(({ address, wei }) => [address, wei.toString()]));
        };
        return [`gas ${id}`, check] as const;
      }),
    );
    await Promise.all(
      Object.entries(gasChecks).map(([name, check]) =>
        check().catch((error: unknown) =>
          logger.warn(
            { check: name, error: (error as Error).message },
            "a signer is low on gas: settlements will fail",
          ),
        ),
      ),
    );
    // A store that leases (PostgreSQL) gives each instance one account. Else one process owns every key: exact
    // settles from all of them side by side (issue 16), upto and batch-settlement from the first (one nonce manager).
    const exactSigners = isSignerLeaseStore(store)
      ? signerPool.signer
      : [signerPool.signer, ...accounts.slice(1)];
    const served = (scheme: EvmScheme) =>
      Object.fromEntries(
        Object.entries(networks)
          .filter(([, network]) => schemesOf(network).includes(scheme))
          .map(([id, network]) => [
            id,
            {
              publicClient: clients[id]!,
              signer: scheme === "exact" ? exactSigners : signerPool.signer,
              ...(scheme === "exact" ? { batchSettlement: network.batchSettlement } : {}),
            },
          ]),
      );
    // Both schemes settle from the leased (or first) account: one nonce manager, so their transactions never collide.
    const nonceManager = createNonceManager({ store });
    const exact = served("exact");
    const uptoNetworks = served("upto");
    const channelNetworks = served("batch-settlement");
    const schemes = [
      ...(Object.keys(exact).length > 0 ? [exactEvmFacilitator({ networks: exact, nonceManager })] : []),
      ...(upto && Object.keys(uptoNetworks).length > 0
        ? [upto.uptoEvmFacilitator({ networks: uptoNetworks, nonceManager })]
        : []),
      ...(batch && Object.keys(channelNetworks).length > 0
        ? [batch.batchSettlementEvmFacilitator({ networks: channelNetworks, nonceManager })]
        : []),
    ];
    return {
      schemes,
      signerPool,
      healthChecks: {
        ...Object.fromEntries(
          // cacheTime 0: a health check asks the node every time (viem caches the block number otherwise).
          Object.entries(clients).map(([id, client]) => [
            `rpc ${id}`,
            () => getBlockNumber(client, { cacheTime: 0 }),
          ]),
        ),
        ...gasChecks,
      },
      describe: {
        networks: Object.fromEntries(
          Object.entries(networks).map(([id, network]) => [
            id,
            {
              rpc: network.rpc.map(describeUrl),
              schemes: schemesOf(network),
              assets: network.assets ?? [knownUsdcDeployments[id]!.address],
              ...(network.batchSettlement ? { batchSettler: network.batchSettlement.settler } : {}),
            },
          ]),
        ),
        signers: accounts.map((account) => account.address),
      },
    };
  },
};
