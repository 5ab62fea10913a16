import { readFileSync } from "node:fs";

/** What the configuration's schemas read besides the configuration itself. */
export type ConfigContext = {
  /** Where `{ "env": NAME }` secrets are read. */
  env: Readonly<Record<string, string | undefined>>;
  /** Relative `{ "file": PATH }` and module paths resolve against it: the config file's directory, or the cwd. */
  baseDir: string;
  /** Reads a secret file (default `readFileSync`, UTF-8). */
  readFile: (path: string) => string;
  /** Every secret read (keys, credentials in URLs), so that no output ever shows it (`createRedactor`). */
  secrets: Set<string>;
};

export type CreateConfigContextParameters = Partial<Omit<ConfigContext, "secrets">>;

export function createConfigContext(parameters: CreateConfigContextParameters = {}): ConfigContext {
  return {
    env: parameters.env ?? process.env,
    baseDir: parameters.baseDir ?? process.cwd(),
    readFile: parameters.readFile ?? ((path) => readFileSync(path, "utf8")),
    secrets: new Set(),
  };
}
