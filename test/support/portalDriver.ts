/**
 * Drives the sandbox's hosted portal and sign-in page over plain HTTP the way
 * a browser would (follow the session URL, keep the cookie, submit the page's
 * own forms), for tests that cannot click. Only `fetch`, so it runs in Node
 * tests and inside an extension host.
 *
 * It reads the page conventions of sandbox/portal/portalPages.ts:
 * <main data-page data-outcome>, data-payment, data-decline-code, .field-error
 * ids, the card and billing address inputs, and the #return-link "Return to
 * the editor".
 */

/** A card's billing address as typed in the portal's card form (country: the ISO code the select posts). */
export interface PortalAddress {
  readonly line1: string;
  readonly line2?: string;
  readonly city: string;
  readonly state?: string;
  readonly postalCode: string;
  readonly country: string;
}

export interface PortalCard {
  readonly number: string;
  /** Default "Test Person". */
  readonly name?: string;
  /** "MM/YY"; default 12/34. */
  readonly expiry?: string;
  /** Default "123" (pass "1234" for American Express). */
  readonly cvc?: string;
  /** The card's billing address; default: what the form is prefilled with (the billing details); null clears it. */
  readonly address?: PortalAddress | null;
}

export interface PortalPage {
  readonly url: string;
  readonly status: number;
  readonly html: string;
  /** data-page of <main>, e.g. "card-form", "three-ds", "pay", "manage". */
  readonly page: string | undefined;
  /** data-outcome of <main>, e.g. "card_saved", "paid", "declined", "invalid", "link_used". */
  readonly outcome: string | undefined;
}

export interface PortalResult {
  readonly outcome: string | undefined;
  readonly status: number;
  /** "paid" | "declined" | "none" where the page reports a payment. */
  readonly payment: string | undefined;
  readonly declineCode: string | undefined;
  /** The first alert or status message on the page, as text. */
  readonly message: string | undefined;
  /** Inline field errors by input id (cardNumber, cardExpiry, ...). */
  readonly fieldErrors: Readonly<Record<string, string>>;
  /** Where "Return to the editor" sends the browser. */
  readonly returnUrl: string | undefined;
  readonly page: PortalPage;
}

interface Form {
  readonly action: string;
  readonly method: string;
  readonly fields: [string, string][];
  readonly buttons: { name?: string; value?: string; text: string }[];
}

function decode(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? decode(m[1]!) : undefined;
}

