/**
 * Saved payment methods over HTTP: several cards, the default and removal
 * rules, retries on a new default, the portal's Add and Save forms with the
 * billing address, and brand, funding and CVC rules for every brand.
 */
import { strict as assert } from 'node:assert';
import { type Problem } from '../../shared/contract/common';
import { type PaymentList } from '../../shared/contract/invoices';
import { ApiPaths, pathTo } from '../../shared/contract/paths';
import { PaymentMethodList, type PaymentMethod, type PaymentMethodList as PaymentMethodListType } from '../../shared/contract/paymentMethods';
import { type PortalSession } from '../../shared/contract/portal';
import type { RunningSandbox } from '../../sandbox/server';
import { addCard, editCard, openPortal, resultOf, updateCard, type PortalAddress } from '../support/portalDriver';
import { readOutbox, setAccountState, setCardOutcome } from '../support/sandboxAdmin';
import { account, api, assertShape, getJson, PORTAL_RETURN_URL, portalSession, signIn, startInProcess, uniqueEmail, type Session } from './harness';

const BERLIN: PortalAddress = { line1: 'Invalidenstraße 116', city: 'Berlin', postalCode: '10115', country: 'DE' };
const TORONTO: PortalAddress = { line1: '100 Queen St W', city: 'Toronto', state: 'ON', postalCode: 'M5H 2N2', country: 'CA' };

