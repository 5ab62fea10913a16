import type { Section } from "./types.js";

/** Declares a section of the demo (the default export of a file in `src/sections/`). */
export function defineSection(section: Section): Section {
  return section;
}
