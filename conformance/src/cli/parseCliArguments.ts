import { parseArgs } from "node:util";
import { z } from "zod";
import { ConformanceError } from "../errors/ConformanceError.js";

export const usage = `x402-conformance: a black-box conformance suite for x402 (v1 and v2, exact and upto on EVM)

Usage:
  x402-conformance facilitator --cmd "<command>"               start the facilitator under test on the suite's chain
  x402-conformance facilitator --url <url> --rpc-url <rpc>      test a running facilitator on an existing chain
  x402-conformance server --cmd "<command>"                    start the resource server under test
  x402-conformance client --cmd "<command>"                    run the client under test against the suite's server
  x402-conformance mcp-server --cmd "<command>"                start the MCP server under test (stdio, transports-v2/mcp.md)
  x402-conformance mcp-client --cmd "<command>"                run the MCP client under test against the suite's paid tool
  x402-conformance --list [<target>]                           list the cases (of one target), with their spec links

Options:
  --only <prefix>      run only the cases whose id starts with <prefix> (repeatable, or comma-separated)
  --section <section>  run only the cases that cite a spec section: "v2 §7.1", "v2 §7" (and its subsections),
                       "exact-evm §2", "http-v2 Error Handling" (repeatable; with --only, either selects)
  --strict             fail the run on a failed SHOULD case or a warning too (h2spec's strict mode)
  --spec-schema <file> also judge PaymentRequired, PaymentPayload and SettlementResponse with the spec's JSON Schema
                       (x402-v2.schema.json from specs/schemas/ of the spec repository); a message it refuses
                       that x402kit's schemas accept is a warning naming both
  --report-dir <dir>   where the JSON and JUnit reports go (default: the current directory)
  --json               print the JSON report on stdout instead of the summary table
  --family <family>    eip155 (default) or solana: the Solana cases (exact on a local Solana chain, no EVM chain)
                       of the facilitator (its command gets SVM_RPC_URL, SVM_NETWORK, SVM_ASSET, SVM_FEE_PAYER_KEY),
                       server and client targets (NETWORK, ASSET, RPC_URL carry Solana values)
  --chain-id <id>      chain id of the suite's chain (v1 clients need a named network such as 84532)
  --dev-key <hex>      with --rpc-url: a funded key that deploys the suite's MockUSDC (default: dev account #0)
  --timeout <ms>       per-case timeout (default 30000)
  --verbose            copy the output of the command under test to stderr
  --list               list the cases and exit (no target needed)
  -h, --help           show this help

Exit code: 0 when the run passed; 1 when a MUST case failed or was skipped (with --strict, also when a SHOULD case
failed or a case warned); 2 for a usage or setup error. INFO cases only report what they saw.
See conformance/README.md for the env, route and stdout contracts of each target.`;

const targetSchema = z.enum(["facilitator", "server", "client", "mcp-server", "mcp-client"]);

export const cliArgumentsSchema = z
  .object({
    target: targetSchema.optional(),
    command: z.string().min(1).optional(),
    url: z.url().optional(),
    rpcUrl: z.url().optional(),
    only: z.array(z.string().min(1)).default([]),
    sections: z.array(z.string().min(1)).default([]),
    strict: z.boolean().default(false),
    specSchema: z.string().min(1).optional(),
    reportDir: z.string().min(1).optional(),
    json: z.boolean().default(false),
    family: z.enum(["eip155", "solana"]).optional(),
    chainId: z.coerce.number().int().positive().optional(),
    devKey: z
      .string()
      .regex(/^0x[0-9a-fA-F]{64}$/)
      .optional(),
    caseTimeoutMs: z.coerce.number().int().positive().optional(),
    verbose: z.boolean().default(false),
    list: z.boolean().default(false),
  })
  .superRefine((value, context) => {
    if (value.list) return;
    if (value.target === undefined) {
      context.addIssue({
        code: "custom",
        path: ["target"],
        message: "give a target: facilitator, server or client",
      });
    } else if (value.target === "facilitator") {
      const modes = Number(value.command !== undefined) + Number(value.url !== undefined);
      if (modes !== 1)
        context.addIssue({
          code: "custom",
          message: "facilitator needs either --cmd or --url with --rpc-url",
        });
      if (value.url && !value.rpcUrl) context.addIssue({ code: "custom", message: "--url needs --rpc-url" });
      if (value.url && value.family === "solana")
        context.addIssue({
          code: "custom",
          message: "--family solana needs --cmd: the suite runs the Solana chain",
        });
    } else if (value.family === "solana" && value.target.startsWith("mcp-")) {
      context.addIssue({
        code: "custom",
        message: "--family solana covers the facilitator, server and client targets",
      });
    } else if (!value.command) {
      context.addIssue({ code: "custom", message: `${value.target} needs --cmd` });
    }
  });

export type CliArguments = z.infer<typeof cliArgumentsSchema>;

const split = (values: readonly string[] | undefined, separator: RegExp) =>
  (values ?? [])
    .flatMap((value) => value.split(separator))
    .map((value) => value.trim())
    .filter(Boolean);

/** Parses and validates the command line; `help` when -h/--help was asked for. */
export function parseCliArguments(argv: readonly string[]): CliArguments | "help" {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      cmd: { type: "string" },
      url: { type: "string" },
      "rpc-url": { type: "string" },
      only: { type: "string", multiple: true },
      section: { type: "string", multiple: true },
      strict: { type: "boolean" },
      "spec-schema": { type: "string" },
      "report-dir": { type: "string" },
      json: { type: "boolean" },
      family: { type: "string" },
      "chain-id": { type: "string" },
      "dev-key": { type: "string" },
      timeout: { type: "string" },
      verbose: { type: "boolean" },
      list: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help || (positionals.length === 0 && !values.list)) return "help";
  const parsed = cliArgumentsSchema.safeParse({
    target: positionals[0],
    command: values.cmd,
    url: values.url,
    rpcUrl: values["rpc-url"],
    only: split(values.only, /,/),
    // A section may hold a comma ("exact-evm §1 Phase 2 (1, 4)"): sections are separated by ";" only.
    sections: split(values.section, /;/),
    strict: values.strict,
    specSchema: values["spec-schema"],
    reportDir: values["report-dir"],
    json: values.json,
    family: values.family,
    chainId: values["chain-id"],
    devKey: values["dev-key"],
    caseTimeoutMs: values.timeout,
    verbose: values.verbose,
    list: values.list,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    throw new ConformanceError("usage", `${where}${issue?.message ?? "invalid arguments"}`);
  }
  return parsed.data;
}
