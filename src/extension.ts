// Composition root (skeleton: the extension core replaces this wiring).
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  const item = vscode.window.createStatusBarItem('profile', vscode.StatusBarAlignment.Right, 100);
  item.name = 'Plan & Billing';
  item.text = '$(account) Plan';
  item.command = 'planBilling.managePlan';
  item.show();
  context.subscriptions.push(
    item,
    vscode.commands.registerCommand('planBilling.managePlan', () => {
      void vscode.window.showInformationMessage('Manage Plan');
    }),
  );
}

export function deactivate(): void {}
