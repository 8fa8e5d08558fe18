/**
 * The Manage Plan panel as a user sees it: its editor tab and, inside the
 * webview, the sections of webview/sections/*.tsx (each a <section id=…>
 * with an h2), the past-due banner, the portal notice, the saved cards, and
 * the views that replace the sections: an invoice's details, the payments,
 * the Change plan view, a change's preview and the cancel dialog
 * (webview/views/*.tsx).
 */
import { type FrameLocator, type Locator } from 'playwright-core';
import { commandPaletteTitle, type Workbench } from './workbench';
import { CommandIds } from '../../../shared/productIdentity';

/** The panel's editor tab label. */
export const PANEL_TITLE = /Manage Plan/;

export type SectionId = 'subscription' | 'payment-methods' | 'billing-info' | 'invoices';

export class ManagePlanPanel {
  /** `title`: the tab's label in the editor's language (German: /Tarif verwalten/). */
  constructor(
    private readonly wb: Workbench,
    private readonly title: RegExp = PANEL_TITLE,
  ) {}

  /** Opens the panel from the status-bar item. */
  static async fromStatusBar(wb: Workbench, title?: RegExp): Promise<ManagePlanPanel> {
    await wb.statusBarItem().click();
    return new ManagePlanPanel(wb, title).shown();
  }

  /** Opens the panel with "Plan & Billing: Manage Plan" in the Command Palette. */
  static async fromCommandPalette(wb: Workbench): Promise<ManagePlanPanel> {
    await wb.runCommand(commandPaletteTitle(CommandIds.managePlan));
    return new ManagePlanPanel(wb).shown();
  }

  /**
   * Waits until the tab is there and the page inside has rendered its header.
   * When the window's webview host is stuck waiting for its service worker
   * (code-server on Chromium 150; docs/testing.md, "Blank webviews"), the
   * window is reloaded once, as a user would, and the restored panel must
   * then render; that is said in the output, and anything else still fails.
   */
  async shown(): Promise<this> {
    await this.tabs().first().waitFor({ state: 'visible', timeout: 30_000 });
    const heading = this.content.locator('h1', { hasText: 'Plan & Billing' });
    try {
      await heading.waitFor({ timeout: 20_000 });
    } catch (error) {
      if (!this.wb.webviewHostWaiting()) throw error;
      console.log('    [e2e] the webview host is waiting for its service worker (host bug, docs/testing.md); reloading the window once');
      await this.wb.reloadWindow();
      await this.tabs().first().waitFor({ state: 'visible', timeout: 30_000 });
      await heading.waitFor({ timeout: 30_000 });
    }
    return this;
  }

  /** The panel's editor tabs (one when it is not duplicated). */
  tabs(): Locator {
    return this.wb.editorTabs(this.title);
  }

  /** The page inside the webview. */
  get content(): FrameLocator {
    return this.wb.webview(0);
  }

  section(id: SectionId): Locator {
    return this.content.locator(`section#${id}`);
  }

  /** Waits until the account's data is shown (the subscription section rendered). */
  async waitForData(): Promise<void> {
    await this.section('subscription').waitFor({ timeout: 30_000 });
  }

  /**
   * A button (vscode-button or native) inside `within` (default: the whole
   * page): by a substring of its text, or by a pattern over its accessible
   * name. (A RegExp `hasText` sees a vscode-button's text with the white space
   * of its shadow tree around it, so anchored patterns would never match.)
   */
  button(name: string | RegExp, within?: Locator): Locator {
    const scope = within ?? this.content.locator('body');
    return typeof name === 'string' ? scope.locator('vscode-button, button', { hasText: name }) : scope.getByRole('button', { name });
  }

  get pastDueBanner(): Locator {
    return this.content.locator('.past-due-banner');
  }

  get portalNotice(): Locator {
    return this.content.locator('.portal-notice');
  }

  /** The invoice table's body rows (not the loading row). */
  invoiceRows(): Locator {
    return this.section('invoices').locator('table.invoices tbody tr:not(.loading-row):not(.row-message)');
  }

