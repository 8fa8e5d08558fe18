/**
 * The panel's saved cards: the list, make-default and remove (with the
 * confirmation), one change at a time, the service's refusals as sentences,
 * and nothing of a signed-out account showing. The client is an in-memory
 * stand-in for the three calls (the calls themselves are tested against the
 * sandbox in test/unit/api/).
 */
import { strict as assert } from 'node:assert';
import { type PaymentMethod } from '../../../shared/contract/paymentMethods';
import { ApiError } from '../../../src/api/apiError';
import { SavedCards } from '../../../src/panel/savedCards';
import { card } from '../support/fixtures';

const visa = card();
const mastercard = card({ id: 'pm_2', brand: 'mastercard', last4: '8210', funding: 'debit', isDefault: false });

/** A deferred answer the test releases. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

function setup(list: PaymentMethod[] = [visa, mastercard]) {
  const calls: string[] = [];
  let answer: () => Promise<{ data: PaymentMethod[] }> = async () => ({ data: list });
  let changes = 0;
  const cards = new SavedCards({
    client: {
      listPaymentMethods: async () => (calls.push('list'), answer()),
      setDefaultPaymentMethod: async (id) => (calls.push(`default ${id}`), answer()),
      removePaymentMethod: async (id) => (calls.push(`remove ${id}`), answer()),
    },
    onChange: () => void (changes += 1),
  });
  return { cards, calls, answerWith: (next: () => Promise<{ data: PaymentMethod[] }>) => (answer = next), changes: () => changes };
}

describe('SavedCards', () => {
  it('fetches the list once, and says when it is loaded', async () => {
    const { cards, calls } = setup();
    // A copy: deepEqual asserts the type of what it compares, and the getter would stay narrowed to it.
    assert.deepEqual({ ...cards.view }, { items: [], loaded: false, loading: false, error: null, pending: null });
    await cards.ensureLoaded();
    await cards.ensureLoaded();
    assert.deepEqual(calls, ['list']);
    assert.equal(cards.view.loaded, true);
    assert.deepEqual(cards.view.items.map((c) => c.id), ['pm_1', 'pm_2']);
    assert.equal(cards.find('pm_2')?.last4, '8210');
    assert.equal(cards.find('pm_other'), undefined);
  });

  it('a list that failed shows why and keeps the last one', async () => {
    const { cards, answerWith } = setup();
    await cards.reload();
    answerWith(async () => Promise.reject(new ApiError('offline', "Can't reach the billing service.")));
    await cards.reload();
    assert.equal(cards.view.error?.kind, 'offline');
    assert.equal(cards.view.items.length, 2);
  });

  it('make default: pending while it runs, then the list the service answered', async () => {
    const { cards, calls, answerWith } = setup();
    await cards.reload();
    const answer = deferred<{ data: PaymentMethod[] }>();
    answerWith(() => answer.promise);
    const running = cards.change('makeDefault', mastercard);
    assert.deepEqual(cards.view.pending, { paymentMethodId: 'pm_2', action: 'makeDefault' });
    answer.resolve({ data: [{ ...mastercard, isDefault: true }, { ...visa, isDefault: false }] });
    assert.deepEqual(await running, { status: 'done' });
    assert.deepEqual(calls, ['list', 'default pm_2']);
    assert.equal(cards.view.pending, null);
    assert.equal(cards.view.items[0]?.id, 'pm_2');
  });

  it('remove asks first; declined, nothing is sent', async () => {
    const { cards, calls } = setup();
    await cards.reload();
    let asked = 0;
    const outcome = await cards.change('remove', visa, async () => {
      asked += 1;
      assert.deepEqual(cards.view.pending, { paymentMethodId: 'pm_1', action: 'remove' }, 'pending while asking');
      return false;
    });
    assert.deepEqual(outcome, { status: 'cancelled' });
    assert.equal(asked, 1);
    assert.deepEqual(calls, ['list']);
    assert.equal(cards.view.pending, null);
  });

  it('remove, confirmed, shows the list without the card', async () => {
    const { cards, answerWith } = setup();
    await cards.reload();
    answerWith(async () => ({ data: [{ ...mastercard, isDefault: true }] }));
    assert.deepEqual(await cards.change('remove', visa, async () => true), { status: 'done' });
    assert.deepEqual(cards.view.items.map((c) => c.id), ['pm_2']);
  });

  it('one change at a time', async () => {
    const { cards, answerWith } = setup();
    await cards.reload();
    const answer = deferred<{ data: PaymentMethod[] }>();
    answerWith(() => answer.promise);
    const first = cards.change('makeDefault', mastercard);
    const second = await cards.change('remove', visa, async () => true);
    assert.equal(second.status, 'failed');
    assert.match(second.status === 'failed' ? second.message : '', /still in progress/);
    answer.resolve({ data: [visa, mastercard] });
    assert.equal((await first).status, 'done');
  });

  it("the only card of a subscription that still charges: the service's refusal as a sentence, the list refetched", async () => {
    const { cards, calls, answerWith } = setup([visa]);
    await cards.reload();
    answerWith(async () => Promise.reject(new ApiError('unknown', 'Payment method is in use', { status: 409, problemCode: 'last_payment_method' })));
    const outcome = await cards.change('remove', visa, async () => true);
    assert.deepEqual(outcome, {
      status: 'failed',
      message: 'This is the only card of a subscription that still charges. Add another card first, then remove this one.',
    });
    assert.equal(calls.filter((c) => c === 'list').length, 2, 'the list as it is now');
  });

  it("a refusal with a code it doesn't know: the service's own words", async () => {
    const { cards, answerWith } = setup();
    await cards.reload();
    answerWith(async () => Promise.reject(new ApiError('unknown', 'Cards cannot be changed during a dispute.', { status: 409, problemCode: 'in_dispute' })));
    assert.deepEqual(await cards.change('makeDefault', mastercard), { status: 'failed', message: 'Cards cannot be changed during a dispute.' });
  });

  it('an answer after a sign-out shows nothing of the old account', async () => {
    const { cards, answerWith } = setup();
    await cards.reload();
    const answer = deferred<{ data: PaymentMethod[] }>();
    answerWith(() => answer.promise);
    const running = cards.change('makeDefault', mastercard);
    cards.reset();
    answer.resolve({ data: [mastercard] });
    assert.equal((await running).status, 'cancelled');
    assert.deepEqual(cards.view, { items: [], loaded: false, loading: false, error: null, pending: null });
  });
});
