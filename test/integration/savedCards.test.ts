// Journey 13 of docs/journeys.md in the real host: the panel lists every
// saved card, makes one the default and removes one after a modal
// confirmation (a scripted prompter answers it), words the service's refusal,
// edits a card in the portal (openExternal only for the service's origin) and
// drops messages naming cards that are not the account's.
import * as assert from 'node:assert/strict';
import { editCard } from '../support/portalDriver';
import { setAccountState } from '../support/sandboxAdmin';
import { addCardInPortal, mark, posted, showPanelAs, stateWhere, type Posted } from './support/panel';
import { captureExternal, planBilling, resetCore, sandboxUrl, scriptedPrompter, uniqueEmail, until } from './support/planBilling';

const isCardResult = (m: Parameters<Parameters<typeof posted>[0]>[0]): m is Posted<'paymentMethodResult'> => m.type === 'paymentMethodResult';

/** A fresh Pro account with its Visa and a Mastercard debit card added beside it, shown in the panel. */
async function twoCardAccount(label: string) {
  const { t } = await planBilling();
  const session = await showPanelAs(uniqueEmail(label));
  await setAccountState(sandboxUrl(), session.accountId, 'active');
  const added = await addCardInPortal(session.tokens.access_token, { number: '5200828282828210', name: 'Integration Tester' }, { makeDefault: false });
  assert.equal(added.outcome, 'card_added', `portal outcome ${String(added.outcome)} ${added.message ?? ''}`);
  await t.refresh('manual');
  const state = await stateWhere((s) => s.paymentMethods.items.length === 2 && !s.paymentMethods.loading, 'both cards in the panel');
  const [visa, mastercard] = state.paymentMethods.items;
  assert.ok(visa && mastercard);
  assert.equal(visa.isDefault, true);
  assert.deepEqual([mastercard.brand, mastercard.last4, mastercard.funding, mastercard.isDefault], ['mastercard', '8210', 'debit', false]);
  return { ...session, visa, mastercard };
}

