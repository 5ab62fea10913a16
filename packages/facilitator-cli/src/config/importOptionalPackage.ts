import { FacilitatorConfigError } from "@x402kit/facilitator";

/** The optional peers of the CLI: installed only by those whose configuration asks for them. */
export type OptionalPackage =
  | "@x402kit/store-postgres"
  | "@x402kit/upto-evm"
  | "@x402kit/batch-settlement-evm";

export type ImportOptionalPackageParameters<module> = {
  name: OptionalPackage;
  /** The import itself, written out where it is used so that TypeScript types the module. */
  load: () => Promise<module>;
  /**
   * What in the configuration asked for it, for the message ("the store postgres:db.internal"). Without it, a
   * missing package is not an error: the answer is `undefined` (for defaults that use the package when present).
   */
  neededBy?: string | undefined;
};

export type ImportOptionalPackageErrorType = FacilitatorConfigError;

/**
 * Loads an optional peer of the CLI. When it is not installed and the configuration asked for it (`neededBy`), fails
 * with a configuration error (exit code 2) that names the package to install. Any other failure (the package is
 * there but one of its own dependencies is not, or it throws) goes through unchanged.
 */
export async function importOptionalPackage<module>(
  parameters: ImportOptionalPackageParameters<module> & { neededBy: string },
): Promise<module>;
export async function importOptionalPackage<module>(
  parameters: ImportOptionalPackageParameters<module>,
): Promise<module | undefined>;
export async function importOptionalPackage<module>(
  parameters: ImportOptionalPackageParameters<module>,
): Promise<module | undefined> {
  const { name, neededBy, load } = parameters;
  try {
    return await load();
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    // Node names the package that it could not find: only `name` itself counts as "not installed".
    const missing =
      (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") &&
      error instanceof Error &&
      error.message.includes(`'${name}'`);
    if (!missing) throw error;
    if (neededBy === undefined) return undefined;
    throw new FacilitatorConfigError(
      `${neededBy} needs ${name}, which is not installed: install it beside @x402kit/facilitator-cli ` +
        `(npm install ${name}; add -g for a global CLI)`,
      { details: { package: name } },
    );
  }
}
