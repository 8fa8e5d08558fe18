/**
 * The hosted portal's pages. Markup conventions the end-to-end tests and
 * test/support/portalDriver.ts rely on: <main data-page data-outcome="..."> ,
 * card inputs #cardName #cardNumber #cardExpiry #cardCvc, billing address
 * inputs #addressLine1 #addressLine2 #addressCity #addressState
 * #addressPostalCode and the select #addressCountry, the checkbox
 * #makeDefault, buttons "Save card" (replace the default), "Add", "Save"
 * (edit a card), "Approve", "Fail", "Pay now", "Upgrade to Pro", the radio
 * buttons paymentMethodId of the plan-change payment page and its link "Use a
 * new card", and the link #return-link "Return to the editor".
 */
import type { AccountSummary, PendingPlanChange } from '../../shared/contract/account';
import type { Address } from '../../shared/contract/billingDetails';
import type { Invoice } from '../../shared/contract/invoices';
import type { CardBrand, PaymentMethod } from '../../shared/contract/paymentMethods';
import { brandName, type CardField } from '../billing/cards';
import { formatUsd } from '../billing/money';
import { cardExpiresBefore } from '../../shared/cards';
import { formatDate } from '../billing/time';
import { COUNTRIES, englishCountryName } from '../../shared/countries';
import { pathTo } from '../../shared/contract/paths';
import { html, type Html, type PageContent } from '../pages/html';
import { cardFormPath, PortalPaths, type CardNext } from './portalPaths';

function csrfField(csrf: string): Html {
  return html`<input type="hidden" name="csrf" value="${csrf}">`;
}

function returnLink(returnUrl: string, secondary = false): Html {
  return html`<a id="return-link" class="button${secondary ? ' secondary' : ''}" href="${returnUrl}">Return to the editor</a>`;
}

function cardWords(card: { brand: CardBrand; last4: string; expMonth: number; expYear: number }): string {
  return `${brandName(card.brand)} ending in ${card.last4} (expires ${String(card.expMonth).padStart(2, '0')}/${String(card.expYear).slice(-2)})`;
}

// ---------------------------------------------------------------------------
// Card forms

/** The billing address inputs of the card forms, by id, and the Address field each one fills. */
export const ADDRESS_INPUTS = {
  addressLine1: 'line1',
  addressLine2: 'line2',
  addressCity: 'city',
  addressState: 'state',
  addressPostalCode: 'postalCode',
  addressCountry: 'country',
} as const satisfies Record<string, keyof Address>;
export type AddressInput = keyof typeof ADDRESS_INPUTS;
export type AddressValues = Readonly<Record<AddressInput, string>>;

export type CardFormErrors = Partial<Record<CardField | AddressInput, string>>;

export interface CardFormValues {
  readonly cardName: string;
  readonly cardNumber: string;
  readonly cardExpiry: string;
  readonly address: AddressValues;
}

export interface CardFormModel {
  readonly csrf: string;
  /** Replace the default card (payment_method_update) or add one beside the others (payment_method_add). */
  readonly mode: 'replace' | 'add';
  readonly values: CardFormValues;
  readonly errors: CardFormErrors;
  /** A decline or 3-D Secure failure shown above the form. */
  readonly alert?: { readonly message: string; readonly code: string };
  readonly next?: CardNext;
  readonly currentCard: AccountSummary['paymentMethod'];
  /** Offer "make it the default" (adding while other cards exist); checked as `makeDefault`. */
  readonly offerDefault: boolean;
  readonly makeDefault: boolean;
  readonly outstanding: number;
}

function describedBy(id: string, hint: string | undefined, error: string | undefined): Html {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`${error ? html`aria-invalid="true"` : ''} ${ids ? html`aria-describedby="${ids}"` : ''}`;
}

function textInput(id: string, label: string, value: string, error: string | undefined, attrs: Html, hint?: string): Html {
  return html`<div>
<label for="${id}">${label}</label>
${hint ? html`<p class="muted" id="${id}-hint">${hint}</p>` : ''}
<input type="text" id="${id}" name="${id}" value="${value}" ${attrs} ${describedBy(id, hint, error)}>
${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : ''}
</div>`;
}

const COUNTRY_OPTIONS = Object.entries(COUNTRIES).sort(([, a], [, b]) => a.localeCompare(b, 'en'));

