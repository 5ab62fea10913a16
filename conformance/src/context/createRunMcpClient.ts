import type { PaymentRequirements, SettleResponse } from "@x402kit/types";
import type { Address } from "viem";
import { runCommandOnce } from "../process/runCommandOnce.js";
import { chainEnv } from "../suite/chainEnv.js";
import type { RecordedToolCall, SuiteMcpServer, ToolBehaviour } from "../suite/startSuiteMcpServer.js";
import type { SuiteChain } from "../suite/suiteChain.js";
import type { Buyer } from "../types.js";
import { parseResultLine } from "./createClientContext.js";

export type McpClientRunParameters = {
  mode?: ToolBehaviour["mode"];
  format?: ToolBehaviour["format"];
  /** Default 10000 (0.01 USDC). */
  amount?: string;
  /** Passed as `MAX_AMOUNT`: the client's spending limit per payment, in atomic units. */
  maxAmount?: string;
  /** How long the client may run (default 30 s). */
  timeoutMs?: number;
};

/** What the suite saw of one run of the MCP client under test. */
export type McpClientRun = {
  buyer: Buyer;
  payTo: Address;
  requirements: PaymentRequirements;
  exitCode: number | null;
  timedOut: boolean;
  output: string;
  /** The JSON object on the client's last stdout line, or undefined. */
  result: Record<string, unknown> | undefined;
  calls: RecordedToolCall[];
  /** Calls that carried `_meta["x402/payment"]`. */
  payments: RecordedToolCall[];
  settlements: SettleResponse[];
};

export type CreateRunMcpClientParameters = {
  command: string;
  chain: SuiteChain;
  mcpServer: SuiteMcpServer;
  newBuyer: () => Promise<Buyer>;
  newAddress: () => Address;
  requirements: (overrides?: Partial<PaymentRequirements>) => PaymentRequirements;
  echo?: boolean;
};

/** Returns `runMcpClient`: configures the suite's paid tool, runs the client command once, and collects the record. */
export function createRunMcpClient(parameters: CreateRunMcpClientParameters) {
  const { chain, mcpServer } = parameters;
  return async function runMcpClient(options: McpClientRunParameters = {}): Promise<McpClientRun> {
    const buyer = await parameters.newBuyer();
    const payTo = parameters.newAddress();
    const requirements = parameters.requirements({ payTo, amount: options.amount ?? "10000" });
    mcpServer.configure({
      mode: options.mode ?? "pay",
      format: options.format ?? "structured",
      accepts: [requirements],
    });
    const run = await runCommandOnce({
      command: parameters.command,
      env: {
        MCP_URL: mcpServer.url,
        TOOL: "paid",
        PRIVATE_KEY: buyer.privateKey,
        ...chainEnv(chain),
        ...(options.maxAmount ? { MAX_AMOUNT: options.maxAmount } : {}),
      },
      ...(parameters.echo ? { echo: true } : {}),
      timeoutMs: options.timeoutMs ?? 30_000,
    });
    return {
      buyer,
      payTo,
      requirements,
      exitCode: run.exitCode,
      timedOut: run.timedOut,
      output: run.output,
      result: parseResultLine(run.stdout),
      calls: [...mcpServer.calls],
      payments: mcpServer.calls.filter((call) => call.payment !== undefined),
      settlements: [...mcpServer.settlements],
    };
  };
}
