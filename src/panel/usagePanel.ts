/**
 * The Manage Plan panel's Usage section in the host: the usage from the
 * UsageStore, the overage settings the webview confirmed (PUT with the
 * webview's requestId as Idempotency-Key; refusals kept for the form), and
 * the CSV export through a save dialog.
 */
import * as vscode from 'vscode';
import { type Usage, type UsageSettingsRequest } from '../../shared/contract/usage';
import { MAX_SPEND_CAP_CENTS } from '../../shared/usageLimits';
import { type UsagePanelView } from '../../shared/panelProtocol';
import { errorMessage, toApiError } from '../api/apiError';
import { t } from '../l10n/localize';
import { type Logger } from '../logging/logger';
import { type Prompter } from '../ui/prompter';
import { usageCsv, usageCsvFileName } from '../usage/usageCsv';
import { type UsageRefreshOutcome, type UsageState } from '../usage/usageStore';
import { type Event } from '../util/events';
import { formatMoney } from '../util/format';
import { defaultFolder } from './invoiceDownload';

/** The part of the UsageStore the panel uses. */
export interface PanelUsageSource {
  readonly current: UsageState;
  readonly onDidChange: Event<UsageState>;
  refresh(): Promise<UsageRefreshOutcome>;
  saveSettings(settings: UsageSettingsRequest, idempotencyKey: string): Promise<Usage>;
}

export interface UsagePanelDeps {
  readonly source: PanelUsageSource;
  readonly prompter: Prompter;
  readonly logger: Logger;
  readonly onChange: () => void;
}

export class UsagePanel {
  private loading = false;
  private saving = false;
  private refusal: UsagePanelView['refusal'] = null;
  private exported: UsagePanelView['export'] = null;

  constructor(private readonly deps: UsagePanelDeps) {}

  get view(): UsagePanelView {
    const { usage, stale, error } = this.deps.source.current;
    return {
      usage: usage ?? null,
      loading: this.loading,
      stale,
      error: error ? { kind: error.kind, message: errorMessage(error) } : null,
      saving: this.saving,
      refusal: this.refusal,
      export: this.exported,
    };
  }

  /** Panel open, or the webview's retry: one conditional check. */
  /** A load or a save is under way. */
  get busy(): boolean {
    return this.loading || this.saving;
  }

  async load(): Promise<void> {
    this.loading = true;
    this.deps.onChange();
    try {
      await this.deps.source.refresh();
    } finally {
      this.loading = false;
      this.deps.onChange();
    }
  }

  async save(requestId: string, overageEnabled: boolean, spendCap: number): Promise<void> {
    if (this.saving) return;
    const usage = this.deps.source.current.usage;
    // The webview checked it too; the host does not trust it.
    if (!Number.isSafeInteger(spendCap) || spendCap < 0 || spendCap > MAX_SPEND_CAP_CENTS) {
      const fmt = { locale: vscode.env.language };
      const bound = (amount: number) => formatMoney({ amount, currency: 'USD' }, fmt);
      this.refuse(null, t('The spend cap must be between {0} and {1}.', bound(0), bound(MAX_SPEND_CAP_CENTS)), 'spendCap');
      return;
    }
    if (usage?.overage && spendCap < usage.overage.accrued.amount) {
      this.refuse('cap_below_accrued', t('The spend cap cannot be below the overage already used this period.'), 'spendCap');
      return;
    }
    this.saving = true;
    this.refusal = null;
    this.deps.onChange();
    try {
      await this.deps.source.saveSettings({ overageEnabled, spendCap }, requestId);
    } catch (caught) {
      const error = toApiError(caught);
      this.deps.logger.warn(`Manage Plan: saving the overage settings failed: ${error.kind}${error.details.problemCode ? ` (${error.details.problemCode})` : ''}`);
      this.refusal = { code: error.details.problemCode ?? null, message: errorMessage(error), fieldErrors: error.details.fieldErrors ?? [] };
    } finally {
      this.saving = false;
      this.deps.onChange();
    }
  }

  async exportCsv(): Promise<void> {
    const usage = this.deps.source.current.usage;
    if (!usage) return;
    const target = await this.deps.prompter.saveDialog({
      defaultUri: vscode.Uri.joinPath(await defaultFolder(), usageCsvFileName(usage)),
      filters: { [t('CSV files')]: ['csv'] },
      saveLabel: t('Export'),
      title: t('Export usage history'),
    });
    if (!target) return;
    try {
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(usageCsv(usage)));
      this.exported = { status: 'saved', message: t('Usage history saved to {0}.', target.path.split('/').pop() ?? target.path) };
    } catch (caught) {
      this.exported = { status: 'failed', message: t("Couldn't save the usage history: {0}", caught instanceof Error ? caught.message : String(caught)) };
    }
    this.deps.onChange();
  }

  dismiss(): void {
    this.refusal = null;
    this.exported = null;
    this.deps.onChange();
  }

  reset(): void {
    this.refusal = null;
    this.exported = null;
    this.saving = false;
  }

  private refuse(code: string | null, message: string, field: string): void {
    this.refusal = { code, message, fieldErrors: [{ field, code: 'invalid', message }] };
    this.deps.onChange();
  }
}
