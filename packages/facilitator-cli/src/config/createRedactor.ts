/**
 * A function that replaces every occurrence of the given secrets in a text with `[redacted]` (case-insensitive, and
 * a 0x-prefixed hex secret also without its prefix). Secrets shorter than 8 characters are left out: too short to be
 * credentials, and too likely to match ordinary text.
 */
export function createRedactor(secrets: Iterable<string>): (text: string) => string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < 8) continue;
    forms.add(secret);
    if (/^0x[0-9a-f]+$/i.test(secret)) forms.add(secret.slice(2));
  }
  if (forms.size === 0) return (text) => text;
  const escaped = [...forms]
    .sort((a, b) => b.length - a.length)
    .map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const pattern = new RegExp(escaped.join("|"), "gi");
  return (text) => text.replace(pattern, "[redacted]");
}