function textOf(fragment: string): string {
  return decode(fragment.replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

function formsOf(html: string): Form[] {
  const forms: Form[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const inner = m[2]!;
    const fields: [string, string][] = [];
    // As a browser posts them: inputs (checkboxes only when checked) and selects (the selected option, else the first).
    for (const control of inner.matchAll(/<input\b[^>]*>|<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
      if (control[0].startsWith('<select')) {
        const name = attr(` ${control[1]!}`, 'name');
        const options = [...control[2]!.matchAll(/<option\b([^>]*)>/g)].map((o) => ` ${o[1]!}`);
        const chosen = options.find((o) => /\sselected(\s|$|=)/.test(o)) ?? options[0];
        if (name) fields.push([name, chosen === undefined ? '' : (attr(chosen, 'value') ?? '')]);
        continue;
      }
      const name = attr(control[0], 'name');
      const type = attr(control[0], 'type') ?? 'text';
      if ((type === 'checkbox' || type === 'radio') && !/\schecked(\s|>|=)/.test(control[0])) continue;
      if (name) fields.push([name, attr(control[0], 'value') ?? (type === 'checkbox' ? 'on' : '')]);
    }
    const buttons = [...inner.matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/g)].map((b) => ({
      name: attr(` ${b[1]!}`, 'name'),
      value: attr(` ${b[1]!}`, 'value'),
      text: textOf(b[2]!),
    }));
    forms.push({ action: attr(` ${m[1]!}`, 'action') ?? '', method: (attr(` ${m[1]!}`, 'method') ?? 'get').toLowerCase(), fields, buttons });
  }
  return forms;
}

/** A tiny browser: one origin, a cookie jar, manual redirects. */
export class PortalBrowser {
  private readonly cookies = new Map<string, string>();

  private async request(url: string, init: RequestInit = {}): Promise<PortalPage> {
    let current = url;
    let options: RequestInit = init;
    for (let hop = 0; hop < 10; hop++) {
      const headers = new Headers(options.headers);
      if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
      headers.set('accept', 'text/html');
      const res = await fetch(current, { ...options, headers, redirect: 'manual' });
      for (const cookie of res.headers.getSetCookie()) {
        const [pair] = cookie.split(';');
        const eq = pair!.indexOf('=');
        this.cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
      }
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        await res.arrayBuffer();
        const next = new URL(location, current);
        // A redirect away from the service (e.g. to the editor) ends the walk: report where it would go.
        if (next.origin !== new URL(current).origin) {
          return { url: next.toString(), status: res.status, html: '', page: undefined, outcome: 'redirected' };
        }
        current = next.toString();
        options = {};
        continue;
      }
      const html = await res.text();
      return {
        url: current,
        status: res.status,
        html,
        page: /<main\b[^>]*\sdata-page="([^"]*)"/.exec(html)?.[1],
        outcome: /<main\b[^>]*\sdata-outcome="([^"]*)"/.exec(html)?.[1],
      };
    }
    throw new Error(`too many redirects from ${url}`);
  }

  get(url: string): Promise<PortalPage> {
    return this.request(url);
  }

  /**
   * Submits the page's form that has a button labelled `buttonText` (by
   * visible text or value), with `values` filled in; a value of null leaves
   * the field out (an unchecked checkbox), a value for a field the form does
   * not post is added (a checkbox ticked).
   */
  submit(page: PortalPage, buttonText: string, values: Record<string, string | null> = {}): Promise<PortalPage> {
    const forms = formsOf(page.html);
    // An exact label wins over one that merely contains it ("Save" is not "Save card").
    const exact = forms.some((f) => f.buttons.some((b) => b.text === buttonText || b.value === buttonText));
    for (const form of forms) {
      const button = form.buttons.find((b) => b.text === buttonText || b.value === buttonText || (!exact && b.text.includes(buttonText)));
      if (!button) continue;
      const fields = new URLSearchParams();
      const seen = new Set<string>();
      for (const [name, value] of form.fields) {
        seen.add(name);
        const given = values[name];
        if (given === null) continue;
        fields.append(name, given ?? value);
      }
      for (const [name, value] of Object.entries(values)) if (!seen.has(name) && value !== null) fields.append(name, value);
      if (button.name) fields.append(button.name, button.value ?? '');
      const target = new URL(form.action || page.url, page.url).toString();
      if (form.method === 'get') return this.request(`${target}?${fields.toString()}`);
      return this.request(target, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: fields.toString() });
    }
    throw new Error(`no form with a "${buttonText}" button on ${page.url} (page ${page.page ?? '?'}, outcome ${page.outcome ?? '?'})`);
  }

  /** Follows a link by its visible text. */
  follow(page: PortalPage, linkText: string): Promise<PortalPage> {
    for (const m of page.html.matchAll(/<a\b([^>]*)>([\s\S]*?)<\/a>/g)) {
      if (textOf(m[2]!).includes(linkText)) return this.request(new URL(attr(` ${m[1]!}`, 'href') ?? '', page.url).toString());
    }
    throw new Error(`no "${linkText}" link on ${page.url}`);
  }
}

export function resultOf(page: PortalPage): PortalResult {
  const fieldErrors: Record<string, string> = {};
  for (const m of page.html.matchAll(/<p class="field-error" id="([^"]+)-error">([\s\S]*?)<\/p>/g)) fieldErrors[m[1]!] = textOf(m[2]!);
  const alert = /<(?:p|div) class="alert[^"]*"[^>]*>([\s\S]*?)<\/(?:p|div)>/.exec(page.html);
  const returnLink = /<a id="return-link"[^>]*\shref="([^"]*)"/.exec(page.html);
  return {
    outcome: page.outcome,
    status: page.status,
    payment: /<main\b[^>]*\sdata-payment="([^"]*)"/.exec(page.html)?.[1],
    declineCode: /data-decline-code="([^"]*)"/.exec(page.html)?.[1],
    message: alert ? textOf(alert[1]!) : undefined,
    fieldErrors,
    returnUrl: returnLink ? decode(returnLink[1]!) : undefined,
    page,
  };
}

