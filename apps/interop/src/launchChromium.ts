import { execFileSync } from "node:child_process";
import { type Browser, chromium } from "playwright-core";
import { InteropSetupError } from "./InteropSetupError.js";

/** Where Chromium is: `X402KIT_CHROMIUM`, else the first of `chromium`, `chromium-browser`, `google-chrome` on PATH. */
export function findChromium(): string {
  const configured = process.env.X402KIT_CHROMIUM;
  if (configured) return configured;
  for (const name of ["chromium", "chromium-browser", "google-chrome"]) {
    try {
      return execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim();
    } catch {}
  }
  throw new InteropSetupError(
    "browser_missing",
    "No Chromium found: install it (`apt-get install -y chromium`; .ci/run does) or set X402KIT_CHROMIUM.",
  );
}

/** Headless Chromium, driven by playwright-core (root needs --no-sandbox). Fails with a clear error if missing. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), headless: true, args: ["--no-sandbox"] });
}
