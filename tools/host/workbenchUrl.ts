/**
 * The workbench URL of code-server with a `payload` (the mechanism VS Code's
 * own browser tests and @vscode/test-web use): extension development path,
 * extension tests path, skip the welcome page.
 */
export interface WorkbenchUrlOptions {
  /** Folder to open (absolute path on the code-server machine). */
  readonly folder: string;
  /** Load this extension folder in Development mode. */
  readonly extensionDevelopmentPath?: string;
  /** Run this mocha entry (a module exporting run()) inside the extension host. */
  readonly extensionTestsPath?: string;
}

export function workbenchUrl(codeServerUrl: string, options: WorkbenchUrlOptions): string {
  const authority = new URL(codeServerUrl).host;
  const remote = (path: string) => `vscode-remote://${authority}${path}`;
  // The workbench reads the payload into a Map, so each key can appear only once.
  const payload: Array<[string, string]> = [['skipWelcome', 'true']];
  if (options.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(options.extensionDevelopmentPath)]);
  if (options.extensionTestsPath) payload.push(['extensionTestsPath', remote(options.extensionTestsPath)]);
  const query = new URLSearchParams({ folder: options.folder, payload: JSON.stringify(payload) });
  return `${codeServerUrl}/?${query.toString()}`;
}