  /** The saved card ending in `last4` (its list item in Payment methods). */
  savedCard(last4: string): Locator {
    return this.section('payment-methods').locator('ul.payment-methods > li', { hasText: `•••• ${last4}` });
  }

  /** Every saved card's list item. */
  savedCards(): Locator {
    return this.section('payment-methods').locator('ul.payment-methods > li');
  }

  /** The details view of an invoice (after its number was clicked). */
  get invoiceDetails(): Locator {
    return this.content.locator('section#invoice-details');
  }

  /** The Payments view. */
  get payments(): Locator {
    return this.content.locator('section#payments');
  }

  /** The Payments view's rows (not the loading row, nor a decline reason under a row). */
  paymentRows(): Locator {
    return this.payments.locator('table.payments tbody tr:not(.loading-row):not(.row-message)');
  }

  /** Opens an invoice's details from its number in the invoice list. */
  async openInvoice(number: string): Promise<Locator> {
    await this.button(new RegExp(`^View invoice ${number}$`), this.section('invoices')).click();
    await this.invoiceDetails.locator('.invoice-lines').waitFor({ timeout: 20_000 });
    return this.invoiceDetails;
  }

  /** A text field of the billing form by its field path (e.g. "name", "taxIds.0.value"): the input inside the vscode-textfield. */
  billingField(path: string): Locator {
    return this.content.locator(`#billing-${path.replace(/\./g, '-')} input, input#billing-${path.replace(/\./g, '-')}`).first();
  }

  /** A select of the billing form by its field path (e.g. "address.country", "taxIds.0.type"). */
  billingSelect(path: string): Locator {
    return this.content.locator(`select#billing-${path.replace(/\./g, '-')}`);
  }

  /** The error text shown next to a billing field. */
  billingFieldError(path: string): Locator {
    return this.content.locator(`#billing-${path.replace(/\./g, '-')}-error`);
  }

  /** The overview's Usage section: meters, overage settings, charts with their tables, Export CSV. */
  get usageSection(): Locator {
    return this.content.locator('section#usage');
  }

  /** The Change plan view: the tiers side by side (webview/views/changePlan.tsx). */
  get changePlan(): Locator {
    return this.content.locator('[data-testid="change-plan-view"]');
  }

  /** One tier's card in the Change plan view ("Current plan" badge, price, "Upgrade to …" / "Switch to …"). */
  tier(planId: 'free' | 'pro' | 'pro_plus' | 'power'): Locator {
    return this.content.locator(`[data-testid="tier-${planId}"]`);
  }

  /** The Monthly / Annual switch (native radios labelled "Monthly" and "Annual…"). */
  interval(which: 'Monthly' | 'Annual'): Locator {
    return this.changePlan.getByRole('radio', { name: new RegExp(`^${which}`) });
  }

  /** A change's preview and confirmation ("Confirm and pay $…", "Confirm downgrade", "Confirm"). */
  get planPreview(): Locator {
    return this.content.locator('[data-testid="plan-preview"]');
  }

  /** The preview in words. */
  get previewWords(): Locator {
    return this.content.locator('[data-testid="preview-words"]');
  }

  /** The cancel dialog (reason radios, "Cancel subscription", "Keep subscription"). */
  get cancelDialog(): Locator {
    return this.content.locator('[data-testid="cancel-dialog"]');
  }

  /** What the last plan action did, above the overview ("You are on Pro+ now."). */
  get planOutcome(): Locator {
    return this.content.locator('[data-testid="plan-outcome"]');
  }

  /** The pending plan change's reason in the subscription section (with "Complete payment"). */
  get pendingPlanChange(): Locator {
    return this.content.locator('[data-testid="pending-plan-change"]');
  }

  /** "Switches to Pro on …" under a plan with a scheduled downgrade (with "Keep Pro+"). */
  get scheduledChange(): Locator {
    return this.content.locator('[data-testid="scheduled-change"]');
  }
}
