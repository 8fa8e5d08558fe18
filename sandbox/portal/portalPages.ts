/**
 * The hosted portal's pages. Markup conventions the end-to-end tests and
 * test/support/portalDriver.ts rely on: <main data-outcome="..."> on result
 * pages, card inputs #cardName #cardNumber #cardExpiry #cardCvc, buttons
 * "Save card", "Approve", "Fail", "Pay now", "Upgrade to Pro", and the link
 * #return-link "Return to the editor".
 */
import type { AccountSummary } from '../../shared/contract/account';
import type { Invoice } from '../../shared/contract/invoices';
import type { CardField } from '../billing/cards';
import { formatUsd } from '../billing/money';
import { cardExpiresBefore } from '../../shared/cards';
import { formatDate } from '../billing/time';
import { englishCountryName } from '../../shared/countries';
import { pathTo } from '../../shared/contract/paths';
import { html, type Html, type PageContent } from '../pages/html';
import { cardFormPath, PortalPaths, type CardNext } from './portalPaths';

function csrfField(csrf: string): Html {
  return html`<input type="hidden" name="csrf" value="${csrf}">`;
}

function returnLink(returnUrl: string, secondary = false): Html {
  return html`<a id="return-link" class="button${secondary ? ' secondary' : ''}" href="${returnUrl}">Return to the editor</a>`;
}

function cardWords(card: { brand: string; last4: string; expMonth: number; expYear: number }): string {
  const brand = card.brand === 'unknown' ? 'Card' : card.brand[0]!.toUpperCase() + card.brand.slice(1);
  return `${brand} ending in ${card.last4} (expires ${String(card.expMonth).padStart(2, '0')}/${String(card.expYear).slice(-2)})`;
}

// ---------------------------------------------------------------------------
// Card form

export interface CardFormValues {
  readonly cardName: string;
  readonly cardNumber: string;
  readonly cardExpiry: string;
}

export interface CardFormModel {
  readonly csrf: string;
  readonly values: CardFormValues;
  readonly errors: Partial<Record<CardField, string>>;
  /** A decline or 3-D Secure failure shown above the form. */
  readonly alert?: { readonly message: string; readonly code: string };
  readonly next?: CardNext;
  readonly currentCard: AccountSummary['paymentMethod'];
  readonly outstanding: number;
}

