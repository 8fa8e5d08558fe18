/**
 * The one path to vscode.env.openExternal for sign-in and portal URLs.
 * Integration tests (non-Production mode only) replace it through the test
 * accessor to receive the URL instead of a browser tab, then drive the
 * sandbox's pages over HTTP.
 */
import * as vscode from 'vscode';

export type ExternalOpener = (uri: vscode.Uri) => Promise<boolean>;

export class SwitchableExternalOpener {
  private target: ExternalOpener | undefined;

  use(opener: ExternalOpener | undefined): void {
    this.target = opener;
  }

  open(uri: vscode.Uri): Promise<boolean> {
    return this.target ? this.target(uri) : Promise.resolve(vscode.env.openExternal(uri));
  }
}
