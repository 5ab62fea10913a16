import { fileURLToPath } from "node:url";
import type { Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { loadCases } from "../cases/loadCases.js";
import { absentEvmChain, createBaseContext, newAccount } from "../context/createBaseContext.js";
import { type ClientRun, type ClientRunParameters, createRunClient } from "../context/createClientContext.js";
import { createFacilitatorApi } from "../context/createFacilitatorApi.js";
import { connectMcpServer } from "../context/createMcpServerApi.js";
import { createRunMcpClient } from "../context/createRunMcpClient.js";
import { contentMarker, createServerApi } from "../context/createServerApi.js";
import { createSolanaContext, solanaEnv } from "../context/createSolanaContext.js";
import { createSvmClientApi } from "../context/createSvmClientApi.js";
import { createSvmServerApi } from "../context/createSvmServerApi.js";
import { createSignExactPayment } from "../context/signExactPayment.js";
import { createSignExactSvmPayment } from "../context/signExactSvmPayment.js";
import { ConformanceError } from "../errors/ConformanceError.js";
import { freePort } from "../process/freePort.js";
import { summarize } from "../report/summarize.js";
import { loadSpecSchema, type SpecSchema } from "../spec/loadSpecSchema.js";
import { matchesSpecSection } from "../spec/matchesSpecSection.js";
import { specCommit, specRepository } from "../spec/specSections.js";
import { chainEnv } from "../suite/chainEnv.js";
import { connectSuiteChain } from "../suite/connectSuiteChain.js";
import { startSuiteChain } from "../suite/startSuiteChain.js";
import { startSuiteFacilitator } from "../suite/startSuiteFacilitator.js";
import { startSuiteMcpServer } from "../suite/startSuiteMcpServer.js";
import { startSuiteResourceServer } from "../suite/startSuiteResourceServer.js";
import { startSuiteSolana } from "../suite/startSuiteSolana.js";
import type { SuiteChain } from "../suite/suiteChain.js";
import type { BaseContext, CaseResult, ConformanceCase, Family, Report, Role } from "../types.js";
import { suiteVersion } from "../version.js";
import { runCase } from "./runCase.js";
import { type StartSubject, startSubject } from "./startSubject.js";
import { type AccountWatch, watchFacilitatorAccount } from "./watchFacilitatorAccount.js";

/** What the progress display hears about. */
export type ProgressEvent =
  | { type: "setup"; message: string }
  | { type: "start"; target: Role; total: number }
  | { type: "case-start"; definition: ConformanceCase; index: number; total: number }
  | { type: "case-end"; result: CaseResult; index: number; total: number }
  | { type: "end"; report: Report };

export type RunConformanceParameters = {
  target: Role;
  /** Command template of the implementation under test (`--cmd`). */
  command?: string;
  /** In-process alternative to `command` for facilitators and servers: gets the same env. */
  start?: StartSubject;
  /** facilitator only: an already running facilitator (`--url`), on the chain at `rpcUrl` (`--rpc-url`). */
  url?: string;
  rpcUrl?: string;
  /** facilitator `--rpc-url` mode: a key with ETH there (default: the Hardhat/anvil dev key #0). */
  devKey?: Hex;
  /** Case id prefixes to run (`--only`). */
  only?: readonly string[];
  /** Spec sections whose cases to run (`--section`, e.g. `v2 §7.1`, `exact-evm §2`); with `only`, either selects. */
  sections?: readonly string[];
  /**
   * The chain family whose cases to run (`--family`): `eip155` (default) or `solana`. A Solana run starts the suite's
   * Solana chain and no EVM chain; it covers the facilitator (with `SVM_*` in its env), server and client targets.
   */
  family?: Family;
  /** Chain id for the suite's chain (v1 clients only know named networks, e.g. 84532). */
  chainId?: number;
  /** How long the subject may take to answer (default 60 s). */
  startTimeoutMs?: number;
  /** Default 30 s per case. */
  caseTimeoutMs?: number;
  /**
   * The spec's JSON Schema (`x402-v2.schema.json` from specs/schemas/ of the spec repository, `--spec-schema`): a
   * second judge of PaymentRequired, PaymentPayload and SettlementResponse. A path, or one already loaded.
   */
  specSchema?: string | SpecSchema;
  /** The cases to run (default: all, from `loadCases()`). */
  cases?: readonly ConformanceCase[];
  /** Copy the subject's output to stderr. */
  echo?: boolean;
  onEvent?: (event: ProgressEvent) => void;
};

type Target = {
  /** The EVM chain; a Solana run starts none. */
  chain?: SuiteChain;
  /** The chain the cases pay on, for the report. */
  paysOn: Report["chain"];
  /** The facilitator target's transaction check, started before each case (README: "Transactions"). */
  watch?: () => Promise<AccountWatch>;
  subject: string;
  context: (base: BaseContext) => BaseContext;
  beforeEach?: () => void;
  tearDown: () => Promise<void>;
};

/** conformance/: where the commands under test run (README: "Commands run in conformance/"). */
const packageDirectory = fileURLToPath(new URL("../..", import.meta.url));

/** Prices of the server route contract, in atomic units of ASSET. */
export const serverPrices = { price: "10000", expensivePrice: "50000" } as const;

/**
 * Runs the suite against one target and returns the report. Starts (or connects to) the chain, starts the subject,
 * runs the selected cases one after the other, and always stops what it started.
 */
export async function runConformance(parameters: RunConformanceParameters): Promise<Report> {
  const { target: role, onEvent = () => {} } = parameters;
  const all = parameters.cases ?? (await loadCases({ roles: [role] }));
  const only = parameters.only ?? [];
  const sections = parameters.sections ?? [];
  const family = parameters.family ?? "eip155";
  if (family === "solana" && (role.startsWith("mcp-") || parameters.url))
    throw new ConformanceError(
      "usage",
      "--family solana covers the facilitator, server and client targets, started with --cmd.",
    );
  const selected = all
    .filter((c) => c.role === role && (c.family ?? "eip155") === family)
    .filter(
      (c) =>
        (only.length === 0 && sections.length === 0) ||
        only.some((prefix) => c.id.startsWith(prefix)) ||
        sections.some((section) => matchesSpecSection(c.spec, section)),
    )
    .sort(
      (a, b) => Number(a.movesClock ?? false) - Number(b.movesClock ?? false) || a.id.localeCompare(b.id),
    );
  if (selected.length === 0)
    throw new ConformanceError(
      "no_cases",
      `No ${family} ${role} case matches ${[...only, ...sections].join(", ")}.`,
    );

  const specSchema =
    typeof parameters.specSchema === "string"
      ? await loadSpecSchema({ path: parameters.specSchema })
      : parameters.specSchema;
  const startedAt = new Date();
  const started = performance.now();
  const target =
    family === "solana" ? await setUpSolana(parameters, onEvent) : await setUp(parameters, onEvent);
  const results: CaseResult[] = [];
  try {
    onEvent({ type: "start", target: role, total: selected.length });
    for (const [index, definition] of selected.entries()) {
      onEvent({ type: "case-start", definition, index, total: selected.length });
      target.beforeEach?.();
      const watch = await target.watch?.();
      let result = await runCase({
        definition,
        context: (hooks) =>
          target.context(createBaseContext(target.chain ?? absentEvmChain, hooks, specSchema)),
        ...(parameters.caseTimeoutMs ? { defaultTimeoutMs: parameters.caseTimeoutMs } : {}),
      });
      const findings = (await watch?.finish({ refused: definition.refused ?? false })) ?? [];
      if (findings.length > 0 && result.status !== "skip")
        result = {
          ...result,
          status: "fail",
          message: [result.message, ...findings].filter((m) => m !== undefined).join("; "),
        };
      results.push(result);
      onEvent({ type: "case-end", result, index, total: selected.length });
    }
  } finally {
    await target.tearDown();
  }
  const report: Report = {
    suite: "x402-conformance",
    version: suiteVersion,
    target: role,
    subject: target.subject,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - started),
    chain: target.paysOn,
    spec: {
      repository: specRepository,
      commit: specCommit,
      ...(specSchema ? { schema: specSchema.source } : {}),
    },
    summary: summarize(results),
    cases: results,
  };
  onEvent({ type: "end", report });
  return report;
}

