import {
  type SpecRef,
  type SpecSectionId,
  specCommit,
  specRepository,
  specSections,
} from "./specSections.js";

export type ResolvedSpecRef = {
  /** The citation as the case writes it, e.g. `v2 §6.1.2 (4)`. */
  ref: string;
  section: SpecSectionId;
  /** The section's title in the spec. */
  title: string;
  /** The section at the pinned commit, on GitHub. */
  url: string;
};

const ids = (Object.keys(specSections) as SpecSectionId[]).sort((a, b) => b.length - a.length);

/** The section a citation names (the longest id it starts with); undefined for an unknown one. */
export function resolveSpecRef(ref: SpecRef | string): ResolvedSpecRef | undefined {
  const section = ids.find((id) => ref === id || ref.startsWith(`${id} (`));
  if (!section) return undefined;
  const { file, line, title } = specSections[section];
  return {
    ref,
    section,
    title,
    url: `https://github.com/${specRepository}/blob/${specCommit}/specs/${file}?plain=1#L${line}`,
  };
}
