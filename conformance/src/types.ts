import type { PaymentPayload, PaymentRequirements } from "@x402kit/types";
import type { Address, Hex, PrivateKeyAccount } from "viem";
import type { ClientRun, ClientRunParameters } from "./context/createClientContext.js";
import type { Expect } from "./context/createExpect.js";
import type { FacilitatorApi } from "./context/createFacilitatorApi.js";
import type { McpServerApi } from "./context/createMcpServerApi.js";
import type { McpClientRun, McpClientRunParameters } from "./context/createRunMcpClient.js";
import type { ServerApi } from "./context/createServerApi.js";
import type { SvmClientApi } from "./context/createSvmClientApi.js";
import type { SvmServerApi } from "./context/createSvmServerApi.js";
import type { SignExactPaymentParameters } from "./context/signExactPayment.js";
import type { SignExactSvmPayment } from "./context/signExactSvmPayment.js";
import type { ResolvedSpecRef } from "./spec/resolveSpecRef.js";
import type { SpecRef } from "./spec/specSections.js";
import type { SuiteFacilitator } from "./suite/startSuiteFacilitator.js";
import type { SuiteSolana } from "./suite/startSuiteSolana.js";
import type { SuiteChain } from "./suite/suiteChain.js";

/**
 * RFC 2119 level of the requirement a case checks. A failed or skipped MUST makes the run fail; with `strict`, a
 * failed SHOULD or a warning does too. INFO is not a requirement: the case observes behaviour that the spec leaves
 * open but that is worth knowing (Autobahn's "Informational"), and never fails a run.
 */
export type Level = "MUST" | "SHOULD" | "MAY" | "INFO";

/** The chain families the suite pays on: EVM chains, and Solana (`scheme_exact_svm.md`). */
export type Family = "eip155" | "solana";

/** What is under test. */
export type Role = "facilitator" | "server" | "client" | "mcp-server" | "mcp-client";

/** `info`: an INFO case's observation, neither a pass nor a failure. */
export type CaseStatus = "pass" | "fail" | "warn" | "skip" | "info";

/** A buyer with a key, funded with MockUSDC by the suite. */
export type Buyer = { address: Address; privateKey: Hex; account: PrivateKeyAccount };

/** What every case gets, whatever the role. */
export type BaseContext = {
  /** The EVM chain. A Solana run (`--family solana`) starts none: its cases use their `solana` part instead. */
  chain: SuiteChain;
  expect: Expect;
  /** Records a warning: the case passes with a warning unless it also fails. */
  warn: (message: string) => void;
  /** Records what the subject did where the spec leaves it open; an INFO case reports it as its result. */
  inform: (message: string) => void;
  /** Ends the case as skipped (throws). */
  skip: (reason: string) => never;
  /** A fresh account holding `usdc` MockUSDC (default 1 USDC); no ETH needed, the facilitator pays gas. */
  newBuyer: (options?: { usdc?: bigint }) => Promise<Buyer>;
  /** A fresh address with nothing on it, to receive payments (balance deltas stay readable). */
  newAddress: () => Address;
  /** Exact EVM requirements on the suite's chain and MockUSDC; `overrides` replace fields. */
  requirements: (overrides?: Partial<PaymentRequirements>) => PaymentRequirements;
  /** Signs an EIP-3009 `TransferWithAuthorization` and wraps it in a v2 PaymentPayload (scheme_exact_evm.md). */
  signExactPayment: (parameters: SignExactPaymentParameters) => Promise<PaymentPayload>;
};

/** The Solana chain of a `--family solana` run, and the suite's own exact SVM client. */
export type SolanaContext = {
  chain: SuiteSolana;
  /** Exact SVM requirements on the suite's Solana chain: mock USDC, a fresh payTo, the subject's fee payer. */
  requirements: (overrides?: Partial<PaymentRequirements>) => Promise<PaymentRequirements>;
  /** Builds and partially signs an exact SVM payment (scheme_exact_svm.md); overrides break one rule each. */
  signExactPayment: SignExactSvmPayment;
};

export type FacilitatorContext = BaseContext & {
  facilitator: FacilitatorApi;
  /** Only in a `--family solana` run. */
  solana?: SolanaContext;
};

export type ServerContext = BaseContext & {
  server: ServerApi;
  /** The facilitator that the suite runs for the server under test; it records and can fail on purpose. */
  suiteFacilitator: SuiteFacilitator;
  /** Only in a `--family solana` run: PAY_TO on Solana and payments built from the route's 402. */
  solana?: SvmServerApi;
};