async function setUp(
  parameters: RunConformanceParameters,
  onEvent: (event: ProgressEvent) => void,
): Promise<Target> {
  const startTimeoutMs = parameters.startTimeoutMs ?? 60_000;
  const echo = parameters.echo ? { echo: true } : {};
  const subjectName = parameters.command ?? parameters.url ?? "in-process";

  if (parameters.target === "facilitator" && parameters.url) {
    if (!parameters.rpcUrl)
      throw new ConformanceError("usage", "--url needs --rpc-url: the chain the facilitator uses.");
    onEvent({ type: "setup", message: `connecting to ${parameters.rpcUrl}, deploying MockUSDC` });
    const chain = await connectSuiteChain({
      rpcUrl: parameters.rpcUrl,
      ...(parameters.devKey ? { devKey: parameters.devKey } : {}),
    });
    const facilitator = createFacilitatorApi(parameters.url);
    return {
      chain,
      paysOn: paysOnEvm(chain),
      subject: subjectName,
      context: (base) => ({ ...base, facilitator }),
      tearDown: chain.stop,
    };
  }
  if (!parameters.command && !parameters.start)
    throw new ConformanceError("usage", `The ${parameters.target} target needs --cmd.`);

  onEvent({ type: "setup", message: "starting the chain (Hardhat, MockUSDC)" });
  const chain = await startSuiteChain(parameters.chainId ? { chainId: parameters.chainId } : {});
  const cleanups: Array<() => Promise<void>> = [chain.stop];
  const tearDown = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  };
  try {
    if (parameters.target === "facilitator") {
      const port = await freePort();
      const env = { ...chainEnv(chain), FACILITATOR_PRIVATE_KEY: chain.facilitatorKey, PORT: String(port) };
      onEvent({ type: "setup", message: `starting the facilitator on port ${port}` });
      const subject = await startSubject({
        command: parameters.command,
        start: parameters.start,
        env,
        url: `http://127.0.0.1:${port}`,
        readyPath: "/supported",
        ready: (status) => status === 200,
        timeoutMs: startTimeoutMs,
        ...echo,
      });
      cleanups.push(subject.stop);
      const facilitator = createFacilitatorApi(subject.url);
      const account = privateKeyToAccount(chain.facilitatorKey).address;
      return {
        chain,
        paysOn: paysOnEvm(chain),
        subject: subjectName,
        context: (base) => ({ ...base, facilitator }),
        watch: () => watchFacilitatorAccount({ evm: { chain, account } }),
        tearDown,
      };
    }

    if (parameters.target === "server") {
      const suiteFacilitator = await startSuiteFacilitator({
        evm: { chain, privateKey: chain.suiteFacilitatorKey },
      });
      cleanups.push(suiteFacilitator.close);
      const port = await freePort();
      const payTo = newAccount().address;
      const env = {
        ...chainEnv(chain),
        PAY_TO: payTo,
        PRICE: serverPrices.price,
        PRICE_EXPENSIVE: serverPrices.expensivePrice,
        FACILITATOR_URL: suiteFacilitator.url,
        PORT: String(port),
      };
      onEvent({ type: "setup", message: `starting the server on port ${port}` });
      const subject = await startSubject({
        command: parameters.command,
        start: parameters.start,
        env,
        url: `http://127.0.0.1:${port}`,
        readyPath: "/paid",
        timeoutMs: startTimeoutMs,
        ...echo,
      });
      cleanups.push(subject.stop);
      return {
        chain,
        paysOn: paysOnEvm(chain),
        subject: subjectName,
        beforeEach: suiteFacilitator.reset,
        context: (base) => ({
          ...base,
          suiteFacilitator,
          server: createServerApi({
            url: subject.url,
            price: serverPrices.price,
            expensivePrice: serverPrices.expensivePrice,
            payTo,
            signExactPayment: base.signExactPayment,
          }),
        }),
        tearDown,
      };
    }

    if (parameters.target === "mcp-server") {
      if (!parameters.command) throw new ConformanceError("usage", "The mcp-server target needs --cmd.");
      const suiteFacilitator = await startSuiteFacilitator({
        evm: { chain, privateKey: chain.suiteFacilitatorKey },
      });
      cleanups.push(suiteFacilitator.close);
      const payTo = newAccount().address;
      onEvent({ type: "setup", message: "starting the MCP server on stdio" });
      const connected = await connectMcpServer({
        command: parameters.command!,
        env: {
          ...chainEnv(chain),
          PAY_TO: payTo,
          PRICE: serverPrices.price,
          FACILITATOR_URL: suiteFacilitator.url,
        },
        cwd: packageDirectory,
        price: serverPrices.price,
        payTo,
        contentMarker,
        signExactPayment: createSignExactPayment({ chain }),
        ...echo,
      });
      cleanups.push(connected.close);
      return {
        chain,
        paysOn: paysOnEvm(chain),
        subject: subjectName,
        beforeEach: suiteFacilitator.reset,
        context: (base) => ({ ...base, suiteFacilitator, mcpServer: connected.api }),
        tearDown,
      };
    }

    if (!parameters.command)
      throw new ConformanceError("usage", `The ${parameters.target} target needs --cmd.`);
    const command = parameters.command;
    if (parameters.target === "mcp-client") {
      const mcpServer = await startSuiteMcpServer({ chain, privateKey: chain.suiteFacilitatorKey });
      cleanups.push(mcpServer.close);
      return {
        chain,
        paysOn: paysOnEvm(chain),
        subject: subjectName,
        context: (base) => ({
          ...base,
          runMcpClient: createRunMcpClient({
            command,
            chain,
            mcpServer,
            newBuyer: base.newBuyer,
            newAddress: base.newAddress,
            requirements: base.requirements,
            ...echo,
          }),
        }),
        tearDown,
      };
    }
    const resourceServer = await startSuiteResourceServer({
      evm: { chain, privateKey: chain.suiteFacilitatorKey },
    });
    cleanups.push(resourceServer.close);
    // The cases that only read the default run share one run of the command, as on Solana: each run costs a
    // process start (README: "client").
    let defaultRun: Promise<ClientRun> | undefined;
    return {
      chain,
      paysOn: paysOnEvm(chain),
      subject: subjectName,
      context: (base) => {
        const runClient = createRunClient({
          command,
          chain,
          resourceServer,
          newBuyer: base.newBuyer,
          newAddress: base.newAddress,
          requirements: base.requirements,
          ...echo,
        });
        return {
          ...base,
          runClient: (options?: ClientRunParameters) => {
            if (options !== undefined) return runClient(options);
            defaultRun ??= runClient();
            return defaultRun;
          },
        };
      },
      tearDown,
    };
  } catch (error) {
    await tearDown();
    throw error;
  }
}

