import type { PaymentRequirements, SettleResponse } from "@x402kit/types";
import type { Address } from "viem";
import { runCommandOnce } from "../process/runCommandOnce.js";
import { chainEnv } from "../suite/chainEnv.js";
import type {
  RecordedRequest,
  RouteBehaviour,
  SuiteResourceServer,
} from "../suite/startSuiteResourceServer.js";
import type { SuiteChain } from "../suite/suiteChain.js";
import type { Buyer } from "../types.js";

export type ClientRunParameters = {
  /** The route's requirements, from the default one (a fresh payTo, `amount`). Default: `[defaults]`. */
  accepts?: (defaults: PaymentRequirements) => PaymentRequirements[];
  mode?: RouteBehaviour["mode"];
  version?: 1 | 2;
  /** Default 10000 (0.01 USDC). */
  amount?: string;
  /** Passed as `MAX_AMOUNT`: the client's spending limit per payment, in atomic units. */
  maxAmount?: string;
  /** How long the client may run (default 30 s). */
  timeoutMs?: number;
};

/** What the suite saw of one run of the client under test. */
export type ClientRun = {
  buyer: Buyer;
  payTo: Address;
  /** The default requirement (the one a conforming client pays in most cases). */
  requirements: PaymentRequirements;
  offered: PaymentRequirements[];
  exitCode: number | null;
  timedOut: boolean;
  /** The client's stdout and stderr (last 64 KiB). */
  output: string;
  /** The JSON object on the client's last stdout line, or undefined. */
  result: Record<string, unknown> | undefined;
  requests: RecordedRequest[];
  /** Requests that carried a payment header. */
  payments: RecordedRequest[];
  settlements: SettleResponse[];
};

export type CreateRunClientParameters = {
  command: string;
  chain: SuiteChain;
  resourceServer: SuiteResourceServer;
  newBuyer: (options?: { usdc?: bigint }) => Promise<Buyer>;
  newAddress: () => Address;
  requirements: (overrides?: Partial<PaymentRequirements>) => PaymentRequirements;
  echo?: boolean;
};

/** Reads the client protocol's result: the JSON object on the last non-empty stdout line. */
export function parseResultLine(stdout: string): Record<string, unknown> | undefined {
  const line = stdout
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "")
    .at(-1);
  if (!line) return undefined;
  try {
    const value = JSON.parse(line) as unknown;
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** What every run of a client reports, whatever the chain. */
type ClientRunRecord = Pick<
  ClientRun,
  "offered" | "exitCode" | "timedOut" | "output" | "result" | "requests" | "payments" | "settlements"
>;

/** Configures the suite's route to offer `offered`, runs the client command once with `env`, collects the record. */
export async function runClientOnce(parameters: {
  command: string;
  resourceServer: SuiteResourceServer;
  offered: PaymentRequirements[];
  options: ClientRunParameters;
  env: Record<string, string>;
  echo?: boolean | undefined;
}): Promise<ClientRunRecord> {
  const { resourceServer, options } = parameters;
  resourceServer.configure({
    mode: options.mode ?? "pay",
    version: options.version ?? 2,
    accepts: parameters.offered,
  });
  const run = await runCommandOnce({
    command: parameters.command,
    env: {
      RESOURCE_URL: resourceServer.resourceUrl,
      ...parameters.env,
      ...(options.maxAmount ? { MAX_AMOUNT: options.maxAmount } : {}),
    },
    ...(parameters.echo ? { echo: true } : {}),
    timeoutMs: options.timeoutMs ?? 30_000,
  });
  return {
    offered: parameters.offered,
    exitCode: run.exitCode,
    timedOut: run.timedOut,
    output: run.output,
    result: parseResultLine(run.stdout),
    requests: [...resourceServer.requests],
    payments: resourceServer.requests.filter((r) => r.payment),
    settlements: [...resourceServer.settlements],
  };
}

/** Returns `runClient`: configures the suite's route, runs the client command once, and collects what happened. */
export function createRunClient(parameters: CreateRunClientParameters) {
  const { chain, resourceServer } = parameters;
  return async function runClient(options: ClientRunParameters = {}): Promise<ClientRun> {
    const buyer = await parameters.newBuyer();
    const payTo = parameters.newAddress();
    const requirements = parameters.requirements({ payTo, amount: options.amount ?? "10000" });
    const offered = options.accepts ? options.accepts(requirements) : [requirements];
    const record = await runClientOnce({
      command: parameters.command,
      resourceServer,
      offered,
      options,
      env: { PRIVATE_KEY: buyer.privateKey, ...chainEnv(chain) },
      echo: parameters.echo,
    });
    return { buyer, payTo, requirements, ...record };
  };
}