function countrySelect(value: string, error: string | undefined): Html {
  const id = 'addressCountry';
  return html`<div>
<label for="${id}">Country</label>
<select id="${id}" name="${id}" autocomplete="country" ${describedBy(id, undefined, error)}>
<option value=""${value === '' ? html` selected` : ''}>Choose a country</option>
${COUNTRY_OPTIONS.map(([code, name]) => html`<option value="${code}"${code === value ? html` selected` : ''}>${name}</option>`)}
</select>
${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : ''}
</div>`;
}

function addressFieldset(values: AddressValues, errors: CardFormErrors): Html {
  return html`<fieldset>
<legend>Billing address of the card</legend>
${textInput('addressLine1', 'Street address', values.addressLine1, errors.addressLine1, html`autocomplete="address-line1" maxlength="200"`)}
${textInput('addressLine2', 'Apartment, suite (optional)', values.addressLine2, errors.addressLine2, html`autocomplete="address-line2" maxlength="200"`)}
<div class="row">
${textInput('addressCity', 'City', values.addressCity, errors.addressCity, html`autocomplete="address-level2" maxlength="100"`)}
${textInput('addressPostalCode', 'Postal code', values.addressPostalCode, errors.addressPostalCode, html`autocomplete="postal-code" maxlength="20"`)}
</div>
<div class="row">
${textInput('addressState', 'State, province or region', values.addressState, errors.addressState, html`autocomplete="address-level1" maxlength="100"`)}
${countrySelect(values.addressCountry, errors.addressCountry)}
</div>
</fieldset>`;
}

function formOutcome(alert: CardFormModel['alert'], errors: CardFormErrors): string {
  if (alert) return alert.code === 'authentication_failed' ? 'authentication_failed' : 'declined';
  return Object.keys(errors).length ? 'invalid' : 'form';
}

const TEST_CARD_LIST: readonly [string, string][] = [
  ['4242 4242 4242 4242', 'Visa, succeeds'],
  ['4000 0566 5566 5556', 'Visa debit'],
  ['5555 5555 5555 4444', 'Mastercard'],
  ['5200 8282 8282 8210', 'Mastercard debit'],
  ['5105 1051 0510 5100', 'Mastercard prepaid'],
  ['3782 822463 10005', 'American Express (4-digit CVC)'],
  ['6011 1111 1111 1117', 'Discover'],
  ['3056 9300 0902 0004', 'Diners Club'],
  ['3566 0020 2036 0505', 'JCB'],
  ['6200 0000 0000 0005', 'UnionPay'],
  ['4000 0027 6000 3184', 'asks for 3-D Secure'],
  ['4000 0000 0000 0002', 'is declined'],
  ['4000 0000 0000 9995', 'is declined: insufficient funds'],
  ['4000 0000 0000 0069', 'is declined: expired card'],
  ['4000 0000 0000 0341', 'is saved, then every charge fails'],
  ['4000 0000 0000 9987', 'is saved, then charges fail as a lost card (not retried)'],
];