/** Opens a portal session URL (consuming it) in a fresh browser. */
export async function openPortal(portalUrl: string): Promise<{ browser: PortalBrowser; page: PortalPage }> {
  const browser = new PortalBrowser();
  const page = await browser.get(portalUrl);
  return { browser, page };
}

/** The form fields of a billing address (sandbox/portal/portalPages.ts ADDRESS_INPUTS); undefined keeps the prefilled values. */
function addressFields(address: PortalAddress | null | undefined): Record<string, string> {
  if (address === undefined) return {};
  return {
    addressLine1: address?.line1 ?? '',
    addressLine2: address?.line2 ?? '',
    addressCity: address?.city ?? '',
    addressState: address?.state ?? '',
    addressPostalCode: address?.postalCode ?? '',
    addressCountry: address?.country ?? '',
  };
}

async function submitCard(
  browser: PortalBrowser,
  form: PortalPage,
  card: PortalCard,
  threeDS: 'approve' | 'fail' | undefined,
  button = 'Save card',
  extra: Record<string, string | null> = {},
): Promise<PortalResult> {
  let page = await browser.submit(form, button, {
    cardName: card.name ?? 'Test Person',
    cardNumber: card.number,
    cardExpiry: card.expiry ?? '12/34',
    cardCvc: card.cvc ?? '123',
    ...addressFields(card.address),
    ...extra,
  });
  if (page.page === 'three-ds' && threeDS) page = await browser.submit(page, threeDS === 'approve' ? 'Approve' : 'Fail');
  return resultOf(page);
}

/** Saves a card through the portal; a 3-D Secure card is approved or failed as asked (or left on the challenge page). */
export async function updateCard(portalUrl: string, card: PortalCard, options: { threeDS?: 'approve' | 'fail' } = {}): Promise<PortalResult> {
  const { browser, page } = await openPortal(portalUrl);
  if (page.page === undefined) return resultOf(page);
  const form = page.page === 'card-form' ? page : await browser.get(new URL('/portal/card', page.url).toString());
  return submitCard(browser, form, card, options.threeDS);
}

/**
 * "Add payment method" (a portal session of flow payment_method_add): the
 * card is added beside the others. `makeDefault` ticks or clears the form's
 * "make this my default card" box where it is offered (it is ticked by default).
 */
export async function addCard(portalUrl: string, card: PortalCard, options: { threeDS?: 'approve' | 'fail'; makeDefault?: boolean } = {}): Promise<PortalResult> {
  const { browser, page } = await openPortal(portalUrl);
  if (page.page === undefined) return resultOf(page);
  const form = page.page === 'card-form' ? page : await browser.get(new URL('/portal/cards/new', page.url).toString());
  const extra: Record<string, string | null> = options.makeDefault === undefined ? {} : { makeDefault: options.makeDefault ? '1' : null };
  return submitCard(browser, form, card, options.threeDS, 'Add', extra);
}

export interface PortalCardEdit {
  /** "MM/YY"; default: as prefilled (the current expiry). */
  readonly expiry?: string;
  /** Default: as prefilled; null clears it. */
  readonly address?: PortalAddress | null;
}

/**
 * "Save" on the edit page of a saved card (a portal session of flow
 * payment_method_update with paymentMethodId): a new expiry and billing address.
 */
export async function editCard(portalUrl: string, edit: PortalCardEdit): Promise<PortalResult> {
  const { browser, page } = await openPortal(portalUrl);
  if (page.page !== 'card-edit') return resultOf(page);
  return resultOf(await browser.submit(page, 'Save', { ...(edit.expiry === undefined ? {} : { cardExpiry: edit.expiry }), ...addressFields(edit.address) }));
}

