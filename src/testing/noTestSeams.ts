/**
 * What a release build gets instead of src/testing/testSeams.ts
 * (esbuild.config.mjs): no test seams at all — no test accessor, no
 * test-only command, no log buffer — in every extension mode.
 */
import { type createTestSeams as createDevelopmentTestSeams } from './testSeams';

export const createTestSeams: typeof createDevelopmentTestSeams = () => undefined;
