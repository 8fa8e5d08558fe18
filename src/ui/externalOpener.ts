/**
 * The one path to vscode.env.openExternal for sign-in and portal URLs.
 * Integration tests (non-Production mode only) replace it through the test
 * accessor to receive the URL instead of a browser tab, then drive the
 * sandbox's pages over HTTP.
 */
import * as vscode from 'vscode';

export type ExternalOpener = (url: string) => Promise<boolean>;

/**
 * openExternal takes the URL as the exact string the service produced: a
 * vscode.Uri would decode and re-encode the query, mangling nested URLs such
 * as an encoded redirect_uri. The extension host's openUri accepts a string at
 * run time and forwards it unchanged (the declared type says Uri, hence the cast).
 */
const openExternalString: ExternalOpener = async (url) => vscode.env.openExternal(url as unknown as vscode.Uri);

export class SwitchableExternalOpener {
  private target: ExternalOpener | undefined;

  use(opener: ExternalOpener | undefined): void {
    this.target = opener;
  }

  open(url: string): Promise<boolean> {
    return (this.target ?? openExternalString)(url);
  }
}
