export { type RunCliParameters, type RunCliReturnType, runCli } from "./cli/runCli.js";
export {
  type ConsoleTelemetry,
  type CreateConsoleTelemetryParameters,
  type CreateConsoleTelemetryReturnType,
  createConsoleTelemetry,
} from "./telemetry/createConsoleTelemetry.js";
export { formatPrometheus } from "./telemetry/formatPrometheus.js";
