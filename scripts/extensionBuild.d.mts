// Types of scripts/extensionBuild.mjs (plain JavaScript, so esbuild.config.mjs can import it).
import { type BuildOptions } from 'esbuild';

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

export declare function extensionBuildOptions(options: {
  readonly root: string;
  readonly outdir: string;
  readonly release: boolean;
  readonly minify: boolean;
  readonly env?: NodeJS.ProcessEnv;
}): BuildOptions;