/** The report's chain of an EVM run. */
const paysOnEvm = (chain: SuiteChain): Report["chain"] => ({
  chainId: chain.chainId,
  network: chain.network,
  asset: chain.usdc.address,
});

/**
 * A Solana run (`--family solana`): the suite's Solana chain only, no EVM chain (no Hardhat). The facilitator under
 * test gets `SVM_*`; a server under test gets the route contract's env with Solana values and the suite's facilitator
 * settling on Solana (through `@x402kit/svm`); a client under test pays the suite's route on Solana.
 */
async function setUpSolana(
  parameters: RunConformanceParameters,
  onEvent: (event: ProgressEvent) => void,
): Promise<Target> {
  const startTimeoutMs = parameters.startTimeoutMs ?? 60_000;
  const echo = parameters.echo ? { echo: true } : {};
  const subject = parameters.command ?? "in-process";
  onEvent({ type: "setup", message: "starting the Solana chain (litesvm, mock USDC)" });
  const solana = await startSuiteSolana();
  const cleanups: Array<() => Promise<void>> = [solana.stop];
  const tearDown = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  };
  const paysOn = { network: solana.network, asset: solana.usdc.address };
  const url = async () => {
    const port = await freePort();
    return { port: String(port), url: `http://127.0.0.1:${port}` };
  };
  try {
    if (parameters.target === "facilitator") {
      const where = await url();
      onEvent({ type: "setup", message: `starting the facilitator on port ${where.port}` });
      const started = await startSubject({
        command: parameters.command,
        start: parameters.start,
        env: { ...solanaEnv(solana), PORT: where.port },
        url: where.url,
        readyPath: "/supported",
        ready: (status) => status === 200,
        timeoutMs: startTimeoutMs,
        ...echo,
      });
      cleanups.push(started.stop);
      const facilitator = createFacilitatorApi(started.url);
      const context = createSolanaContext(solana);
      return {
        paysOn,
        subject,
        context: (base) => ({ ...base, facilitator, solana: context }),
        watch: () => watchFacilitatorAccount({ solana }),
        tearDown,
      };
    }
    if (parameters.target === "server") {
      const suiteFacilitator = await startSuiteFacilitator({ solana });
      cleanups.push(suiteFacilitator.close);
      const [where, payTo] = await Promise.all([url(), solana.newPayTo()]);
      onEvent({ type: "setup", message: `starting the server on port ${where.port}` });
      const started = await startSubject({
        command: parameters.command,
        start: parameters.start,
        env: {
          NETWORK: solana.network,
          ASSET: solana.usdc.address,
          RPC_URL: solana.rpcUrl,
          PAY_TO: payTo,
          PRICE: serverPrices.price,
          PRICE_EXPENSIVE: serverPrices.expensivePrice,
          FACILITATOR_URL: suiteFacilitator.url,
          PORT: where.port,
        },
        url: where.url,
        readyPath: "/paid",
        timeoutMs: startTimeoutMs,
        ...echo,
      });
      cleanups.push(started.stop);
      const signExactPayment = createSignExactSvmPayment({ solana });
      return {
        paysOn,
        subject,
        beforeEach: suiteFacilitator.reset,
        context: (base) => {
          const server = createServerApi({
            url: started.url,
            price: serverPrices.price,
            expensivePrice: serverPrices.expensivePrice,
            payTo: undefined,
            signExactPayment: base.signExactPayment,
          });
          return {
            ...base,
            suiteFacilitator,
            server,
            solana: createSvmServerApi({ server, chain: solana, payTo, signExactPayment }),
          };
        },
        tearDown,
      };
    }
    if (parameters.target === "client") {
      if (!parameters.command) throw new ConformanceError("usage", "The client target needs --cmd.");
      const command = parameters.command;
      const resourceServer = await startSuiteResourceServer({ solana });
      cleanups.push(resourceServer.close);
      const api = createSvmClientApi({ command, chain: solana, resourceServer, ...echo });
      return {
        paysOn,
        subject,
        context: (base) => ({
          ...base,
          runClient: () => {
            throw new ConformanceError("usage", "a Solana run pays on Solana: use context.solana.runClient");
          },
          solana: api,
        }),
        tearDown,
      };
    }
    throw new ConformanceError("usage", `--family solana does not cover the ${parameters.target} target.`);
  } catch (error) {
    await tearDown();
    throw error;
  }
}
