import { redact } from './redact';

/** The logging surface every module uses; implementations must redact. */
export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string | Error): void;
}

/** The subset of `vscode.LogOutputChannel` the logger writes to (keeps this module free of VS Code). */
export interface LogSink {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Wraps a sink so that every line passes through `redact`. */
export function createRedactingLogger(sink: LogSink): Logger {
  const text = (message: string | Error) =>
    redact(message instanceof Error ? `${message.name}: ${message.message}` : message);
  return {
    trace: (m) => sink.trace(text(m)),
    debug: (m) => sink.debug(text(m)),
    info: (m) => sink.info(text(m)),
    warn: (m) => sink.warn(text(m)),
    error: (m) => sink.error(text(m)),
  };
}