export function cardFormPage(m: CardFormModel): PageContent {
  const adding = m.mode === 'add';
  const title = adding ? 'Add a payment method' : m.currentCard ? 'Update your card' : 'Add a card';
  return {
    title,
    body: html`<main data-page="card-form" data-mode="${m.mode}" data-outcome="${formOutcome(m.alert, m.errors)}">
<div class="panel">
<h1>${title}</h1>
${m.currentCard ? html`<p class="muted">${adding ? 'Default card' : 'Current card'}: ${cardWords(m.currentCard)}</p>` : ''}
${!adding && m.currentCard ? html`<p class="muted">The new card replaces it; your other saved cards stay.</p>` : ''}
${m.outstanding > 0 && (!adding || !m.offerDefault || m.makeDefault) ? html`<p class="alert warning">After you save a card as your default, we will try to collect the outstanding ${formatUsd(m.outstanding)}.</p>` : ''}
${m.alert ? html`<div class="alert error" role="alert" data-decline-code="${m.alert.code}">${m.alert.message}</div>` : ''}
${Object.keys(m.errors).length ? html`<div class="alert error" role="alert">Please correct the highlighted fields.</div>` : ''}
<form method="post" action="${cardFormPath(m.next, m.mode)}" novalidate>
${csrfField(m.csrf)}
${textInput('cardName', 'Name on card', m.values.cardName, m.errors.cardName, html`autocomplete="cc-name" maxlength="100"`)}
${textInput('cardNumber', 'Card number', m.values.cardNumber, m.errors.cardNumber, html`autocomplete="cc-number" inputmode="numeric" maxlength="23"`, 'We accept all major credit and debit cards: Visa, Mastercard, American Express, Discover, Diners Club, JCB and UnionPay.')}
<div class="row">
${textInput('cardExpiry', 'Expiry (MM/YY)', m.values.cardExpiry, m.errors.cardExpiry, html`autocomplete="cc-exp" inputmode="numeric" placeholder="MM/YY" maxlength="7"`)}
${textInput('cardCvc', 'Security code (CVC)', '', m.errors.cardCvc, html`autocomplete="cc-csc" inputmode="numeric" maxlength="4"`, '3 digits on the back; 4 on the front of an American Express card.')}
</div>
${addressFieldset(m.values.address, m.errors)}
${m.offerDefault ? html`<label class="check"><input type="checkbox" id="makeDefault" name="makeDefault" value="1"${m.makeDefault ? html` checked` : ''}> Make this my default card (renewals and retries charge it)</label>` : ''}
<button type="submit">${adding ? 'Add' : 'Save card'}</button>
<a class="button secondary" href="${PortalPaths.manage}">Cancel</a>
</form>
</div>
<details class="panel test-cards"><summary>Sandbox test cards</summary>
<p>Any future expiry and any CVC of the right length (3 digits, 4 for American Express).</p>
<ul>
${TEST_CARD_LIST.map(([number, words]) => html`<li><code>${number}</code> ${words}</li>`)}
</ul>
</details>
</main>`,
  };
}

export interface CardEditModel {
  readonly csrf: string;
  readonly card: PaymentMethod;
  readonly values: { readonly cardExpiry: string; readonly address: AddressValues };
  readonly errors: CardFormErrors;
}

/** Editing a saved card: a new expiry and its billing address; the number is not entered again. */
export function cardEditPage(m: CardEditModel): PageContent {
  return {
    title: 'Edit payment method',
    body: html`<main data-page="card-edit" data-outcome="${formOutcome(undefined, m.errors)}">
<div class="panel">
<h1>Edit your ${brandName(m.card.brand)} ending in ${m.card.last4}</h1>
<p class="muted">${m.card.cardholderName}${m.card.isDefault ? ' · default card' : ''}. To use a different card number, add a new card instead.</p>
${Object.keys(m.errors).length ? html`<div class="alert error" role="alert">Please correct the highlighted fields.</div>` : ''}
<form method="post" action="${pathTo(PortalPaths.cardEdit, { id: m.card.id })}" novalidate>
${csrfField(m.csrf)}
${textInput('cardExpiry', 'Expiry (MM/YY)', m.values.cardExpiry, m.errors.cardExpiry, html`autocomplete="cc-exp" inputmode="numeric" placeholder="MM/YY" maxlength="7"`, 'The new expiry date printed on the card.')}
${addressFieldset(m.values.address, m.errors)}
<button type="submit">Save</button>
<a class="button secondary" href="${PortalPaths.manage}">Cancel</a>
</form>
</div>
</main>`,
  };
}

export function threeDsPage(csrf: string, card: { brand: CardBrand; last4: string; expMonth: number; expYear: number }, action: string = PortalPaths.threeDs): PageContent {
  return {
    title: 'Confirm your card',
    body: html`<main data-page="three-ds">
<div class="panel">
<h1>Confirm this card with your bank</h1>
<p>Your bank asks you to confirm that you want to use your ${cardWords(card)}.</p>
<p class="muted">This is a simulated 3-D Secure challenge. Approve to complete the check, or fail it to see what happens when the bank refuses.</p>
<form method="post" action="${action}">
${csrfField(csrf)}
<button type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="fail" class="danger">Fail</button>
</form>
</div>
</main>`,
  };
}

// ---------------------------------------------------------------------------
// Results

export interface ResultModel {
  readonly outcome: string;
  readonly title: string;
  readonly tone: 'success' | 'error' | 'warning';
  readonly messages: readonly string[];
  readonly returnUrl: string;
  readonly payment?: 'paid' | 'declined' | 'none';
  readonly declineCode?: string;
  readonly links?: readonly { readonly href: string; readonly text: string }[];
}

