/**
 * The one seam between the core and VS Code's message boxes: everything that
 * asks the user goes through a Prompter. The default shows real VS Code
 * notifications/dialogs; integration tests (non-Production mode only) swap in
 * a scripted one through the test accessor, since a test cannot click a
 * notification button.
 */
import * as vscode from 'vscode';

export type Severity = 'info' | 'warning' | 'error';

export interface PromptOptions {
  readonly modal?: boolean;
  readonly detail?: string;
}

export interface Prompter {
  /** Shows a message with action buttons; resolves with the chosen title or undefined when dismissed. */
  show(severity: Severity, message: string, options: PromptOptions, actions: readonly string[]): Promise<string | undefined>;
  /** Asks for a line of text; undefined when cancelled. */
  input(options: vscode.InputBoxOptions): Promise<string | undefined>;
  /** Asks where to save a file; undefined when cancelled. */
  saveDialog(options: vscode.SaveDialogOptions): Promise<vscode.Uri | undefined>;
}

export const vscodePrompter: Prompter = {
  async show(severity, message, options, actions) {
    const show =
      severity === 'error'
        ? vscode.window.showErrorMessage
        : severity === 'warning'
          ? vscode.window.showWarningMessage
          : vscode.window.showInformationMessage;
    return show(message, { modal: options.modal ?? false, detail: options.detail }, ...actions);
  },
  async input(options) {
    return vscode.window.showInputBox(options);
  },
  async saveDialog(options) {
    return vscode.window.showSaveDialog(options);
  },
};

/** A Prompter whose implementation can be replaced at run time (by tests). */
export class SwitchablePrompter implements Prompter {
  private target: Prompter = vscodePrompter;
  /** Every prompt shown, newest last (for tests; bounded). */
  readonly history: Array<{ severity: Severity; message: string; actions: readonly string[] }> = [];

  use(prompter: Prompter | undefined): void {
    this.target = prompter ?? vscodePrompter;
  }

  show(severity: Severity, message: string, options: PromptOptions, actions: readonly string[]): Promise<string | undefined> {
    this.history.push({ severity, message, actions });
    if (this.history.length > 50) this.history.shift();
    return this.target.show(severity, message, options, actions);
  }

  input(options: vscode.InputBoxOptions): Promise<string | undefined> {
    return this.target.input(options);
  }

  saveDialog(options: vscode.SaveDialogOptions): Promise<vscode.Uri | undefined> {
    return this.target.saveDialog(options);
  }
}
