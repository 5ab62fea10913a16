import {
  type SpecRef,
  type SpecSection,
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
  const cited: SpecSection = specSections[section];
  const { file, title } = cited;
  return {
    ref,
    section,
    title,
    url:
      "anchor" in cited
        ? `https://github.com/${cited.repository}/blob/${cited.commit}/specs/${file}#${cited.anchor}`
        : `https://github.com/${specRepository}/blob/${specCommit}/specs/${file}?plain=1#L${cited.line}`,
  };
}
