/**
 * Replaced at build time by esbuild's `define` (see esbuild.config.mjs):
 * "release" for normal builds, "sandbox" for `--flavor=sandbox` builds, which
 * trust the sandbox's signing key even in Production extension mode.
 * Under tsx (unit tests) it is not defined; read it through `buildFlavor()`.
 */
declare const __BUILD_FLAVOR__: 'release' | 'sandbox';
