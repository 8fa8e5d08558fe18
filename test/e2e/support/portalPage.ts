/**
 * Drives the sandbox's hosted payment portal in the browser page the
 * extension opened (openExternal), as a user would: type, add or edit a card,
 * answer 3-D Secure, pay, upgrade, and go back to the editor. Page
 * conventions: sandbox/portal/portalPages.ts.
 */
import * as assert from 'node:assert/strict';
import { type Page } from 'playwright-core';
import { seriousViolations } from './accessibility';

export const TestCards = {
  succeeds: '4242 4242 4242 4242',
  /** A Mastercard debit card (the journeys' second card). */
  mastercardDebit: '5200 8282 8282 8210',
  threeDSecure: '4000 0027 6000 3184',
  /** Saved, then every charge fails (stages a renewal failure). */
  failsWhenCharged: '4000 0000 0000 0341',
} as const;

/** The outcome a portal result page reports (<main data-outcome>), e.g. "card_saved", "paid". */
export async function portalOutcome(page: Page): Promise<string | null> {
  return page.locator('main[data-outcome]').first().getAttribute('data-outcome');
}

/**
 * Waits for a page of the portal (<main data-page>), e.g. "card-form", "three-ds", "pay", "manage",
 * and checks it with axe-core: no serious or critical WCAG 2 A/AA violation on any portal page a journey visits.
 */
export async function waitForPortalPage(page: Page, name: string): Promise<void> {
  await page.locator(`main[data-page="${name}"]`).waitFor({ timeout: 15_000 });
  assert.deepEqual(await seriousViolations(page), [], `axe on the portal's ${name} page`);
}

/** A billing address as the portal's card forms ask for it (#addressLine1 … #addressCountry). */
export interface PortalAddress {
  readonly line1: string;
  readonly city: string;
  readonly postalCode: string;
  /** ISO code of the #addressCountry select. */
  readonly country: string;
}

async function fillAddress(page: Page, address: PortalAddress): Promise<void> {
  await page.locator('#addressLine1').fill(address.line1);
  await page.locator('#addressCity').fill(address.city);
  await page.locator('#addressPostalCode').fill(address.postalCode);
  await page.locator('#addressCountry').selectOption(address.country);
}

/** Types a card (and its billing address, when given) on the card form, submits it with `button`, answers 3-D Secure. */
async function submitCard(page: Page, number: string, button: string, options: { threeDS?: 'approve' | 'fail'; address?: PortalAddress }): Promise<void> {
  await waitForPortalPage(page, 'card-form');
  await page.locator('#cardName').fill('Journey Tester');
  await page.locator('#cardNumber').fill(number);
  await page.locator('#cardExpiry').fill('12/34');
  await page.locator('#cardCvc').fill('123');
  if (options.address) await fillAddress(page, options.address);
  await page.getByRole('button', { name: button, exact: true }).click();
  if (options.threeDS) {
    await waitForPortalPage(page, 'three-ds');
    await page.getByRole('button', { name: options.threeDS === 'approve' ? 'Approve' : 'Fail' }).click();
  }
  await page.locator('#return-link, main[data-page="pay"]').first().waitFor({ timeout: 15_000 });
}

/**
 * On the card form of "Update payment method" (no card named): types the
 * card and saves it in place of the default; a 3-D Secure card is approved (or
 * failed) on the challenge page that follows. Resolves on the result page, or
 * on the pay page when the form was opened to pay with the new card ("Use a
 * different card").
 */
export async function enterCard(page: Page, number: string, options: { threeDS?: 'approve' | 'fail' } = {}): Promise<void> {
  await submitCard(page, number, 'Save card', options);
}

/**
 * On the form of "Add payment method": the card and its billing address are
 * added beside the others. `makeDefault: false` clears "Make this my default
 * card" (offered, and ticked, once a card is on file).
 */
export async function addCard(page: Page, number: string, options: { threeDS?: 'approve' | 'fail'; address?: PortalAddress; makeDefault?: boolean } = {}): Promise<void> {
  await waitForPortalPage(page, 'card-form');
  if (options.makeDefault !== undefined && (await page.locator('#makeDefault').count()) > 0) await page.locator('#makeDefault').setChecked(options.makeDefault);
  await submitCard(page, number, 'Add', options);
}

/** On the edit page of a saved card (Edit in the panel): a new expiry and billing address, then "Save". */
export async function editCard(page: Page, edit: { expiry: string; address?: PortalAddress }): Promise<void> {
  await waitForPortalPage(page, 'card-edit');
  await page.locator('#cardExpiry').fill(edit.expiry);
  if (edit.address) await fillAddress(page, edit.address);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.locator('#return-link').waitFor({ timeout: 15_000 });
}

/** "Pay now" on the pay page; resolves on the result page. */
export async function payNow(page: Page): Promise<void> {
  await waitForPortalPage(page, 'pay');
  await page.getByRole('button', { name: 'Pay now' }).click();
  await page.locator('#return-link').waitFor({ timeout: 15_000 });
}

/**
 * "Upgrade to Pro" on the manage page. The card on file is charged, or, with
 * no card on file, the portal asks for one first: pass `card`. Resolves on
 * the result page.
 */
export async function upgradeToPro(page: Page, card?: string): Promise<void> {
  await waitForPortalPage(page, 'manage');
  await page.getByRole('button', { name: 'Upgrade to Pro' }).click();
  if (card !== undefined) await enterCard(page, card);
  await page.locator('#return-link').waitFor({ timeout: 15_000 });
}

/** "Return to the editor": the link goes through code-server's /callback to the extension's URI handler. */
export async function returnToEditor(page: Page): Promise<void> {
  await page.locator('#return-link').click();
  await page.waitForURL((url) => url.pathname.endsWith('/callback'), { timeout: 15_000 });
  await page.close();
}
