/** In-memory SecretStore for running the account and auth logic outside VS Code. */
import { createRedactingLogger, type Logger } from '../../../src/logging/logger';
import { Emitter } from '../../../src/util/events';
import { type SecretStore } from '../../../src/util/storage';

export class MemorySecretStore implements SecretStore {
  private readonly values = new Map<string, string>();
  private readonly emitter = new Emitter<{ key: string }>();
  readonly onDidChange = this.emitter.event;

  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.values.get(key));
  }
  store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    this.emitter.fire({ key });
    return Promise.resolve();
  }
  delete(key: string): Promise<void> {
    if (this.values.delete(key)) this.emitter.fire({ key });
    return Promise.resolve();
  }
  keys(): string[] {
    return [...this.values.keys()];
  }
}

/** A logger that keeps its lines (after redaction) for assertions. */
export function recordingLogger(): { lines: string[]; logger: Logger } {
  const lines: string[] = [];
  const push = (level: string) => (m: string) => lines.push(`${level} ${m}`);
  return { lines, logger: createRedactingLogger({ trace: push('trace'), debug: push('debug'), info: push('info'), warn: push('warn'), error: push('error') }) };
}