export function resultPage(m: ResultModel): PageContent {
  return {
    title: m.title,
    body: html`<main data-outcome="${m.outcome}" ${m.payment ? html`data-payment="${m.payment}"` : ''} ${m.declineCode ? html`data-decline-code="${m.declineCode}"` : ''}>
<div class="panel">
<h1>${m.title}</h1>
${m.messages.map((text, i) => html`<p class="${i === 0 ? `alert ${m.tone}` : ''}" ${i === 0 ? html`role="status"` : ''}>${text}</p>`)}
${returnLink(m.returnUrl, m.tone !== 'success')}
${(m.links ?? []).map((l) => html`<a class="button secondary" href="${l.href}">${l.text}</a>`)}
</div>
</main>`,
  };
}

export function messagePage(title: string, messages: readonly string[], outcome: string): PageContent {
  return {
    title,
    body: html`<main data-outcome="${outcome}">
<div class="panel">
<h1>${title}</h1>
${messages.map((m) => html`<p>${m}</p>`)}
</div>
</main>`,
  };
}

// ---------------------------------------------------------------------------
// Pay outstanding balance

export function payPage(csrf: string, summary: Omit<AccountSummary, 'asOf' | 'usage'>, alert?: { message: string; code: string }): PageContent {
  const due = summary.outstandingBalance.amount;
  const card = summary.paymentMethod;
  return {
    title: 'Pay outstanding balance',
    body: html`<main data-page="pay" data-outcome="${alert ? 'payment_declined' : 'form'}">
<div class="panel">
<h1>Pay outstanding balance</h1>
${alert ? html`<div class="alert error" role="alert" data-decline-code="${alert.code}">${alert.message}</div>` : ''}
<dl>
<dt>Amount due</dt><dd id="amount-due">${formatUsd(due)} USD</dd>
<dt>Card</dt><dd>${card ? cardWords(card) : 'No card on file'}</dd>
${summary.latestPaymentFailure ? html`<dt>Last attempt</dt><dd>${summary.latestPaymentFailure.message}</dd>` : ''}
</dl>
${
  card
    ? html`<form method="post" action="${PortalPaths.pay}">${csrfField(csrf)}<button type="submit">Pay now</button>
<a class="button secondary" href="${cardFormPath('pay')}">Use a different card</a></form>`
    : html`<a class="button" href="${cardFormPath('pay')}">Add a card</a>`
}
</div>
</main>`,
  };
}

// ---------------------------------------------------------------------------
// Manage

export interface ManageModel {
  readonly csrf: string;
  readonly summary: Omit<AccountSummary, 'asOf' | 'usage'>;
  readonly paymentMethods: readonly PaymentMethod[];
  /** What Pro would cost this account now: the price with today's tax. */
  readonly proPrice: { readonly total: number; readonly taxLabels: readonly string[] };
  readonly invoices: readonly Invoice[];
  readonly canUpgrade: boolean;
  readonly returnUrl: string;
  readonly notice?: string;
}

function statusWords(summary: Omit<AccountSummary, 'asOf' | 'usage'>): string {
  const sub = summary.subscription;
  if (!sub) return 'Free plan';
  if (sub.status === 'trialing' && sub.trialEnd) return `Pro trial, ends ${formatDate(Date.parse(sub.trialEnd))}`;
  if (sub.status === 'active' && sub.cancelAtPeriodEnd) return `Pro, cancels on ${formatDate(Date.parse(sub.currentPeriodEnd))}`;
  const words: Record<string, string> = {
    active: 'Pro, active',
    past_due: 'Pro, past due: paid features are paused',
    unpaid: 'Unpaid: Pro features are off',
    canceled: 'Canceled: back on Free',
    incomplete: 'Pro, waiting for the first payment',
    incomplete_expired: 'Free (the first payment for Pro did not go through)',
  };
  return words[sub.status] ?? sub.status;
}

/** " (incl. VAT 20%)", " (VAT reverse charge)", or nothing without tax lines. */
function taxWords(labels: readonly string[], amountIncludesTax: boolean): string {
  if (labels.length === 0) return '';
  return ` (${amountIncludesTax && !labels.every((l) => l.includes('reverse charge')) ? 'incl. ' : ''}${labels.join(', ')})`;
}