/** "Pay now" in the portal. */
export async function payOutstandingBalance(portalUrl: string): Promise<PortalResult> {
  const { browser, page } = await openPortal(portalUrl);
  // Result pages (nothing due, dead link) have no data-page.
  if (page.page === undefined) return resultOf(page);
  const pay = page.page === 'pay' ? page : await browser.get(new URL('/portal/pay', page.url).toString());
  if (pay.page !== 'pay') return resultOf(pay);
  return resultOf(await browser.submit(pay, 'Pay now'));
}

/** "Upgrade to Pro" from the manage page; when the portal asks for a card first, `card` (default 4242…) is entered. */
export async function upgrade(portalUrl: string, card: PortalCard = { number: '4242424242424242' }, options: { threeDS?: 'approve' | 'fail' } = {}): Promise<PortalResult> {
  const { browser, page } = await openPortal(portalUrl);
  if (page.page === undefined) return resultOf(page);
  const manage = page.page === 'manage' ? page : await browser.get(new URL('/portal/manage', page.url).toString());
  const next = await browser.submit(manage, 'Upgrade to Pro');
  if (next.page === 'card-form') return submitCard(browser, next, card, options.threeDS);
  return resultOf(next);
}

/**
 * Pays a plan change waiting for the cardholder (a portal session of flow
 * plan_change_payment): with a saved card ("Pay now", the default unless
 * `savedCardId` names another), or with `card` entered through "Use a new
 * card"; a 3-D Secure challenge is approved or failed as asked. `browser`
 * continues an open portal visit at `from` (e.g. after a decline) instead of
 * opening `portalUrl`.
 */
export async function payPlanChange(
  portalUrl: string,
  options: { card?: PortalCard; savedCardId?: string; threeDS?: 'approve' | 'fail'; browser?: PortalBrowser; from?: PortalPage } = {},
): Promise<PortalResult & { browser: PortalBrowser }> {
  const opened = options.browser && options.from ? { browser: options.browser, page: options.from } : await openPortal(portalUrl);
  const { browser } = opened;
  const page = opened.page;
  if (page.page !== 'plan-change-payment') return { ...resultOf(page), browser };
  let next: PortalPage;
  if (options.card) {
    const form = await browser.follow(page, 'Use a new card');
    return { ...(await submitCard(browser, form, options.card, options.threeDS, 'Add')), browser };
  }
  next = await browser.submit(page, 'Pay now', options.savedCardId === undefined ? {} : { paymentMethodId: options.savedCardId });
  if (next.page === 'three-ds' && options.threeDS) next = await browser.submit(next, options.threeDS === 'approve' ? 'Approve' : 'Fail');
  return { ...resultOf(next), browser };
}

export interface SignInResult {
  /** The redirect_uri with code and state (or error) as the page sends the browser there. */
  readonly redirectUrl: string;
  readonly code: string | undefined;
  readonly state: string | undefined;
  readonly error: string | undefined;
  /** The code as shown on the page for the paste fallback. */
  readonly displayedCode: string | undefined;
}

/** Walks the OAuth sign-in page: picks the account by email and returns where the browser is sent. */
export async function signInViaAuthorizePage(authorizeUrl: string, email: string): Promise<SignInResult> {
  const browser = new PortalBrowser();
  const page = await browser.get(authorizeUrl);
  const parse = (redirectUrl: string, displayedCode?: string): SignInResult => {
    const url = new URL(redirectUrl);
    return {
      redirectUrl,
      code: url.searchParams.get('code') ?? undefined,
      state: url.searchParams.get('state') ?? undefined,
      error: url.searchParams.get('error') ?? undefined,
      displayedCode,
    };
  };
  if (page.outcome === 'redirected') return parse(page.url);
  if (page.page !== 'sign-in') throw new Error(`the authorize page did not show the sign-in page (status ${page.status}): ${textOf(page.html).slice(0, 300)}`);
  const done = await browser.submit(page, email);
  const link = /<a id="continue-link"[^>]*\shref="([^"]*)"/.exec(done.html);
  if (!link) throw new Error(`signing in as ${email} did not succeed (status ${done.status}): ${textOf(done.html).slice(0, 300)}`);
  const displayed = /<p class="code" id="auth-code">([^<]*)<\/p>/.exec(done.html)?.[1];
  return parse(decode(link[1]!), displayed && decode(displayed));
}
