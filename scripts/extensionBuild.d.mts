// Types of scripts/extensionBuild.mjs (plain JavaScript, so esbuild.config.mjs can import it).
import { type BuildOptions, type Metafile } from 'esbuild';

export declare const DEVELOPMENT_SERVICE_URL: string;
export declare const RELEASE_SERVICE_URL: string;
export declare const DEVELOPMENT_ONLY_MODULES: Readonly<Record<string, string>>;

export interface BakedKey {
  readonly kid: string;
  readonly issuer: string;
  readonly jwk: { readonly kty: 'OKP'; readonly crv: 'Ed25519'; readonly x: string };
}

export interface BuildConfiguration {
  readonly serviceUrl: string;
  readonly issuer: string | undefined;
  readonly publicKeys: readonly BakedKey[] | undefined;
}

export declare function readBuildConfiguration(env?: NodeJS.ProcessEnv): BuildConfiguration;

export interface ExtensionBuildInput {
  readonly root: string;
  readonly outdir: string;
  readonly release: boolean;
  readonly minify: boolean;
  readonly env?: NodeJS.ProcessEnv;
  readonly logLevel?: 'info' | 'silent';
}

export declare const CORE_ENTRY: string;
export declare const SERVICES_ENTRY: string;

/** Options both bundles share. */
export declare function extensionBuildOptions(options: ExtensionBuildInput): BuildOptions;

/** The options of the core (dist/extension.js) and the services bundle (dist/services.js). */
export declare function extensionBuilds(options: ExtensionBuildInput): Promise<{ readonly core: BuildOptions; readonly services: BuildOptions }>;

/** Builds both bundles; their metafiles. */
export declare function buildExtension(options: ExtensionBuildInput): Promise<{ readonly core: Metafile; readonly services: Metafile }>;