const FUNDING_WORDS: Readonly<Record<PaymentMethod['funding'], string>> = { credit: 'Credit', debit: 'Debit', prepaid: 'Prepaid', unknown: '' };

function expiresBeforeRenewal(summary: Omit<AccountSummary, 'asOf' | 'usage'>): boolean {
  const card = summary.paymentMethod;
  if (!card || !summary.upcomingInvoice) return false;
  return cardExpiresBefore(card, summary.upcomingInvoice.date);
}

export function managePage(m: ManageModel): PageContent {
  const { summary } = m;
  const sub = summary.subscription;
  const address = summary.billingDetails.address;
  return {
    title: 'Manage plan',
    body: html`<main data-page="manage">
${m.notice ? html`<p class="alert success" role="status">${m.notice}</p>` : ''}
<section class="panel" aria-labelledby="plan-heading">
<h1 id="plan-heading">Your plan</h1>
<dl>
<dt>Account</dt><dd>${summary.user.email}</dd>
<dt>Plan</dt><dd id="plan-status">${statusWords(summary)}</dd>
${sub ? html`<dt>Price</dt><dd>${formatUsd(sub.price.amount)} per ${sub.interval}</dd>` : ''}
${summary.upcomingInvoice ? html`<dt>Next payment</dt><dd id="next-payment">${formatUsd(summary.upcomingInvoice.amountDue.amount)}${taxWords(summary.upcomingInvoice.taxLines.map((l) => l.label), true)} on ${formatDate(Date.parse(summary.upcomingInvoice.date))}</dd>` : ''}
<dt>Card</dt><dd>${summary.paymentMethod ? cardWords(summary.paymentMethod) : 'No card on file'}</dd>
${summary.outstandingBalance.amount > 0 ? html`<dt>Outstanding</dt><dd>${formatUsd(summary.outstandingBalance.amount)}</dd>` : ''}
</dl>
${expiresBeforeRenewal(summary) ? html`<p class="alert warning" role="status">This card expires before your next payment on ${formatDate(Date.parse(summary.upcomingInvoice!.date))}. Update it to avoid an interruption.</p>` : ''}
${
  m.canUpgrade
    ? html`<form method="post" action="${PortalPaths.upgrade}">${csrfField(m.csrf)}<button type="submit">Upgrade to Pro</button>
<span class="muted">${
      summary.outstandingBalance.amount > 0
        ? `Pays the outstanding ${formatUsd(summary.outstandingBalance.amount)} and reactivates your subscription`
        : `${formatUsd(m.proPrice.total)}${taxWords(m.proPrice.taxLabels, true)} per month${summary.paymentMethod ? ', charged to your default card now' : '; you will add a card first'}`
    }.</span></form>`
    : ''
}
${summary.outstandingBalance.amount > 0 && !m.canUpgrade ? html`<a class="button" href="${PortalPaths.pay}">Pay outstanding balance</a>` : ''}
${
  sub && (sub.status === 'active' || sub.status === 'trialing')
    ? sub.cancelAtPeriodEnd
      ? html`<form method="post" action="${PortalPaths.resume}">${csrfField(m.csrf)}<button type="submit" class="secondary">Resume subscription</button></form>`
      : html`<form method="post" action="${PortalPaths.cancel}">${csrfField(m.csrf)}<button type="submit" class="danger">Cancel at period end</button></form>`
    : ''
}
</section>
<section class="panel" aria-labelledby="cards-heading">
<h2 id="cards-heading">Payment methods</h2>
${
  m.paymentMethods.length === 0
    ? html`<p class="muted">No card on file.</p>`
    : html`<table id="payment-methods">
<thead><tr><th scope="col">Card</th><th scope="col">Type</th><th scope="col"><span class="muted">Default</span></th><th scope="col"><span class="muted">Edit</span></th></tr></thead>
<tbody>
${m.paymentMethods.map(
  (pm) => html`<tr data-payment-method="${pm.id}"><td>${cardWords(pm)}</td><td>${FUNDING_WORDS[pm.funding]}</td><td>${pm.isDefault ? html`<span class="badge">Default</span>` : ''}</td>
<td><a href="${pathTo(PortalPaths.cardEdit, { id: pm.id })}">Edit<span class="muted"> (${brandName(pm.brand)} ${pm.last4})</span></a></td></tr>`,
)}
</tbody></table>`
}
<a class="button secondary" href="${PortalPaths.cardAdd}">Add payment method</a>
<p class="muted">Renewals and automatic retries charge the default card. Choose the default and remove cards from the Manage Plan panel in your editor.</p>
</section>
<section class="panel" aria-labelledby="billing-heading">
<h2 id="billing-heading">Billing information</h2>
<p>${summary.billingDetails.name}<br>${
      address
        ? html`${address.line1}${address.line2 ? html`, ${address.line2}` : ''}<br>${address.postalCode} ${address.city}${address.state ? html`, ${address.state}` : ''}<br>${englishCountryName(address.country)}`
        : html`<span class="muted">No address on file</span>`
    }</p>
${summary.billingDetails.taxIds.map((t) => html`<p class="muted">Tax ID: ${t.value}</p>`)}
<p class="muted">Edit your address and tax ID from the Manage Plan panel in your editor.</p>
</section>
<section class="panel" aria-labelledby="invoices-heading">
<h2 id="invoices-heading">Invoices</h2>
${
  m.invoices.length === 0
    ? html`<p class="muted">No invoices yet.</p>`
    : html`<table>
<thead><tr><th scope="col">Date</th><th scope="col">Number</th><th scope="col" class="amount">Amount</th><th scope="col">Status</th><th scope="col"><span class="muted">PDF</span></th></tr></thead>
<tbody>
${m.invoices.map(
  (inv) => html`<tr><td>${formatDate(Date.parse(inv.created))}</td><td>${inv.number}</td><td class="amount">${formatUsd(inv.total.amount)}</td><td>${inv.status}</td>
<td><a href="${pathTo(PortalPaths.invoicePdf, { id: inv.id })}" download="${inv.number}.pdf">Download PDF<span class="muted"> (${inv.number})</span></a></td></tr>`,
)}
</tbody></table>`
}
</section>
${returnLink(m.returnUrl, true)}
</main>`,
  };
}

