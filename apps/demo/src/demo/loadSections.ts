import { readdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { DemoError } from "./DemoError.js";
import type { Section } from "./types.js";

const sectionsDirectory = new URL("../sections/", import.meta.url);
const isSectionFile = (name: string) =>
  /^\d+-[a-z0-9-]+\.(ts|js)$/.test(name) && !name.endsWith(".d.ts") && !name.includes(".test.");

/**
 * Every section in `src/sections/`, in the order of their file names (`10-chain.ts`, `20-facilitator.ts`, ...):
 * adding a section is adding a file, with a number that puts it where it belongs.
 */
export async function loadSections(): Promise<Section[]> {
  const files = (await readdir(fileURLToPath(sectionsDirectory))).filter(isSectionFile).sort();
  const sections: Section[] = [];
  for (const file of files) {
    const module = (await import(new URL(file, sectionsDirectory).href)) as { default?: Partial<Section> };
    const section = module.default;
    if (
      typeof section?.name !== "string" ||
      typeof section.title !== "string" ||
      typeof section.run !== "function"
    )
      throw new DemoError(`sections/${file} must default-export defineSection({ name, title, run })`);
    sections.push(section as Section);
  }
  return sections;
}
