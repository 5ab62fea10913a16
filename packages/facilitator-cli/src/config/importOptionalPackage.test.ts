import { FacilitatorConfigError } from "@x402kit/facilitator";
import { describe, expect, it } from "vitest";
import { importOptionalPackage, type OptionalPackage } from "./importOptionalPackage.js";

// Real dynamic imports of packages that are not installed (Node's own ERR_MODULE_NOT_FOUND), under a name that stands
// for an optional peer: the workspace has both real peers installed, so they cannot be missing here (check:tarballs
// covers the real ones in a project without them).
const missing = "x402kit-not-installed-peer" as OptionalPackage;
const loadMissing = () => import(/* @vite-ignore */ `${missing}`);

describe("importOptionalPackage", () => {
  it("gives the module when it is installed", async () => {
    const zod = await importOptionalPackage({ name: missing, neededBy: "a test", load: () => import("zod") });
    expect(typeof zod.z.object).toBe("function");
  });

  it("gives undefined for a missing package that nothing asked for (a default)", async () => {
    await expect(importOptionalPackage({ name: missing, load: loadMissing })).resolves.toBeUndefined();
  });

  it("fails with a configuration error naming the package when the configuration asked for it", async () => {
    const failure = await importOptionalPackage({
      name: missing,
      neededBy: "the store postgres:db",
      load: loadMissing,
    })
      .then(() => undefined)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FacilitatorConfigError);
    expect((failure as Error).message).toBe(
      `the store postgres:db needs ${missing}, which is not installed: install it beside @x402kit/facilitator-cli ` +
        `(npm install ${missing}; add -g for a global CLI)`,
    );
  });

  it("lets through a missing dependency of the package itself, and any other failure", async () => {
    // The peer is "installed" but something it imports is not: not the user's configuration problem.
    const other = importOptionalPackage({
      name: missing,
      neededBy: "a test",
      load: () => import(/* @vite-ignore */ `${missing}-dependency`),
    });
    await expect(other).rejects.toMatchObject({ code: "ERR_MODULE_NOT_FOUND" });
    await expect(other).rejects.not.toBeInstanceOf(FacilitatorConfigError);
    const thrown = new Error("it threw at load");
    await expect(importOptionalPackage({ name: missing, load: () => Promise.reject(thrown) })).rejects.toBe(
      thrown,
    );
  });
});