// ---------------------------------------------------------------------------
// Plan change payment

export interface PlanChangePaymentModel {
  readonly csrf: string;
  readonly pending: PendingPlanChange;
  /** "Upgrade to Pro+ — $43.00 due now". */
  readonly headline: string;
  readonly cards: readonly PaymentMethod[];
  readonly returnUrl: string;
  /** The decline (or failed 3-D Secure) of the last attempt on this page. */
  readonly alert?: { readonly message: string; readonly code: string };
}

export function planChangePaymentPage(m: PlanChangePaymentModel): PageContent {
  const outcome = m.alert ? (m.alert.code === 'authentication_failed' ? 'authentication_failed' : 'declined') : 'form';
  const interval = m.pending.to.interval === 'year' ? 'yearly' : 'monthly';
  return {
    title: m.headline,
    body: html`<main data-page="plan-change-payment" data-outcome="${outcome}" data-reason="${m.pending.reason}">
<div class="panel">
<h1>${m.headline}</h1>
${m.alert ? html`<div class="alert error" role="alert" data-decline-code="${m.alert.code}">${m.alert.message}</div>` : ''}
<p class="alert warning">${m.pending.message}</p>
<dl>
<dt>New plan</dt><dd>${m.pending.to.planName}, ${formatUsd(m.pending.to.price.amount)} billed ${interval}</dd>
<dt>Due now</dt><dd id="amount-due">${formatUsd(m.pending.amountDue.amount)} USD</dd>
<dt>Offer ends</dt><dd>${formatDate(Date.parse(m.pending.expiresAt))}: until you pay, your plan stays as it is.</dd>
</dl>
${
  m.cards.length > 0
    ? html`<form method="post" action="${PortalPaths.planChange}">
${csrfField(m.csrf)}
<fieldset><legend>Pay with</legend>
${m.cards.map((c) => html`<label class="check"><input type="radio" name="paymentMethodId" value="${c.id}"${c.isDefault ? html` checked` : ''}> ${cardWords(c)}</label>`)}
</fieldset>
<button type="submit">Pay now</button>
<a class="button secondary" href="${cardFormPath('plan_change', 'add')}">Use a new card</a>
</form>`
    : html`<a class="button" href="${cardFormPath('plan_change', 'add')}">Use a new card</a>`
}
${returnLink(m.returnUrl, true)}
</div>
</main>`,
  };
}
