import type { ProgressEvent } from "../run/runConformance.js";

export type CreateProgressDisplayParameters = {
  /** Where to write (default process.stderr). */
  stream?: NodeJS.WriteStream;
  /** Live, rewritten status line (default: whether the stream is a TTY). */
  live?: boolean;
};

const marks = { pass: "✓", fail: "✗", warn: "!", skip: "-", info: "i" } as const;
const colours = { pass: 32, fail: 31, warn: 33, skip: 90, info: 36 } as const;

/**
 * The progress display: in a terminal, a live line shows the running case and a line per finished case stays
 * above it; elsewhere (CI logs), one plain line per case.
 */
export function createProgressDisplay(
  parameters: CreateProgressDisplayParameters = {},
): (event: ProgressEvent) => void {
  const stream = parameters.stream ?? process.stderr;
  const live = parameters.live ?? Boolean(stream.isTTY);
  const colour = (code: number, text: string) => (live ? `\x1b[${code}m${text}\x1b[0m` : text);
  const clear = () => {
    if (live) stream.write("\r\x1b[2K");
  };
  let spinner: NodeJS.Timeout | undefined;
  return (event) => {
    switch (event.type) {
      case "setup":
        stream.write(`${live ? colour(90, "…") : "setup:"} ${event.message}\n`);
        break;
      case "start":
        stream.write(
          `x402-conformance ${event.target}: ${event.total} case${event.total === 1 ? "" : "s"}\n`,
        );
        break;
      case "case-start": {
        if (!live) break;
        const started = Date.now();
        const draw = () => {
          clear();
          const seconds = ((Date.now() - started) / 1000).toFixed(1);
          stream.write(
            colour(36, `[${event.index + 1}/${event.total}] ${event.definition.id} (${seconds} s)`),
          );
        };
        draw();
        spinner = setInterval(draw, 200);
        break;
      }
      case "case-end": {
        clearInterval(spinner);
        clear();
        const { result } = event;
        const detail =
          result.status === "warn"
            ? result.warnings[0]
            : result.status === "info"
              ? result.observations.join("; ")
              : result.message;
        const line = `${marks[result.status]} ${result.status.toUpperCase().padEnd(4)} ${result.level.padEnd(6)} ${result.id} (${result.durationMs} ms)${detail ? ` — ${detail}` : ""}`;
        stream.write(`${colour(colours[result.status], line)}\n`);
        break;
      }
      case "end":
        clearInterval(spinner);
        break;
    }
  };
}