describe('saved payment methods in the panel', () => {
  beforeEach(resetCore);
  after(resetCore);

  it('makes another card the default: the list and the account summary follow', async () => {
    const { t } = await planBilling();
    const { mastercard } = await twoCardAccount('make-default');
    const since = await mark();
    assert.equal(await t.panel.postFromWebview({ type: 'makeDefaultPaymentMethod', paymentMethodId: mastercard.id }), true);
    const reply = await posted(isCardResult, 'the make-default reply', since);
    assert.deepEqual(reply, { type: 'paymentMethodResult', action: 'makeDefault', paymentMethodId: mastercard.id, status: 'done', message: null });
    await stateWhere((s) => s.paymentMethods.items[0]?.id === mastercard.id && s.paymentMethods.items[0].isDefault, 'the Mastercard first, as the default');
    await until(() => (t.snapshot().account?.paymentMethod?.id === mastercard.id ? true : undefined), 'the summary’s default card');
    await stateWhere((s) => s.account?.paymentMethod?.last4 === '8210', 'the panel’s summary');
  });

  it('removes a card only once the modal confirmation says so', async () => {
    const { t } = await planBilling();
    const { visa, mastercard } = await twoCardAccount('remove');
    // Dismissed: nothing is removed.
    const dismiss = scriptedPrompter(() => undefined);
    t.setPrompter(dismiss);
    let since = await mark();
    await t.panel.postFromWebview({ type: 'removePaymentMethod', paymentMethodId: mastercard.id });
    assert.equal((await posted(isCardResult, 'the cancelled reply', since)).status, 'cancelled');
    const asked = dismiss.prompts.at(-1);
    assert.ok(asked?.modal, 'a modal confirmation');
    assert.equal(asked.message, 'Remove the Mastercard card ending 8210?');
    assert.deepEqual(asked.actions, ['Remove']);
    assert.equal(t.panel.posted().filter((m) => m.type === 'state').at(-1)?.state.paymentMethods.items.length, 2);

    // Confirmed: the card goes.
    const confirm = scriptedPrompter((p) => (p.modal && p.actions.includes('Remove') ? 'Remove' : undefined));
    t.setPrompter(confirm);
    since = await mark();
    await t.panel.postFromWebview({ type: 'removePaymentMethod', paymentMethodId: mastercard.id });
    assert.equal((await posted(isCardResult, 'the removal reply', since)).status, 'done');
    const after = await stateWhere((s) => s.paymentMethods.items.length === 1, 'one card left');
    assert.equal(after.paymentMethods.items[0]?.id, visa.id);
  });

  it("says why the subscription's only card cannot go: add another card first", async () => {
    const { t } = await planBilling();
    const session = await showPanelAs(uniqueEmail('last-card'));
    await setAccountState(sandboxUrl(), session.accountId, 'active');
    await t.refresh('manual');
    const state = await stateWhere((s) => s.paymentMethods.items.length === 1 && s.kind === 'active', 'the one card');
    t.setPrompter(scriptedPrompter((p) => (p.modal ? 'Remove' : undefined)));
    const since = await mark();
    await t.panel.postFromWebview({ type: 'removePaymentMethod', paymentMethodId: state.paymentMethods.items[0]!.id });
    const reply = await posted(isCardResult, 'the refusal', since);
    assert.equal(reply.status, 'failed');
    assert.match(reply.message ?? '', /Add another card first, then remove this one\./);
  });

  it('edits a card in the portal opened on the service origin, and the panel shows the new expiry', async () => {
    const { t } = await planBilling();
    const { mastercard } = await twoCardAccount('edit');
    const external = captureExternal(t);
    await t.panel.postFromWebview({ type: 'openPortal', flow: 'payment_method_update', paymentMethodId: mastercard.id });
    const url = await external.next();
    assert.equal(new URL(url).origin, new URL(sandboxUrl()).origin, 'openExternal got the service’s portal');
    const result = await editCard(url, { expiry: '03/33' });
    assert.ok(result.outcome, `portal outcome ${String(result.outcome)}`);
    const edited = await stateWhere(
      (s) => s.paymentMethods.items.some((c) => c.id === mastercard.id && c.expMonth === 3 && c.expYear === 2033) && s.portal.confirmation !== null,
      'the new expiry and a confirmation',
      60_000,
    );
    assert.equal(edited.portal.confirmation, 'Card ending 8210 updated.');
  });

  it("drops messages that name a card that is not the account's, and asks the service nothing", async () => {
    const { t } = await planBilling();
    const { visa } = await twoCardAccount('foreign');
    const external = captureExternal(t);
    const prompter = scriptedPrompter(() => 'Remove');
    t.setPrompter(prompter);
    const droppedBefore = t.panel.dropped().length;
    const forged: unknown[] = [
      { type: 'makeDefaultPaymentMethod', paymentMethodId: 'pm_not_mine' },
      { type: 'removePaymentMethod', paymentMethodId: 'pm_not_mine' },
      { type: 'openPortal', flow: 'payment_method_update', paymentMethodId: 'pm_not_mine' },
      { type: 'openPortal', flow: 'manage', paymentMethodId: visa.id },
      { type: 'openPortal', flow: 'payment_method_add', paymentMethodId: visa.id },
      { type: 'removePaymentMethod', paymentMethodId: visa.id, confirm: false },
      { type: 'makeDefaultPaymentMethod', paymentMethodId: 'x'.repeat(65) },
    ];
    for (const message of forged) assert.equal(await t.panel.postFromWebview(message), false, JSON.stringify(message));
    assert.equal(t.panel.dropped().length, droppedBefore + forged.length);
    assert.deepEqual(external.urls, [], 'nothing reached openExternal');
    assert.deepEqual(prompter.prompts, [], 'nothing was asked');
    assert.ok(t.logs().some((line) => line.includes('not a saved card of this account')));
    const state = t.panel.posted().filter((m) => m.type === 'state').at(-1)?.state;
    assert.equal(state?.paymentMethods.items.length, 2, 'both cards still there');
  });
});
