/**
 * What a release build gets instead of src/entitlements/sandboxKeys.ts
 * (esbuild.config.mjs): no sandbox key source, so only the production keys
 * are trusted, in every extension mode.
 */
import { type createSandboxKeys as createDevelopmentSandboxKeys } from './sandboxKeys';

export const createSandboxKeys: typeof createDevelopmentSandboxKeys = () => undefined;
