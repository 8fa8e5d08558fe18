/**
 * A throw-away editor profile: user settings that point the extension at the
 * sandbox and keep the workbench quiet, an empty extensions folder and an
 * empty workspace folder.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CodeServerFolders } from './codeServer';

export type Settings = Record<string, unknown>;

/** No welcome page, walkthroughs, telemetry, update checks, trust prompts or network look-ups. */
export const quietSettings: Settings = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'npm.fetchOnlinePackageInfo': false,
  'chat.commandCenter.enabled': false,
  'chat.disableAIFeatures': true,
  'window.commandCenter': false,
};

export interface HostProfile extends CodeServerFolders {
  readonly root: string;
  readonly workspaceDir: string;
  readonly settingsFile: string;
  readSettings(): Settings;
  /** Merges into User/settings.json (a running workbench picks the change up). */
  updateSettings(changes: Settings): void;
  dispose(): void;
}

export function createHostProfile(serviceUrl: string, extraSettings: Settings = {}, parent = tmpdir()): HostProfile {
  const root = mkdtempSync(join(parent, 'pb-host-'));
  const userDataDir = join(root, 'user-data');
  const settingsFile = join(userDataDir, 'User', 'settings.json');
  const profile: HostProfile = {
    root,
    userDataDir,
    extensionsDir: join(root, 'extensions'),
    stateDir: join(root, 'state'),
    workspaceDir: join(root, 'workspace'),
    settingsFile,
    readSettings: () => JSON.parse(readFileSync(settingsFile, 'utf8')) as Settings,
    updateSettings: (changes) => writeSettings(settingsFile, { ...profile.readSettings(), ...changes }),
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
  for (const dir of [join(userDataDir, 'User'), profile.extensionsDir, profile.stateDir, profile.workspaceDir]) {
    mkdirSync(dir, { recursive: true });
  }
  writeSettings(settingsFile, { ...quietSettings, 'planBilling.serviceUrl': serviceUrl, ...extraSettings });
  return profile;
}

export function writeSettings(file: string, settings: Settings): void {
  writeFileSync(file, JSON.stringify(settings, null, 2) + '\n');
}
