/**
 * The API client's calls for journeys 13 and 14 against a real sandbox: saved
 * cards (list, default, removal and its refusals with their code), invoice
 * details, the payments history with its cursor, and a portal session that
 * edits one card. No HTTP mocking.
 */
import { strict as assert } from 'node:assert';
import { ApiClient } from '../../../src/api/apiClient';
import { HttpTransport } from '../../../src/api/httpTransport';
import { cardProblemSentence } from '../../../src/panel/savedCards';
import { accountByEmail, createSession, setAccountState } from '../../support/sandboxAdmin';
import { editCard } from '../../support/portalDriver';
import { type SandboxProcess, startSandbox } from '../../support/sandboxProcess';
import { buildSandboxBundle } from '../../sandbox/harness';
import { recordingLogger } from '../support/memoryStores';
import { rejection } from '../support/rejection';

describe('ApiClient: saved cards, invoice details and payments against the real sandbox', function () {
  this.timeout(60_000);
  let sandbox: SandboxProcess;
  let counter = 0;

  before(async () => {
    buildSandboxBundle();
    sandbox = await startSandbox();
  });
  after(async () => {
    await sandbox?.stop();
  });

  const clientFor = async (email: string) => {
    const tokens = await createSession(sandbox.url, email);
    return new ApiClient({
      transport: new HttpTransport({ serviceUrl: () => sandbox.url, logger: recordingLogger().logger, backoffBaseMs: 50, random: () => 0.5 }),
      auth: { getAccessToken: async () => ({ token: tokens.access_token, origin: new URL(sandbox.url).origin }), renewAccessToken: async () => tokens.access_token },
    });
  };
  /** A fresh Pro account with the one card the demo state gives it. */
  const freshActive = async () => {
    const email = `cards-${Date.now().toString(36)}-${++counter}@sandbox.test`;
    const api = await clientFor(email);
    await setAccountState(sandbox.url, (await accountByEmail(sandbox.url, email)).id, 'active');
    return api;
  };

  it('lists the cards, default first; makes another the default; removes the old one — each answering the new list', async () => {
    const api = await clientFor('pro@sandbox.test');
    const { data } = await api.listPaymentMethods();
    assert.ok(data.length >= 2, 'pro@ has a second card');
    assert.equal(data[0]?.isDefault, true);
    assert.equal(data.filter((c) => c.isDefault).length, 1);
    const [old, other] = data as [(typeof data)[0], (typeof data)[0]];
    const afterDefault = await api.setDefaultPaymentMethod(other.id, 'default-1');
    assert.equal(afterDefault.data[0]?.id, other.id);
    assert.equal(afterDefault.data.find((c) => c.id === old.id)?.isDefault, false);
    const account = await api.getAccount();
    assert.ok(!account.notModified && account.body.paymentMethod?.id === other.id, 'the summary carries the new default');
    const afterRemove = await api.removePaymentMethod(old.id, 'remove-1');
    assert.equal(afterRemove.data.some((c) => c.id === old.id), false);
    // The same key again (a retry after a lost answer) gets the first answer, not a 404.
    assert.deepEqual(await api.removePaymentMethod(old.id, 'remove-1'), afterRemove);
  });

  it("refuses to remove a subscription's only card, with the code the panel words", async () => {
    const api = await freshActive();
    const [only] = (await api.listPaymentMethods()).data;
    assert.ok(only);
    const error = await rejection(api.removePaymentMethod(only.id, 'remove-only'));
    assert.equal(error.status, 409);
    assert.equal(error.details.problemCode, 'last_payment_method');
    assert.match(cardProblemSentence(error), /Add another card first/);
  });

  it('answers 404 with its code for a card that is not the account’s', async () => {
    const api = await freshActive();
    const other = (await (await clientFor('pro@sandbox.test')).listPaymentMethods()).data[0]!;
    const error = await rejection(api.setDefaultPaymentMethod(other.id, 'default-foreign'));
    assert.equal(error.status, 404);
    assert.equal(error.details.problemCode, 'payment_method_not_found');
  });

  it("reads an invoice's details: its lines, tax, totals and payment attempts", async () => {
    const api = await clientFor('pro@sandbox.test');
    const [listed] = (await api.listInvoices({ limit: 1 })).data;
    assert.ok(listed);
    const { invoice, payments } = await api.getInvoice(listed.id);
    assert.equal(invoice.id, listed.id);
    assert.equal(invoice.subtotal.amount + invoice.tax.amount, invoice.total.amount);
    assert.equal(invoice.taxLines.reduce((sum, line) => sum + line.amount.amount, 0), invoice.tax.amount);
    assert.ok(payments.every((p) => p.invoiceId === invoice.id));
    const error = await rejection(api.getInvoice('in_not_mine'));
    assert.equal(error.status, 404);
  });

  it('pages through the payments with the cursor, newest first, each once', async () => {
    const api = await clientFor('pro@sandbox.test');
    const first = await api.listPayments({ limit: 3 });
    assert.equal(first.data.length, 3);
    assert.ok(first.hasMore && first.nextCursor);
    const second = await api.listPayments({ limit: 3, startingAfter: first.nextCursor });
    const ids = [...first.data, ...second.data].map((p) => p.id);
    assert.equal(new Set(ids).size, ids.length);
    const times = [...first.data, ...second.data].map((p) => Date.parse(p.created));
    assert.deepEqual(times, [...times].sort((a, b) => b - a));
  });

  it('opens a portal session on one card: its edit page saves a new expiry', async () => {
    const api = await freshActive();
    const [card] = (await api.listPaymentMethods()).data;
    assert.ok(card);
    const session = await api.createPortalSession('payment_method_update', 'vscode://planbilling.plan-billing/portal-return', { paymentMethodId: card.id });
    const result = await editCard(session.url, { expiry: '07/33' });
    assert.ok(result.outcome, `portal outcome ${String(result.outcome)}`);
    const edited = (await api.listPaymentMethods()).data.find((c) => c.id === card.id);
    assert.deepEqual([edited?.expMonth, edited?.expYear], [7, 2033]);
    const refused = await rejection(api.createPortalSession('manage', 'vscode://planbilling.plan-billing/portal-return', { paymentMethodId: card.id }));
    assert.equal(refused.kind, 'validation');
  });
});
