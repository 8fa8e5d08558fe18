import { strict as assert } from 'node:assert';
import { declineAdvice } from '../../../shared/declineAdvice';
import { formatEnglish } from '../../../shared/l10n';

describe("declineAdvice: the help page's troubleshooting", () => {
  const cases: Array<[string, RegExp, string]> = [
    ['expired_card', /Update the card with its new expiry date/, 'updatePaymentMethod'],
    ['insufficient_funds', /Use another card, or add funds and pay again/, 'addPaymentMethod'],
    ['lost_card', /Add another card/, 'addPaymentMethod'],
    ['stolen_card', /Add another card/, 'addPaymentMethod'],
    ['no_payment_method', /Add a card to pay/, 'addPaymentMethod'],
    ['authentication_required', /complete the check in the payment portal/, 'payNow'],
    ['generic_decline', /Contact your bank, then pay again/, 'payNow'],
    ['do_not_honor', /Contact your bank, then pay again/, 'payNow'],
    ['something_new', /Contact your bank, then pay again/, 'payNow'],
  ];
  for (const [code, step, action] of cases) {
    it(`${code} → ${action}`, () => {
      const advice = declineAdvice(formatEnglish, code);
      assert.match(advice.step, step);
      assert.equal(advice.action, action);
      // The whole advice ends with the same step.
      assert.ok(advice.advice.endsWith(advice.step.replace(/^Update the card/, 'Update it')), advice.advice);
    });
  }
});
