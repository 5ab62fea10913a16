/**
 * Replaces what lies between `<!-- name:start -->` and `<!-- name:end -->` in a Markdown text (the markers stay), so
 * that generated parts of a README are written by a script and checked by a test, never edited by hand.
 */
export function replaceMarkedBlock(text: string, name: string, content: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`no ${start} … ${end} block`);
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`;
}
