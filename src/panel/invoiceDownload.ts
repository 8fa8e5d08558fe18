/**
 * Journey 9 of docs/journeys.md: an invoice PDF from the panel. Asks where to save (default name
 * from the invoice number), downloads with cancellable progress, writes the
 * file only once every byte arrived (no partial files), then offers to open it.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { type Invoice } from '../../shared/contract/invoices';
import { type ApiClient } from '../api/apiClient';
import { errorMessage, toApiError } from '../api/apiError';
import { t } from '../l10n/localize';
import { type Logger } from '../logging/logger';
import { type Prompter } from '../ui/prompter';

export type DownloadOutcome =
  | { readonly status: 'done'; readonly uri: vscode.Uri; readonly bytes: number }
  | { readonly status: 'cancelled' }
  | { readonly status: 'failed'; readonly message: string };

export interface DownloadDeps {
  readonly client: Pick<ApiClient, 'downloadInvoicePdf'>;
  readonly prompter: Prompter;
  readonly logger: Logger;
  /** Called once the user chose a file and the download starts. */
  readonly onStarted: () => void;
}

/** A file name safe on every platform, from the invoice number. */
export function invoiceFileName(invoice: Pick<Invoice, 'number' | 'id'>): string {
  const base = (invoice.number || invoice.id).replace(/[^A-Za-z0-9._-]+/g, '-');
  return `${base}.pdf`;
}

/** Downloads when it exists, else the home folder: where saved files are offered first. */
export async function defaultFolder(): Promise<vscode.Uri> {
  const downloads = vscode.Uri.file(join(homedir(), 'Downloads'));
  try {
    const stat = await vscode.workspace.fs.stat(downloads);
    if (stat.type & vscode.FileType.Directory) return downloads;
  } catch {
    // No Downloads folder: fall back to the home folder.
  }
  return vscode.Uri.file(homedir());
}

export async function downloadInvoice(invoice: Invoice, deps: DownloadDeps): Promise<DownloadOutcome> {
  const fileName = invoiceFileName(invoice);
  const target = await deps.prompter.saveDialog({
    defaultUri: vscode.Uri.joinPath(await defaultFolder(), fileName),
    filters: { [t('PDF documents')]: ['pdf'] },
    saveLabel: t('Save Invoice'),
    title: t('Save invoice {0}', invoice.number),
  });
  if (!target) return { status: 'cancelled' };
  deps.onStarted();
  try {
    const bytes = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: t('Downloading invoice {0}', invoice.number), cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        const subscription = token.onCancellationRequested(() => abort.abort());
        let reported = 0;
        try {
          return await deps.client.downloadInvoicePdf(invoice.id, {
            signal: abort.signal,
            onProgress: (received, total) => {
              if (!total) return progress.report({ message: t('{0} KB', Math.round(received / 1024)) });
              const percent = Math.min(100, (received / total) * 100);
              progress.report({ increment: percent - reported });
              reported = percent;
            },
          });
        } finally {
          subscription.dispose();
        }
      },
    );
    await vscode.workspace.fs.writeFile(target, bytes);
    deps.logger.info(`Saved invoice ${invoice.number} (${bytes.byteLength} bytes)`);
    // Not plain "Open": that is an invoice's status, which German words differently.
    const open = t('Open PDF');
    void deps.prompter.show('info', t('Invoice {0} saved to {1}.', invoice.number, target.fsPath), {}, [open]).then((choice) => {
      if (choice === open) void vscode.env.openExternal(target);
    });
    return { status: 'done', uri: target, bytes: bytes.byteLength };
  } catch (caught) {
    const error = toApiError(caught);
    if (error.kind === 'cancelled') return { status: 'cancelled' };
    const message = errorMessage(error);
    deps.logger.warn(`Invoice ${invoice.number} download failed: ${message}`);
    return { status: 'failed', message };
  }
}
