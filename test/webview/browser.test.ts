/**
 * The built webview in real Chromium, inside the page panelHtml.ts generates
 * with its strict CSP: no violations, the custom elements upgrade and style
 * themselves, the form controls work, and screenshots of every state in the
 * light, dark and high-contrast themes land in test-results/webview/.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser } from 'playwright-core';
import { type PanelViewState } from '../../shared/panelProtocol';
import { fixtures, MIXED_INVOICES, NOW, PAST_DUE_TAB_ORDER, UPGRADE_PREVIEW, VAT_INVOICES } from './fixtures';
import { buildWebview, launchChromium, openPanel, REPO_ROOT } from './support/panelPage';
import { themeRgb, type ThemeName } from './support/themes';

const SHOTS = join(REPO_ROOT, 'test-results/webview');

const screenshotStates: Record<string, PanelViewState> = {
  ...fixtures,
  pastDueWaitingForPortal: {
    ...fixtures.pastDue,
    portal: { waiting: true, flow: 'payment_method_update', confirmation: null },
  },
  paymentConfirmed: {
    ...fixtures.activeExpiringCard,
    portal: { waiting: false, flow: 'payment_method_update', confirmation: 'Payment method updated. Visa ending in 4242 is now your default card.' },
  },
  invoiceStatuses: {
    ...fixtures.activeExpiringCard,
    invoices: { items: MIXED_INVOICES, hasMore: true, loading: true, error: null },
  },
  refreshing: { ...fixtures.activeExpiringCard, refreshing: true },
  cardRemovalPending: { ...fixtures.twoCards, paymentMethods: { ...fixtures.twoCards.paymentMethods, pending: { paymentMethodId: 'pm_visa', action: 'remove' } } },
};

describe('Manage Plan webview in Chromium with the strict CSP', function () {
  this.timeout(180_000);
  let browser: Browser;

  before(async () => {
    buildWebview();
    browser = await launchChromium();
    mkdirSync(SHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
  });

  for (const theme of ['light', 'dark', 'highContrast'] satisfies ThemeName[]) {
    it(`renders every state without CSP violations or console problems (${theme})`, async () => {
      const panel = await openPanel(browser, { theme, now: NOW });
      try {
        await panel.page.waitForFunction(() => window.__posted.some((m) => (m as { type: string }).type === 'ready'));
        let rendered = 0;
        for (const [name, state] of Object.entries(screenshotStates)) {
          await panel.send({ type: 'state', state });
          await panel.waitForRendered(++rendered);
          await panel.page.evaluate(() => document.fonts.ready);
          await panel.page.screenshot({ path: join(SHOTS, `${theme}-${name}.png`), fullPage: true });
        }
        assert.deepEqual(await panel.violations(), []);
        assert.deepEqual(panel.problems, []);
      } finally {
        await panel.close();
      }
    });
  }

  it('upgrades the elements, applies their stylesheets and draws every icon inline under the CSP, loading nothing after the document', async () => {
    const panel = await openPanel(browser, { theme: 'dark', now: NOW });
    try {
      await panel.send({ type: 'state', state: fixtures.activeExpiringCard });
      await panel.waitForRendered(1);
      const facts = await panel.page.evaluate(() => {
        const primary = [...document.querySelectorAll('vscode-button')].find((b) => !b.hasAttribute('secondary'));
        const base = primary?.shadowRoot?.querySelector('.base');
        const icons = [...document.querySelectorAll('.codicon')];
        return {
          defined: ['vscode-button', 'vscode-textfield'].map((tag) => customElements.get(tag) !== undefined),
          adoptedSheets: primary?.shadowRoot?.adoptedStyleSheets.length ?? 0,
          primaryBackground: base ? getComputedStyle(base).backgroundColor : null,
          icons: icons.length,
          // Each icon is an SVG outline drawn at the size the stylesheet gives it.
          iconsNotDrawn: icons
            .filter((icon) => icon.tagName !== 'svg' || icon.querySelectorAll('path').length === 0 || icon.getBoundingClientRect().width < 8)
            .map((icon) => icon.getAttribute('class')),
          // The elements' own icon (which would load the codicon font) is never used.
          elementIcons: [...document.querySelectorAll('vscode-button')].filter((b) => b.shadowRoot?.querySelector('vscode-icon')).length,
          links: document.querySelectorAll('link').length,
          resources: performance.getEntriesByType('resource').map((entry) => entry.name),
        };
      });
      assert.deepEqual(facts.defined, [true, true]);
      assert.ok(facts.adoptedSheets > 0, 'Lit styles arrive as constructable stylesheets');
      assert.equal(facts.primaryBackground, themeRgb('dark', 'button-background'));
      assert.ok(facts.icons >= 5, `icons shown: ${facts.icons}`);
      assert.deepEqual(facts.iconsNotDrawn, []);
      assert.equal(facts.elementIcons, 0);
      assert.equal(facts.links, 0);
      assert.deepEqual(facts.resources, []);
      assert.deepEqual(await panel.violations(), []);
      assert.deepEqual(panel.problems, []);
    } finally {
      await panel.close();
    }
  });

  it('moves keyboard focus through the main actions in reading order', async () => {
    const panel = await openPanel(browser, { theme: 'light', now: NOW });
    try {
      await panel.send({ type: 'state', state: fixtures.pastDue });
      await panel.waitForRendered(1);
      const order: string[] = [];
      for (let i = 0; i < PAST_DUE_TAB_ORDER.length; i++) {
        await panel.page.keyboard.press('Tab');
        order.push(await panel.page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent?.trim() ?? ''));
      }
      // Tab in real Chromium agrees with the document order the component test reads.
      assert.deepEqual(order, PAST_DUE_TAB_ORDER);
    } finally {
      await panel.close();
    }
  });

  for (const theme of ['light', 'dark'] satisfies ThemeName[]) {
    it(`opens an invoice's details and the payments with the keyboard, and comes back to where it was (${theme})`, async () => {
      const panel = await openPanel(browser, { theme, now: NOW, height: 700 });
      const { page } = panel;
      try {
        await panel.send({ type: 'state', state: { ...fixtures.invoiceDetailsVat, payments: fixtures.payments.payments } });
        await panel.waitForRendered(1);
        const number = VAT_INVOICES[0]!.number;
        const opener = page.getByRole('button', { name: `View invoice ${number}` });
        await opener.scrollIntoViewIfNeeded();
        const listScroll = await page.evaluate(() => window.scrollY);
        await opener.focus();
        await page.keyboard.press('Enter');
        await page.locator('#invoice-details-heading').waitFor();
        await page.waitForFunction(() => document.activeElement?.id === 'invoice-details-heading', undefined, { timeout: 5_000 }).catch(() => undefined);
        assert.equal(await page.evaluate(() => document.activeElement?.id), 'invoice-details-heading');
        assert.equal(await page.evaluate(() => window.scrollY), 0, 'the details start at the top');
        await page.keyboard.press('Tab');
        assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Download PDF');
        await page.evaluate(() => document.fonts.ready);
        await page.screenshot({ path: join(SHOTS, `${theme}-invoiceDetails.png`), fullPage: true });
        // The heading is no tab stop: one step back is the way back.
        await page.keyboard.press('Shift+Tab');
        assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Back to invoices');
        await page.keyboard.press('Enter');
        await page.locator('#invoices').waitFor();
        // Focus is restored after the render: give it the moment it takes, then check where it went.
        await page.waitForFunction((n) => document.activeElement?.getAttribute('aria-label') === `View invoice ${n}`, number, { timeout: 2_000 }).catch(() => undefined);
        assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), `View invoice ${number}`);
        assert.equal(await page.evaluate(() => window.scrollY), listScroll, 'the list is where it was');

        await page.getByRole('button', { name: 'Payments', exact: true }).press('Enter');
        await page.locator('#payments-heading').waitFor();
        // Focus moves in the effect after the view painted: wait for it rather than race it.
        await page.waitForFunction(() => document.activeElement?.id === 'payments-heading', undefined, { timeout: 2_000 }).catch(() => undefined);
        assert.equal(await page.evaluate(() => document.activeElement?.id), 'payments-heading');
        await page.evaluate(() => document.fonts.ready);
        await page.screenshot({ path: join(SHOTS, `${theme}-payments.png`), fullPage: true });
        assert.deepEqual(await panel.violations(), []);
        assert.deepEqual(panel.problems, []);
      } finally {
        await panel.close();
      }
    });
  }

  for (const theme of ['light', 'dark'] satisfies ThemeName[]) {
    it(`shows the tiers side by side, switches to annual, previews and offers the cancel dialog by keyboard (${theme})`, async () => {
      const panel = await openPanel(browser, { theme, now: NOW });
      const { page } = panel;
      try {
        await panel.send({ type: 'state', state: fixtures.proWithPlans });
        await panel.waitForRendered(1);
        await page.getByRole('button', { name: 'Change plan', exact: true }).press('Enter');
        await page.locator('#change-plan-heading').waitFor();
        await page.waitForFunction(() => document.activeElement?.id === 'change-plan-heading', undefined, { timeout: 2_000 }).catch(() => undefined);
        assert.equal(await page.evaluate(() => document.activeElement?.id), 'change-plan-heading');
        const tops = await page.locator('[data-testid^="tier-"]').evaluateAll((cards) => cards.map((card) => Math.round(card.getBoundingClientRect().top)));
        assert.equal(tops.length, 4);
        assert.equal(new Set(tops).size, 1, `the four tiers side by side (tops ${tops.join(', ')})`);
        // The interval switch is a native radio group: arrow keys move the choice.
        await page.getByRole('radio', { name: 'Monthly' }).focus();
        await page.keyboard.press('ArrowRight');
        assert.equal(await page.getByRole('radio', { name: /^Annual/ }).isChecked(), true);
        await page.locator('[data-testid="tier-pro"]', { hasText: '$200.00 a year' }).waitFor();
        await page.evaluate(() => document.fonts.ready);
        await page.screenshot({ path: join(SHOTS, `${theme}-changePlan.png`), fullPage: true });

        await page.getByRole('radio', { name: 'Monthly' }).check();
        await page.locator('[data-testid="tier-pro_plus"]').getByRole('button', { name: 'Upgrade to Pro+' }).press('Enter');
        await page.locator('#plan-preview-heading').waitFor();
        await panel.send({ type: 'state', state: { ...fixtures.proWithPlans, plans: { ...fixtures.proWithPlans.plans, preview: UPGRADE_PREVIEW, target: { planId: 'pro_plus', interval: 'month' } } } });
        await page.getByRole('button', { name: 'Confirm and pay $13.42' }).waitFor();
        await page.evaluate(() => document.fonts.ready);
        await page.screenshot({ path: join(SHOTS, `${theme}-planPreview.png`), fullPage: true });

        // Back to the tiers, then to the overview: each Back once the view it leads to is shown.
        await page.getByRole('button', { name: 'Back', exact: true }).press('Enter');
        await page.locator('#change-plan-heading').waitFor();
        await page.locator('#plan-preview-heading').waitFor({ state: 'detached' });
        await page.getByRole('button', { name: 'Back', exact: true }).press('Enter');
        await page.locator('#change-plan-heading').waitFor({ state: 'detached' });
        // Focus returns to "Change plan" (what opened the view) after the render: press only once it has.
        await page.waitForFunction(() => document.activeElement?.id === 'change-plan');
        await page.getByRole('button', { name: 'Cancel subscription', exact: true }).press('Enter');
        await page.locator('#cancel-heading').waitFor();
        await page.getByRole('radio', { name: 'Too expensive' }).check();
        await page.getByRole('textbox', { name: 'Anything else you want to tell us? (optional)' }).fill('Testing');
        await page.screenshot({ path: join(SHOTS, `${theme}-cancelDialog.png`), fullPage: true });
        await page.locator('[data-testid="cancel-dialog"]').getByRole('button', { name: 'Cancel subscription' }).press('Enter');
        await page.waitForFunction(() => window.__posted.some((m) => (m as { type: string }).type === 'cancelSubscription'));
        const sent = await page.evaluate(() => window.__posted.filter((m) => (m as { type: string }).type === 'cancelSubscription'));
        assert.deepEqual(sent, [{ type: 'cancelSubscription', reason: { code: 'too_expensive', comment: 'Testing' } }]);
        assert.deepEqual(await panel.violations(), []);
        assert.deepEqual(panel.problems, []);
      } finally {
        await panel.close();
      }
    });
  }

  it('fits a narrow editor column without scrolling the page sideways', async () => {
    const panel = await openPanel(browser, { theme: 'dark', now: NOW, width: 420 });
    try {
      await panel.send({ type: 'state', state: fixtures.pastDue });
      await panel.waitForRendered(1);
      await panel.page.getByRole('button', { name: 'Edit', exact: true }).click();
      await panel.page.evaluate(() => document.fonts.ready);
      assert.equal(await panel.page.evaluate(() => document.documentElement.scrollWidth), 420);
      await panel.page.screenshot({ path: join(SHOTS, 'dark-narrow.png'), fullPage: true });
      assert.deepEqual(await panel.violations(), []);
      assert.deepEqual(panel.problems, []);
    } finally {
      await panel.close();
    }
  });

  for (const theme of ['light', 'dark'] satisfies ThemeName[]) {
    it(`edits billing details with the real form controls and shows the service's field errors (${theme})`, async () => {
      const panel = await openPanel(browser, { theme, now: NOW });
      const { page } = panel;
      try {
        await panel.send({ type: 'state', state: fixtures.activeExpiringCard });
        await panel.waitForRendered(1);
        await page.getByRole('button', { name: 'Edit', exact: true }).click();
        await page.getByLabel('Name', { exact: true }).fill('Ada King');
        await page.getByLabel('Country').selectOption('DE');
        await page.getByLabel('Tax ID 1 type').selectOption('eu_vat');
        await page.getByLabel('Tax ID 1 number').fill('DE12');
        await page.getByRole('button', { name: 'Save', exact: true }).click();

        const save = (await panel.posted()).find((m) => m.type === 'saveBillingDetails');
        assert.ok(save && save.type === 'saveBillingDetails');
        assert.deepEqual(save.details, {
          name: 'Ada King',
          address: { line1: '12 Analytical Row', line2: 'Flat 3', city: 'London', postalCode: 'EC1A 1BB', country: 'DE' },
          taxIds: [{ type: 'eu_vat', value: 'DE12' }],
        });

        await panel.send({
          type: 'billingDetailsRejected',
          requestId: save.requestId,
          fieldErrors: [
            { field: 'address.postalCode', code: 'invalid_format', message: 'German postal codes have 5 digits.' },
            { field: 'taxIds.0.value', code: 'invalid_format', message: 'EU VAT numbers start with a country code and 8-12 characters.' },
          ],
          message: null,
        });
        const postalError = page.locator('.field--postalCode .field__error');
        await postalError.waitFor();
        assert.equal((await postalError.textContent())?.trim(), 'German postal codes have 5 digits.');
        assert.match((await page.locator('.field--tax-value .field__error').textContent()) ?? '', /EU VAT numbers/);
        // Focus goes to the first field in error (in an effect after the errors paint, so it is waited for).
        await page
          .waitForFunction(() => document.activeElement?.id === 'billing-address-postalCode', undefined, { timeout: 5_000 })
          .catch(() => undefined);
        assert.equal(await page.evaluate(() => document.activeElement?.id), 'billing-address-postalCode');
        await page.evaluate(() => document.fonts.ready);
        await page.screenshot({ path: join(SHOTS, `${theme}-billingFormErrors.png`), fullPage: true });

        await page.getByLabel(/^Postal code/).fill('10115');
        await page.getByLabel(/^Tax ID 1 number/).fill('DE123456789');
        await page.getByRole('button', { name: 'Save', exact: true }).click();
        const second = (await panel.posted()).filter((m) => m.type === 'saveBillingDetails').at(-1);
        assert.ok(second && second.type === 'saveBillingDetails' && second.requestId !== save.requestId);
        await panel.send({
          type: 'billingDetailsSaved',
          requestId: second.requestId,
          billingDetails: { ...second.details, email: 'pro@sandbox.test' },
        });
        const note = page.locator('#billing-info .notice--success');
        await note.waitFor();
        assert.match((await note.textContent()) ?? '', /The change applies to future invoices only\./);
        assert.equal(await page.locator('#billing-info address').getByText('10115 London').count(), 1);
        await page.screenshot({ path: join(SHOTS, `${theme}-billingSaved.png`), fullPage: true });
        assert.deepEqual(await panel.violations(), []);
        assert.deepEqual(panel.problems, []);
      } finally {
        await panel.close();
      }
    });
  }
});