describe('sandbox saved payment methods', function () {
  this.timeout(20_000);
  let sb: RunningSandbox;
  before(async () => {
    sb = await startInProcess();
  });
  after(() => sb.close());

  const fresh = (label: string): Promise<Session> => signIn(sb.url, uniqueEmail(label));
  const cards = async (s: Session): Promise<PaymentMethod[]> => {
    const list = await getJson<PaymentMethodListType>(sb.url, s.token, ApiPaths.paymentMethods);
    assertShape(PaymentMethodList, list, 'payment methods');
    return list.data;
  };
  const add = async (s: Session, number: string, options: { makeDefault?: boolean; cvc?: string; address?: PortalAddress | null; expiry?: string } = {}) => {
    const result = await addCard(await portalSession(sb.url, s.token, 'payment_method_add'), { number, cvc: options.cvc, address: options.address, expiry: options.expiry }, { makeDefault: options.makeDefault });
    assert.equal(result.outcome, 'card_added', `adding ${number}: ${result.message ?? ''} ${JSON.stringify(result.fieldErrors)}`);
    return result;
  };
  const makeDefault = (s: Session, id: string, headers: Record<string, string> = {}) => api(sb.url, s.token, pathTo(ApiPaths.paymentMethodDefault, { id }), { method: 'POST', headers });
  const remove = (s: Session, id: string) => api(sb.url, s.token, pathTo(ApiPaths.paymentMethod, { id }), { method: 'DELETE' });
  const problemOf = async (res: Response): Promise<Problem> => {
    assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
    return (await res.json()) as Problem;
  };

  describe('several cards', () => {
    it('lists every card with brand, last 4, expiry, funding, billing address, default and date; the default first, then newest', async () => {
      const s = await fresh('several');
      assert.deepEqual(await cards(s), [], 'a new account has none');
      await add(s, '4242424242424242', { address: BERLIN, expiry: '08/31' });
      await add(s, '5200828282828210', { address: TORONTO, makeDefault: false });
      await add(s, '378282246310005', { cvc: '1234', address: null, makeDefault: false });
      const list = await cards(s);
      assert.deepEqual(
        list.map((c) => [c.brand, c.last4, c.funding, c.isDefault]),
        [
          ['visa', '4242', 'credit', true],
          ['amex', '0005', 'credit', false],
          ['mastercard', '8210', 'debit', false],
        ],
      );
      const [visa, amex, mastercard] = list;
      assert.deepEqual([visa!.expMonth, visa!.expYear, visa!.cardholderName], [8, 2031, 'Test Person']);
      assert.deepEqual(visa!.billingAddress, BERLIN);
      assert.deepEqual(mastercard!.billingAddress, TORONTO);
      assert.equal(amex!.billingAddress, null, 'a card saved without an address');
      assert.ok(Date.parse(amex!.created) >= Date.parse(mastercard!.created));
      const summary = await account(sb.url, s.token);
      assert.deepEqual(summary.paymentMethod, visa, 'the account summary carries the default card');
    });

    it('makes the first card the default and a later one only when asked', async () => {
      const s = await fresh('first-default');
      const first = await add(s, '4242424242424242', { makeDefault: false });
      assert.match(first.message!, /now your default card/, 'the first card is the default, whatever the box says');
      const second = await add(s, '5555555555554444', { makeDefault: false });
      assert.match(second.message!, /default card stays the same/);
      await add(s, '6011111111111117', { makeDefault: true });
      assert.deepEqual((await cards(s)).map((c) => [c.last4, c.isDefault]), [
        ['1117', true],
        ['4444', false],
        ['4242', false],
      ]);
    });

    it('keeps the other cards when the update flow replaces the default', async () => {
      const s = await fresh('replace');
      await add(s, '4242424242424242');
      await add(s, '5555555555554444', { makeDefault: false });
      const replaced = await updateCard(await portalSession(sb.url, s.token, 'payment_method_update'), { number: '6011000990139424' });
      assert.equal(replaced.outcome, 'card_saved');
      assert.deepEqual((await cards(s)).map((c) => [c.last4, c.isDefault]), [
        ['9424', true],
        ['4444', false],
      ]);
    });
  });

  describe('default and removal', () => {
    it('sets another card as the default and answers the updated list', async () => {
      const s = await fresh('set-default');
      await add(s, '4242424242424242');
      await add(s, '5555555555554444', { makeDefault: false });
      const mastercard = (await cards(s)).find((c) => c.brand === 'mastercard')!;
      const res = await makeDefault(s, mastercard.id);
      assert.equal(res.status, 200);
      const list = (await res.json()) as PaymentMethodListType;
      assertShape(PaymentMethodList, list, 'the answer');
      assert.deepEqual(list.data.map((c) => [c.last4, c.isDefault]), [
        ['4444', true],
        ['4242', false],
      ]);
      assert.equal((await account(sb.url, s.token)).paymentMethod!.id, mastercard.id);
      assert.equal((await makeDefault(s, mastercard.id)).status, 200, 'the default again: no change, no error');
    });

    it('refuses to remove the only card of a subscription that still charges, with a code and a sentence', async () => {
      const s = await fresh('only-card');
      await add(s, '4242424242424242');
      await setAccountState(sb.url, s.userId, 'active');
      const [only] = await cards(s);
      const res = await remove(s, only!.id);
      assert.equal(res.status, 409);
      const problem = await problemOf(res);
      assert.equal(problem.code, 'last_payment_method');
      assert.match(problem.detail!, /Add another card first/);
      assert.equal((await cards(s)).length, 1, 'nothing removed');
    });

    it('removes the only card when nothing charges it any more (canceling at period end, or Free)', async () => {
      const s = await fresh('only-card-ok');
      await add(s, '4242424242424242');
      const free = await remove(s, (await cards(s))[0]!.id);
      assert.equal(free.status, 200);
      assert.deepEqual(((await free.json()) as PaymentMethodListType).data, []);

      await setAccountState(sb.url, s.userId, 'active_canceling');
      const res = await remove(s, (await cards(s))[0]!.id);
      assert.equal(res.status, 200, await res.clone().text());
      assert.equal((await account(sb.url, s.token)).paymentMethod, null);
    });

    it('removing the default promotes the most recently added other card', async () => {
      const s = await fresh('promote');
      await add(s, '4242424242424242');
      await add(s, '5555555555554444', { makeDefault: false });
      await add(s, '3566002020360505', { makeDefault: false });
      await setAccountState(sb.url, s.userId, 'active');
      const visa = (await cards(s)).find((c) => c.isDefault)!;
      assert.equal(visa.last4, '4242');
      const res = await remove(s, visa.id);
      assert.equal(res.status, 200);
      const list = ((await res.json()) as PaymentMethodListType).data;
      assert.deepEqual(list.map((c) => [c.brand, c.isDefault]), [
        ['jcb', true],
        ['mastercard', false],
      ]);
      assert.equal((await account(sb.url, s.token)).paymentMethod!.brand, 'jcb');
    });

    it('answers 404 for an unknown card, a removed one and one of another account', async () => {
      const a = await fresh('own');
      const b = await fresh('foreign');
      await add(a, '4242424242424242');
      await add(b, '5555555555554444');
      const foreign = (await cards(b))[0]!;
      for (const [res, what] of [
        [await makeDefault(a, 'pm_doesnotexist'), 'unknown default'],
        [await remove(a, 'pm_doesnotexist'), 'unknown remove'],
        [await makeDefault(a, foreign.id), 'foreign default'],
        [await remove(a, foreign.id), 'foreign remove'],
      ] as const) {
        assert.equal(res.status, 404, what);
        assert.equal((await problemOf(res)).code, 'payment_method_not_found', what);
      }
      assert.equal((await cards(b)).length, 1, "the other account's card is untouched");
      const own = (await cards(a))[0]!;
      assert.equal((await remove(a, own.id)).status, 200);
      assert.equal((await remove(a, own.id)).status, 404, 'a removed card is gone');
      assert.equal((await makeDefault(a, own.id)).status, 404);
    });

    it('charges what a past-due account owes to a new default at once; the summary shows the outcome', async () => {
      const s = await fresh('past-due-default');
      await setAccountState(sb.url, s.userId, 'past_due');
      const before = await account(sb.url, s.token);
      assert.equal(before.subscription!.status, 'past_due');
      // A second card that is not the default: adding it charges nothing.
      const good = await addCard(await portalSession(sb.url, s.token, 'payment_method_add'), { number: '5555555555554444' }, { makeDefault: false });
      assert.equal(good.payment, 'none', 'a card that is not the default is not charged');
      assert.equal((await account(sb.url, s.token)).subscription!.status, 'past_due');

      const mastercard = (await cards(s)).find((c) => c.brand === 'mastercard')!;
      const res = await makeDefault(s, mastercard.id);
      assert.equal(res.status, 200);
      assertShape(PaymentMethodList, await res.json(), 'the answer is still the list');
      const after = await account(sb.url, s.token);
      assert.equal(after.subscription!.status, 'active');
      assert.equal(after.outstandingBalance.amount, 0);
      assert.equal(after.latestPaymentFailure, null);
      const payments = await getJson<PaymentList>(sb.url, s.token, ApiPaths.payments);
      assert.deepEqual([payments.data[0]!.status, payments.data[0]!.card], ['succeeded', { brand: 'mastercard', last4: '4444' }]);
      assert.ok((await readOutbox(sb.url, s.email)).some((m) => m.kind === 'access_restored'));
    });

    it('a new default that also declines leaves the account past due with the new attempt recorded', async () => {
      const s = await fresh('past-due-decline');
      await setAccountState(sb.url, s.userId, 'past_due');
      await add(s, '4000000000000341', { makeDefault: false });
      const failing = (await cards(s)).find((c) => c.last4 === '0341')!;
      assert.equal((await makeDefault(s, failing.id)).status, 200);
      const after = await account(sb.url, s.token);
      assert.equal(after.subscription!.status, 'past_due');
      assert.equal(after.latestPaymentFailure!.declineCode, 'generic_decline');
      assert.equal(after.latestPaymentFailure!.attemptCount, 2);
    });

    it('promoting a card by removing the failing default also retries at once', async () => {
      const s = await fresh('promote-retry');
      await setAccountState(sb.url, s.userId, 'past_due');
      await add(s, '4242424242424242', { makeDefault: false });
      const failing = (await cards(s)).find((c) => c.isDefault)!;
      assert.equal((await remove(s, failing.id)).status, 200);
      const after = await account(sb.url, s.token);
      assert.equal(after.subscription!.status, 'active');
      assert.equal(after.paymentMethod!.last4, '4242');
    });

    it('honours Idempotency-Key on POST default', async () => {
      const s = await fresh('idem-default');
      await add(s, '4242424242424242');
      await add(s, '5555555555554444', { makeDefault: false });
      const mc = (await cards(s)).find((c) => c.brand === 'mastercard')!;
      const first = await makeDefault(s, mc.id, { 'idempotency-key': 'default-1' });
      const again = await makeDefault(s, mc.id, { 'idempotency-key': 'default-1' });
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      assert.deepEqual(await again.json(), await first.json());
    });
  });

  describe('the account ETag', () => {
    it('changes when a card is added, edited, made default or removed', async () => {
      const s = await fresh('etag-cards');
      await add(s, '4242424242424242');
      const etag = async () => (await api(sb.url, s.token, ApiPaths.account)).headers.get('etag')!;
      const seen = [await etag()];
      assert.equal(await etag(), seen[0], 'stable while nothing changes');
      await add(s, '5555555555554444', { makeDefault: false });
      seen.push(await etag());
      const mc = (await cards(s)).find((c) => c.brand === 'mastercard')!;
      await editCard(await portalSession(sb.url, s.token, 'payment_method_update', undefined, mc.id), { expiry: '09/33' });
      seen.push(await etag());
      await makeDefault(s, mc.id);
      seen.push(await etag());
      await remove(s, (await cards(s)).find((c) => !c.isDefault)!.id);
      seen.push(await etag());
      assert.equal(new Set(seen).size, seen.length, `every change gives a new ETag: ${seen.join(' ')}`);
      const cached = await api(sb.url, s.token, ApiPaths.account, { headers: { 'if-none-match': seen.at(-1)! } });
      assert.equal(cached.status, 304);
    });

    it('answers 304 on GET /v1/payment-methods while the cards are unchanged', async () => {
      const s = await fresh('etag-list');
      await add(s, '4242424242424242');
      const first = await api(sb.url, s.token, ApiPaths.paymentMethods);
      const etag = first.headers.get('etag')!;
      assert.equal((await api(sb.url, s.token, ApiPaths.paymentMethods, { headers: { 'if-none-match': etag } })).status, 304);
      await add(s, '5555555555554444', { makeDefault: false });
      assert.equal((await api(sb.url, s.token, ApiPaths.paymentMethods, { headers: { 'if-none-match': etag } })).status, 200);
    });
  });

  describe('portal: add and edit with the billing address', () => {
    it('prefills the card address from the billing details, with a country select', async () => {
      const s = await fresh('prefill');
      const details = { name: 'Ada Lovelace', address: { line1: '12 St James Square', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' }, taxIds: [] };
      assert.equal((await api(sb.url, s.token, ApiPaths.billingDetails, { method: 'PUT', json: details })).status, 200);
      const { page } = await openPortal(await portalSession(sb.url, s.token, 'payment_method_add'));
      assert.equal(page.page, 'card-form');
      assert.match(page.html, /<input type="text" id="addressLine1" name="addressLine1" value="12 St James Square"/);
      assert.match(page.html, /<input type="text" id="addressPostalCode" name="addressPostalCode" value="SW1Y 4JH"/);
      assert.match(page.html, /<select id="addressCountry" name="addressCountry"/);
      assert.match(page.html, /<option value="GB" selected>United Kingdom/);
      assert.match(page.html, /<label for="addressCountry">Country<\/label>/);
      assert.match(page.html, /<button type="submit">Add<\/button>/);
      assert.doesNotMatch(page.html, /id="makeDefault"/, 'no default choice while there is no card yet');
      const result = await addCard(await portalSession(sb.url, s.token, 'payment_method_add'), { number: '4242424242424242' });
      assert.equal(result.outcome, 'card_added');
      assert.deepEqual((await cards(s))[0]!.billingAddress, details.address, 'the prefilled address is saved with the card');
    });

    it('validates the billing address with field errors like the billing details, saving nothing', async () => {
      const s = await fresh('address-errors');
      const result = await addCard(await portalSession(sb.url, s.token, 'payment_method_add'), {
        number: '4242424242424242',
        address: { line1: '', city: 'Toronto', state: 'Narnia', postalCode: '12345', country: 'CA' },
      });
      assert.equal(result.status, 422);
      assert.equal(result.outcome, 'invalid');
      assert.match(result.fieldErrors.addressLine1!, /street address/);
      assert.match(result.fieldErrors.addressPostalCode!, /not a valid postal code for CA/);
      assert.match(result.fieldErrors.addressState!, /not a Canadian province/);
      assert.match(result.page.html, /id="addressState"[^>]*aria-invalid="true"/);
      assert.deepEqual(await cards(s), []);
      const country = await addCard(await portalSession(sb.url, s.token, 'payment_method_add'), { number: '4242424242424242', address: { ...BERLIN, country: '' } });
      assert.match(country.fieldErrors.addressCountry!, /Choose a country/);
      // The form's maxlength is only a hint to the browser; the service holds the contract's limits.
      const long = await addCard(await portalSession(sb.url, s.token, 'payment_method_add'), { number: '4242424242424242', address: { ...BERLIN, line1: 'x'.repeat(201), country: 'DEU' } });
      assert.match(long.fieldErrors.addressLine1!, /too long \(200 characters at most\)/);
      assert.match(long.fieldErrors.addressCountry!, /too long/);
      assert.deepEqual(await cards(s), []);
    });

    it('edits a saved card: a new expiry and billing address, the number not asked again', async () => {
      const s = await fresh('edit');
      await add(s, '4242424242424242', { address: BERLIN, expiry: '01/30' });
      const visa = (await cards(s))[0]!;
      const url = await portalSession(sb.url, s.token, 'payment_method_update', undefined, visa.id);
      const { page } = await openPortal(url);
      assert.equal(page.page, 'card-edit');
      assert.match(page.html, /Edit your Visa ending in 4242/);
      assert.match(page.html, /id="cardExpiry" name="cardExpiry" value="01\/30"/);
      assert.match(page.html, /value="Invalidenstraße 116"/);
      assert.doesNotMatch(page.html, /id="cardNumber"|id="cardCvc"/, 'no number or CVC');
      assert.match(page.html, /<button type="submit">Save<\/button>/);

      const result = await editCard(await portalSession(sb.url, s.token, 'payment_method_update', undefined, visa.id), { expiry: '11/32', address: TORONTO });
      assert.equal(result.outcome, 'card_updated');
      assert.match(result.message!, /expires 11\/32/);
      const edited = (await cards(s))[0]!;
      assert.deepEqual({ ...edited, expMonth: 0, expYear: 0, billingAddress: null }, { ...visa, expMonth: 0, expYear: 0, billingAddress: null }, 'nothing else changed');
      assert.deepEqual([edited.expMonth, edited.expYear], [11, 2032]);
      assert.deepEqual(edited.billingAddress, TORONTO);
    });

    it('refuses an expired or malformed expiry on the edit page', async () => {
      const s = await fresh('edit-errors');
      await add(s, '4242424242424242');
      const visa = (await cards(s))[0]!;
      const past = await editCard(await portalSession(sb.url, s.token, 'payment_method_update', undefined, visa.id), { expiry: '01/20' });
      assert.equal(past.status, 422);
      assert.match(past.fieldErrors.cardExpiry!, /expired/);
      const garbage = await editCard(await portalSession(sb.url, s.token, 'payment_method_update', undefined, visa.id), { expiry: 'soon' });
      assert.match(garbage.fieldErrors.cardExpiry!, /MM\/YY/);
      assert.deepEqual((await cards(s))[0], visa);
    });

    it('editing the default card (a new expiry) retries what is owed at once', async () => {
      const s = await fresh('expired-fix');
      await add(s, '4242424242424242');
      await setAccountState(sb.url, s.userId, 'past_due');
      await setCardOutcome(sb.url, s.userId, 'succeed');
      const card = (await cards(s)).find((c) => c.isDefault)!;
      const result = await editCard(await portalSession(sb.url, s.token, 'payment_method_update', undefined, card.id), { expiry: '12/35' });
      assert.equal(result.outcome, 'card_updated');
      assert.equal(result.payment, 'paid');
      assert.equal((await account(sb.url, s.token)).subscription!.status, 'active');
    });

    it('refuses paymentMethodId for other flows and for cards not on the account', async () => {
      const a = await fresh('pm-session');
      const b = await fresh('pm-session-other');
      await add(b, '4242424242424242');
      const foreign = (await cards(b))[0]!;
      const post = (json: unknown) => api(sb.url, a.token, ApiPaths.portalSessions, { method: 'POST', json });
      const wrongFlow = await post({ flow: 'manage', returnUrl: PORTAL_RETURN_URL, paymentMethodId: foreign.id });
      assert.equal(wrongFlow.status, 422);
      assert.equal((await problemOf(wrongFlow)).errors![0]!.code, 'not_allowed');
      const notOwn = await post({ flow: 'payment_method_update', returnUrl: PORTAL_RETURN_URL, paymentMethodId: foreign.id });
      assert.equal(notOwn.status, 422);
      assert.equal((await problemOf(notOwn)).errors![0]!.code, 'unknown_payment_method');
    });

    it('answers a retried edit-card session (same Idempotency-Key) with a fresh link to the same card, never a stored one', async () => {
      const s = await fresh('pm-session-retry');
      await add(s, '4242424242424242');
      await add(s, '5555555555554444', { makeDefault: false });
      const mc = (await cards(s)).find((c) => c.last4 === '4444')!;
      const post = async (): Promise<{ res: Response; body: PortalSession }> => {
        const res = await api(sb.url, s.token, ApiPaths.portalSessions, {
          method: 'POST',
          json: { flow: 'payment_method_update', returnUrl: PORTAL_RETURN_URL, paymentMethodId: mc.id },
          headers: { 'idempotency-key': 'edit-card-1' },
        });
        assert.equal(res.status, 200);
        return { res, body: (await res.json()) as PortalSession };
      };
      const first = await post();
      const second = await post();
      assert.equal(second.res.headers.get('idempotent-replayed'), null, 'a fresh run, not a replay');
      assert.notEqual(second.body.url, first.body.url);
      assert.equal((await openPortal(first.body.url)).page.outcome, 'link_expired', 'the replaced link no longer works');
      const result = await editCard(second.body.url, { expiry: '10/36' });
      assert.equal(result.outcome, 'card_updated', 'the fresh link still edits the card it names');
      const edited = (await cards(s)).find((c) => c.id === mc.id)!;
      assert.deepEqual([edited.expMonth, edited.expYear, edited.isDefault], [10, 2036, false]);
    });

    it("shows a not-found page for another account's card in the portal", async () => {
      const a = await fresh('portal-foreign');
      const b = await fresh('portal-foreign-b');
      await add(b, '4242424242424242');
      const foreign = (await cards(b))[0]!;
      const { browser } = await openPortal(await portalSession(sb.url, a.token, 'manage'));
      const page = await browser.get(`${sb.url}/portal/cards/${foreign.id}`);
      assert.equal(page.status, 404);
      assert.equal(page.outcome, 'not_found');
    });

    it('lists the cards on the manage page with Edit links and Add payment method', async () => {
      const s = await fresh('manage-cards');
      await add(s, '4242424242424242');
      await add(s, '5200828282828210', { makeDefault: false });
      const { browser, page } = await openPortal(await portalSession(sb.url, s.token, 'manage'));
      assert.match(page.html, /Visa ending in 4242/);
      assert.match(page.html, /Mastercard ending in 8210/);
      assert.match(page.html, /<td>Debit<\/td>/);
      const form = await browser.follow(page, 'Add payment method');
      assert.equal(form.page, 'card-form');
      assert.match(form.html, /id="makeDefault" name="makeDefault" value="1" checked/);
      const edit = await browser.follow(page, 'Edit (Mastercard 8210)');
      assert.equal(edit.page, 'card-edit');
      const saved = resultOf(await browser.submit(edit, 'Save', { cardExpiry: '03/34' }));
      assert.equal(saved.outcome, 'card_updated');
    });

    it('runs 3-D Secure when adding a card and keeps the "default" choice through it', async () => {
      const s = await fresh('add-3ds');
      await add(s, '4242424242424242');
      const result = await addCard(await portalSession(sb.url, s.token, 'payment_method_add'), { number: '4000002760003184' }, { threeDS: 'approve', makeDefault: false });
      assert.equal(result.outcome, 'card_added');
      assert.deepEqual((await cards(s)).map((c) => [c.last4, c.isDefault]), [
        ['4242', true],
        ['3184', false],
      ]);
      const failed = await addCard(await portalSession(sb.url, s.token, 'payment_method_add'), { number: '4000002760003184' }, { threeDS: 'fail' });
      assert.equal(failed.outcome, 'authentication_failed');
      assert.equal((await cards(s)).length, 2);
    });

    it('keeps the decline test numbers: refused when added, nothing saved', async () => {
      const s = await fresh('add-decline');
      const result = await addCard(await portalSession(sb.url, s.token, 'payment_method_add'), { number: '4000000000009995' });
      assert.equal(result.status, 402);
      assert.equal(result.declineCode, 'insufficient_funds');
      assert.deepEqual(await cards(s), []);
    });
  });

  describe('brands, funding and security codes', () => {
    const TEST_NUMBERS: readonly [string, PaymentMethod['brand'], PaymentMethod['funding'], string?][] = [
      ['4242424242424242', 'visa', 'credit'],
      ['4000056655665556', 'visa', 'debit'],
      ['5555555555554444', 'mastercard', 'credit'],
      ['2223003122003222', 'mastercard', 'credit'],
      ['5200828282828210', 'mastercard', 'debit'],
      ['5105105105105100', 'mastercard', 'prepaid'],
      ['378282246310005', 'amex', 'credit', '1234'],
      ['371449635398431', 'amex', 'credit', '1234'],
      ['6011111111111117', 'discover', 'credit'],
      ['6011000990139424', 'discover', 'credit'],
      ['6011981111111113', 'discover', 'debit'],
      ['3056930009020004', 'diners', 'credit'],
      ['36227206271667', 'diners', 'credit'],
      ['3566002020360505', 'jcb', 'credit'],
      ['6200000000000005', 'unionpay', 'credit'],
      ['6200000000000047', 'unionpay', 'debit'],
      ['6205500000000000004', 'unionpay', 'credit'],
    ];

    it('detects the brand and funding of every public test number', async () => {
      const s = await fresh('brands');
      for (const [number, , , cvc] of TEST_NUMBERS) await add(s, number, { cvc, makeDefault: false });
      const key = (t: readonly string[]) => t.join(' ');
      assert.deepEqual(
        (await cards(s)).map((c) => key([c.last4, c.brand, c.funding])).sort(),
        TEST_NUMBERS.map(([number, brand, funding]) => key([number.slice(-4), brand, funding])).sort(),
      );
    });

    it('asks American Express for 4 digits and every other brand for 3', async () => {
      const s = await fresh('cvc');
      const url = () => portalSession(sb.url, s.token, 'payment_method_add');
      const amex3 = await addCard(await url(), { number: '378282246310005', cvc: '123' });
      assert.match(amex3.fieldErrors.cardCvc!, /American Express card has a 4-digit security code/);
      for (const number of ['4242424242424242', '5555555555554444', '6011111111111117', '3056930009020004', '3566002020360505', '6200000000000005']) {
        const four = await addCard(await url(), { number, cvc: '1234' });
        assert.match(four.fieldErrors.cardCvc ?? '', /3-digit security code/, number);
      }
      assert.deepEqual(await cards(s), []);
    });

    it('checks the number length of the brand and Luhn', async () => {
      const s = await fresh('length');
      const url = () => portalSession(sb.url, s.token, 'payment_method_add');
      const amex16 = await addCard(await url(), { number: '3782822463100050', cvc: '1234' });
      assert.match(amex16.fieldErrors.cardNumber!, /American Express card number has 15 digits/);
      const luhn = await addCard(await url(), { number: '6011111111111118' });
      assert.match(luhn.fieldErrors.cardNumber!, /not valid/);
    });

    it('treats an unknown brand that passes Luhn as a card of unknown funding with a 3 or 4 digit code', async () => {
      const s = await fresh('unknown-brand');
      await add(s, '9999999999999995', { cvc: '1234' });
      const [card] = await cards(s);
      assert.deepEqual([card!.brand, card!.funding], ['unknown', 'unknown']);
    });

    it('records the card of each charge as it was at the time', async () => {
      const s = await fresh('charge-card');
      await add(s, '378282246310005', { cvc: '1234' });
      await setAccountState(sb.url, s.userId, 'active');
      const payments = await getJson<PaymentList>(sb.url, s.token, ApiPaths.payments);
      assert.deepEqual(payments.data[0]!.card, { brand: 'amex', last4: '0005' });
    });
  });
});
