/**
 * Everything a code-server run needs, in one place for the integration runner,
 * the e2e journeys and `npm start`: a real sandbox, a throw-away profile whose
 * settings point the extension at it, the fixture extension installed, and
 * code-server started with the sandbox URL in its (and so the extension
 * host's) environment.
 */
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type SandboxProcess, type StartSandboxOptions } from '../../test/support/sandboxProcess';
import { ensureCodeServer } from './codeServerInstall';
import { installExtension, startCodeServer, type CodeServerProcess } from './codeServer';
import { prepareDisplayLanguage } from './displayLanguage';
import { createHostProfile, type HostProfile, type Settings } from './hostProfile';
import { sandboxUrlEnv, testHostEnv } from './hostEnvironment';
import { startOwnedSandbox, type OwnedSandbox } from './ownedSandbox';
import { fixtureExtensionDir, repoRoot } from './paths';
import { workbenchUrl } from './workbenchUrl';

export interface CodeServerSessionOptions {
  /** Start a sandbox with these options (default: fresh demo data, free port), or use a running one. */
  readonly sandbox?: StartSandboxOptions | { readonly running: SandboxProcess };
  /**
   * How our extension is loaded: in Development mode from the repository
   * (default) or from another folder (e.g. a copy with a different manifest),
   * or installed from a VSIX.
   */
  readonly extension?: { readonly vsix: string } | { readonly developmentPath: string } | 'development';
  /** Install the fixture extension that consumes our API (default true; needs the `fixture` build). */
  readonly fixture?: boolean;
  /** More built extension folders to install the way the fixture is (see installExtensionFolder). */
  readonly extraExtensions?: readonly string[];
  readonly settings?: Settings;
  /** Run the workbench in this display language, e.g. 'de' (see displayLanguage.ts). */
  readonly displayLanguage?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Print code-server's output as it arrives. */
  readonly verbose?: boolean;
  /** Where the throw-away profile goes (default: the OS temp folder). */
  readonly profileParent?: string;
  /** Keep the profile folder after dispose (npm start keeps nothing either; for debugging). */
  readonly keepProfile?: boolean;
}

export interface CodeServerSession {
  readonly sandbox: SandboxProcess;
  readonly profile: HostProfile;
  readonly server: CodeServerProcess;
  /** How our extension is loaded: 'development' or 'installed from <vsix>'. */
  readonly extensionMode: string;
  /** The workbench URL; with a suite entry, the extension host runs it (docs/testing.md#running-the-suite-inside-the-host). */
  workbenchUrl(options?: { extensionTestsPath?: string }): string;
  dispose(): Promise<void>;
}

export async function startCodeServerSession(options: CodeServerSessionOptions = {}): Promise<CodeServerSession> {
  const binary = await ensureCodeServer();
  const extension = options.extension ?? 'development';
  const sandboxOption = options.sandbox ?? {};
  let owned: OwnedSandbox | undefined;
  let sandbox: SandboxProcess;
  if ('running' in sandboxOption) {
    sandbox = sandboxOption.running;
  } else {
    owned = await startOwnedSandbox(sandboxOption);
    sandbox = owned.sandbox;
  }
  let profile: HostProfile | undefined;
  try {
    profile = createHostProfile(sandbox.url, options.settings, options.profileParent);
    mkdirSync(join(profile.stateDir, 'tmp'));
    if (options.fixture ?? true) installFixture(profile.extensionsDir);
    for (const folder of options.extraExtensions ?? []) installExtensionFolder(folder, profile.extensionsDir);
    if (typeof extension === 'object' && 'vsix' in extension) await installExtension(binary, profile, extension.vsix);
    const developmentPath =
      extension === 'development' ? repoRoot : 'developmentPath' in extension ? extension.developmentPath : undefined;
    const server = await startCodeServer({
      binary,
      ...profile,
      verbose: options.verbose,
      extraArgs: options.displayLanguage ? prepareDisplayLanguage(profile, options.displayLanguage) : [],
      env: {
        [sandboxUrlEnv]: sandbox.url,
        [testHostEnv]: 'code-server',
        // code-server leaves IPC sockets in its temp folder; keep them in the profile.
        TMPDIR: join(profile.stateDir, 'tmp'),
        // code-server rewrites loopback URLs given to openExternal into its
        // /proxy/<port>/ route and drops their path, query and fragment (the
        // embedder's resolveExternalUri keeps only the port). An empty template
        // turns that rewrite off, so the sandbox's portal links open as they are.
        VSCODE_PROXY_URI: '',
        ...options.env,
      },
    });
    const session: CodeServerSession = {
      sandbox,
      profile,
      server,
      extensionMode:
        extension === 'development'
          ? 'in Development mode'
          : 'developmentPath' in extension
            ? `in Development mode from ${extension.developmentPath}`
            : `installed from ${extension.vsix}`,
      workbenchUrl: (urlOptions = {}) =>
        workbenchUrl(server.url, {
          folder: session.profile.workspaceDir,
          extensionDevelopmentPath: developmentPath,
          extensionTestsPath: urlOptions.extensionTestsPath,
        }),
      dispose: async () => {
        await server.stop();
        await owned?.stop();
        if (!options.keepProfile) session.profile.dispose();
      },
    };
    return session;
  } catch (error) {
    await owned?.stop();
    profile?.dispose();
    throw error;
  }
}

/**
 * The workbench accepts only one extensionDevelopmentPath through the payload
 * (it reads the payload into a Map), so the fixture is installed instead: a
 * folder named <publisher>.<name>-<version> in the extensions folder is picked
 * up as an installed extension. Only what runs is copied.
 */
export function installFixture(extensionsDir: string): string {
  return installExtensionFolder(fixtureExtensionDir, extensionsDir, 'fixture');
}

/**
 * Installs a built extension folder (package.json + dist/) by copying it into
 * the extensions folder as <publisher>.<name>-<version>; `buildTarget` names
 * the esbuild target to suggest when dist/ is missing.
 */
export function installExtensionFolder(sourceDir: string, extensionsDir: string, buildTarget?: string): string {
  const manifestFile = join(sourceDir, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { publisher: string; name: string; version: string; main?: string };
  const main = join(sourceDir, manifest.main ?? 'dist/extension.js');
  if (!existsSync(main)) {
    const hint = buildTarget ? `: run node esbuild.config.mjs --only=${buildTarget}` : '';
    throw new Error(`the extension in ${sourceDir} is not built (${main} is missing)${hint}`);
  }
  const target = join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  mkdirSync(target, { recursive: true });
  cpSync(manifestFile, join(target, 'package.json'));
  cpSync(join(sourceDir, 'dist'), join(target, 'dist'), { recursive: true });
  return target;
}