export type ClientContext = BaseContext & {
  /** Serves one route with the given behaviour, runs the client under test against it, and reports what it saw. */
  runClient: (parameters?: ClientRunParameters) => Promise<ClientRun>;
  /** Only in a `--family solana` run: `runClient` on the Solana chain. */
  solana?: SvmClientApi;
};

/** An MCP server under test (transports-v2/mcp.md), reached over stdio. */
export type McpServerContext = BaseContext & {
  mcpServer: McpServerApi;
  /** The facilitator that the suite runs for the MCP server under test. */
  suiteFacilitator: SuiteFacilitator;
};

export type McpClientContext = BaseContext & {
  /** Configures the suite's paid MCP tool, runs the MCP client under test against it, and reports what it saw. */
  runMcpClient: (parameters?: McpClientRunParameters) => Promise<McpClientRun>;
};

export type ContextFor<role extends Role> = role extends "facilitator"
  ? FacilitatorContext
  : role extends "server"
    ? ServerContext
    : role extends "mcp-server"
      ? McpServerContext
      : role extends "mcp-client"
        ? McpClientContext
        : ClientContext;

/** One conformance case: a small readable unit with a stable id. */
export type ConformanceCase<role extends Role = Role> = {
  /** Stable, dotted: `<role>.<area>.<what>`, e.g. `facilitator.verify.wrong-amount`. */
  id: string;
  /**
   * The spec sections it checks, at the pinned spec version (`src/spec/specSections.ts`), most specific first:
   * `["v2 §6.1.2 (4)", "v2 §9 (invalid_exact_evm_payload_authorization_valid_before)"]`.
   */
  spec: readonly [SpecRef, ...SpecRef[]];
  /**
   * Where the case reads more into the spec than its text says (an order, a margin, what a repeat should answer),
   * the suite's reasoning in one or two sentences, shown with the result.
   */
  rationale?: string;
  level: Level;
  role: role;
  /** One line: what a conforming implementation does. */
  description: string;
  /**
   * The chain family the case pays on: EVM (`eip155`, the default) or Solana. A run takes one family's cases
   * (`--family solana`), and starts that family's chain.
   */
  family?: Family;
  /** Cases that move the chain clock run after all others. */
  movesClock?: boolean;
  /**
   * Every payment in the case is refused (or only verified): the facilitator's account must send no transaction
   * and pay no fee during it (README: "Transactions"). In every facilitator case a reverted transaction fails.
   */
  refused?: boolean;
  /** Per-case timeout (default 30 s). */
  timeoutMs?: number;
  run: (context: ContextFor<role>) => Promise<void>;
};

export type CaseResult = {
  id: string;
  /** The citations joined, e.g. `v2 §7.1; v2 §5.4`. */
  section: string;
  /** Each citation with its section's title and its link at the pinned spec commit. */
  spec: ResolvedSpecRef[];
  rationale?: string;
  level: Level;
  role: Role;
  description: string;
  status: CaseStatus;
  durationMs: number;
  /** Why it failed or was skipped. */
  message?: string;
  warnings: string[];
  /** What the subject did where the spec leaves it open (see `inform`). */
  observations: string[];
};

export type ReportSummary = {
  total: number;
  passed: number;
  failed: number;
  warned: number;
  skipped: number;
  /** INFO cases that observed something. */
  informational: number;
  /** Failed MUST cases: the run fails when this is not zero. */
  mustFailed: number;
  /** Skipped MUST cases: the run fails when this is not zero (a MUST that was not checked is not passed). */
  mustSkipped: number;
  /** Failed SHOULD cases: the run fails on these with `strict`. */
  shouldFailed: number;
};

/** The outcome of one run of the suite against one target. */
export type Report = {
  suite: "x402-conformance";
  version: string;
  target: Role;
  /** Free text naming what was tested (the command or URL). */
  subject: string;
  startedAt: string;
  durationMs: number;
  /** The chain the cases paid on: the EVM chain, or in a Solana run the Solana chain (no chain id). */
  chain: { chainId?: number; network: string; asset: string };
  /**
   * The spec version the cases cite; `schema`: the spec's JSON Schema file that judged the messages it defines beside
   * x402kit's schemas (`--spec-schema`), when one was given.
   */
  spec: { repository: string; commit: string; schema?: string };
  summary: ReportSummary;
  cases: CaseResult[];
};