function cardInput(id: CardField, label: string, value: string, error: string | undefined, attrs: Html, hint?: string): Html {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div>
<label for="${id}">${label}</label>
${hint ? html`<p class="muted" id="${id}-hint">${hint}</p>` : ''}
<input type="text" id="${id}" name="${id}" value="${value}" ${attrs} ${error ? html`aria-invalid="true"` : ''} ${describedBy ? html`aria-describedby="${describedBy}"` : ''}>
${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : ''}
</div>`;
}

export function cardFormPage(m: CardFormModel): PageContent {
  const outcome = m.alert ? (m.alert.code === 'authentication_failed' ? 'authentication_failed' : 'declined') : Object.keys(m.errors).length ? 'invalid' : 'form';
  return {
    title: 'Update payment method',
    body: html`<main data-page="card-form" data-outcome="${outcome}">
<div class="panel">
<h1>${m.currentCard ? 'Update your card' : 'Add a card'}</h1>
${m.currentCard ? html`<p class="muted">Current card: ${cardWords(m.currentCard)}</p>` : ''}
${m.outstanding > 0 ? html`<p class="alert warning">After you save a card, we will try to collect the outstanding ${formatUsd(m.outstanding)}.</p>` : ''}
${m.alert ? html`<div class="alert error" role="alert" data-decline-code="${m.alert.code}">${m.alert.message}</div>` : ''}
${Object.keys(m.errors).length ? html`<div class="alert error" role="alert">Please correct the highlighted fields.</div>` : ''}
<form method="post" action="${cardFormPath(m.next)}" novalidate>
${csrfField(m.csrf)}
${cardInput('cardName', 'Name on card', m.values.cardName, m.errors.cardName, html`autocomplete="cc-name" maxlength="100"`)}
${cardInput('cardNumber', 'Card number', m.values.cardNumber, m.errors.cardNumber, html`autocomplete="cc-number" inputmode="numeric" maxlength="23"`)}
<div class="row">
${cardInput('cardExpiry', 'Expiry (MM/YY)', m.values.cardExpiry, m.errors.cardExpiry, html`autocomplete="cc-exp" inputmode="numeric" placeholder="MM/YY" maxlength="7"`)}
${cardInput('cardCvc', 'Security code (CVC)', '', m.errors.cardCvc, html`autocomplete="cc-csc" inputmode="numeric" maxlength="4"`)}
</div>
<button type="submit">Save card</button>
<a class="button secondary" href="${PortalPaths.manage}">Cancel</a>
</form>
</div>
<details class="panel test-cards"><summary>Sandbox test cards</summary>
<p>Any future expiry and any 3-digit CVC.</p>
<ul>
<li><code>4242 4242 4242 4242</code> succeeds</li>
<li><code>4000 0027 6000 3184</code> asks for 3-D Secure</li>
<li><code>4000 0000 0000 0002</code> is declined</li>
<li><code>4000 0000 0000 9995</code> is declined: insufficient funds</li>
<li><code>4000 0000 0000 0069</code> is declined: expired card</li>
<li><code>4000 0000 0000 0341</code> is saved, then every charge fails</li>
<li><code>4000 0000 0000 9987</code> is saved, then charges fail as a lost card (not retried)</li>
</ul>
</details>
</main>`,
  };
}

export function threeDsPage(csrf: string, card: { brand: string; last4: string; expMonth: number; expYear: number }): PageContent {
  return {
    title: 'Confirm your card',
    body: html`<main data-page="three-ds">
<div class="panel">
<h1>Confirm this card with your bank</h1>
<p>Your bank asks you to confirm that you want to use your ${cardWords(card)}.</p>
<p class="muted">This is a simulated 3-D Secure challenge. Approve to complete the check, or fail it to see what happens when the bank refuses.</p>
<form method="post" action="${PortalPaths.threeDs}">
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

export function payPage(csrf: string, summary: Omit<AccountSummary, 'asOf'>, alert?: { message: string; code: string }): PageContent {
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
  readonly summary: Omit<AccountSummary, 'asOf'>;
  readonly invoices: readonly Invoice[];
  readonly canUpgrade: boolean;
  readonly returnUrl: string;
  readonly notice?: string;
}

function statusWords(summary: Omit<AccountSummary, 'asOf'>): string {
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

function expiresBeforeRenewal(summary: Omit<AccountSummary, 'asOf'>): boolean {
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
${summary.upcomingInvoice ? html`<dt>Next payment</dt><dd>${formatUsd(summary.upcomingInvoice.amountDue.amount)} on ${formatDate(Date.parse(summary.upcomingInvoice.date))}</dd>` : ''}
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
        : `${formatUsd(2000)} per month${summary.paymentMethod ? ', charged to your card now' : '; you will add a card first'}`
    }.</span></form>`
    : ''
}
${summary.outstandingBalance.amount > 0 && !m.canUpgrade ? html`<a class="button" href="${PortalPaths.pay}">Pay outstanding balance</a>` : ''}
<a class="button secondary" href="${PortalPaths.card}">${summary.paymentMethod ? 'Update card' : 'Add a card'}</a>
${
  sub && (sub.status === 'active' || sub.status === 'trialing')
    ? sub.cancelAtPeriodEnd
      ? html`<form method="post" action="${PortalPaths.resume}">${csrfField(m.csrf)}<button type="submit" class="secondary">Resume subscription</button></form>`
      : html`<form method="post" action="${PortalPaths.cancel}">${csrfField(m.csrf)}<button type="submit" class="danger">Cancel at period end</button></form>`
    : ''
}
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
