import { DemoError } from "./DemoError.js";
import type { Demo, DemoPayment, Stage } from "./types.js";

export type CreateDemoParameters = {
  keep: boolean;
  print?: (line: string) => void;
};

export type CreateDemoReturnType = Demo & {
  /** Name of the section now running (for errors and payments). */
  section: string | undefined;
  /** Runs every `onStop` in reverse order; never throws. */
  stop: () => Promise<void>;
};

/** The context shared by the demo's sections: the stage, the stops, the output and the payments. */
export function createDemo(parameters: CreateDemoParameters): CreateDemoReturnType {
  const { keep, print = (line) => process.stdout.write(`${line}\n`) } = parameters;
  const stage = new Map<keyof Stage, unknown>();
  const stops: (() => unknown)[] = [];
  const payments: DemoPayment[] = [];
  const demo: CreateDemoReturnType = {
    options: { keep },
    section: undefined,
    provide(key, value) {
      if (stage.has(key)) throw new DemoError(`"${String(key)}" was already provided`);
      stage.set(key, value);
    },
    need(key) {
      if (!stage.has(key))
        throw new DemoError(
          `section ${demo.section ?? "?"} needs "${String(key)}", which no earlier section provided`,
        );
      return stage.get(key) as Stage[typeof key];
    },
    onStop(stop) {
      stops.push(stop);
    },
    print: (line = "") => print(line),
    recordPayment(payment) {
      payments.push(payment);
    },
    payments,
    async stop() {
      while (stops.length > 0) {
        try {
          await stops.pop()!();
        } catch {
          // Stopping goes on: one failed stop must not leave the others running.
        }
      }
    },
  };
  return demo;
}
