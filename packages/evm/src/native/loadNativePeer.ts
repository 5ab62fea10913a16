export type LoadNativePeerParameters<value> = {
  /** An environment variable that, set to `js`, keeps the native module out. */
  optOutVariable: string;
  /** Loads the module with a `require` made for this package; a throw means "not available". */
  load: (require: NodeJS.Require) => value | undefined;
};

/**
 * An optional native peer, loaded on Node.js through `process.getBuiltinModule` (so that a browser bundle never sees
 * a Node import), or undefined when there is no such runtime, the variable opts out, the module is not installed, or
 * its prebuilt binary does not load on this platform.
 */
export function loadNativePeer<value>({
  optOutVariable,
  load,
}: LoadNativePeerParameters<value>): value | undefined {
  const process = globalThis.process;
  if (!process?.getBuiltinModule || process.env[optOutVariable] === "js") return undefined;
  try {
    const { createRequire } = process.getBuiltinModule("node:module");
    return load(createRequire(import.meta.url));
  } catch {
    return undefined;
  }
}
