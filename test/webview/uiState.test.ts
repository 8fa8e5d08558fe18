import assert from 'node:assert/strict';
import { INITIAL_UI_STATE, parseUiState, type UiState } from '../../webview/app/uiState';
import { draftFromDetails } from '../../webview/billing/billingDraft';
import { BILLING_DETAILS } from './fixtures';

describe('UI state kept across reloads', () => {
  const saved: UiState = {
    version: 1,
    view: { kind: 'invoice', invoiceId: 'in_0042', from: 'payments' },
    listScroll: { overview: 880, payments: 120 },
    billingEdit: {
      draft: draftFromDetails(BILLING_DETAILS),
      pendingRequestId: 'c0ffee00-0000-4000-8000-000000000000',
      fieldErrors: [{ field: 'taxIds.0.value', code: 'invalid_tax_id', message: 'Not a UK VAT number.' }],
      message: null,
    },
    billingSaved: false,
    scrollY: 640,
  };

  it('reads back what the page stored', () => {
    assert.deepEqual(parseUiState(structuredClone(saved)), saved);
  });

  it('starts fresh from nothing or from another version', () => {
    assert.deepEqual(parseUiState(undefined), INITIAL_UI_STATE);
    assert.deepEqual(parseUiState({ version: 2, billingEdit: saved.billingEdit }), INITIAL_UI_STATE);
    assert.deepEqual(parseUiState('garbage'), INITIAL_UI_STATE);
  });

  it('drops a damaged draft but keeps the rest', () => {
    const damaged = { ...saved, billingEdit: { ...saved.billingEdit, draft: { name: 42 } } };
    assert.deepEqual(parseUiState(damaged), { ...saved, billingEdit: null });
    const unknownTaxType = structuredClone(saved);
    (unknownTaxType.billingEdit!.draft.taxIds[0] as { type: string }).type = 'xx_vat';
    assert.equal(parseUiState(unknownTaxType).billingEdit, null);
  });

  it('never restores a negative or non-numeric scroll position', () => {
    assert.equal(parseUiState({ ...saved, scrollY: -5 }).scrollY, 0);
    assert.equal(parseUiState({ ...saved, scrollY: 'top' }).scrollY, 0);
    assert.deepEqual(parseUiState({ ...saved, listScroll: { overview: -1, payments: Number.NaN } }).listScroll, { overview: 0, payments: 0 });
    assert.deepEqual(parseUiState({ ...saved, listScroll: 'x' }).listScroll, { overview: 0, payments: 0 });
  });

  it('restores the open view: the overview, the payments or one invoice', () => {
    assert.deepEqual(parseUiState({ ...saved, view: { kind: 'payments' } }).view, { kind: 'payments' });
    assert.deepEqual(parseUiState({ ...saved, view: { kind: 'overview' } }).view, { kind: 'overview' });
    assert.deepEqual(parseUiState(saved).view, { kind: 'invoice', invoiceId: 'in_0042', from: 'payments' });
  });

  it('falls back to the overview for a view it cannot show, and to it as the way back', () => {
    const state = (view: unknown) => parseUiState({ ...saved, view }).view;
    assert.deepEqual(state(undefined), { kind: 'overview' }, 'stored before views existed');
    assert.deepEqual(state({ kind: 'settings' }), { kind: 'overview' });
    assert.deepEqual(state({ kind: 'invoice' }), { kind: 'overview' }, 'no invoice id');
    assert.deepEqual(state({ kind: 'invoice', invoiceId: 42 }), { kind: 'overview' });
    assert.deepEqual(state({ kind: 'invoice', invoiceId: '' }), { kind: 'overview' });
    assert.deepEqual(state({ kind: 'invoice', invoiceId: 'x'.repeat(65) }), { kind: 'overview' }, 'an id the host would drop');
    assert.deepEqual(state({ kind: 'invoice', invoiceId: 'in_1', from: 'nowhere' }), { kind: 'invoice', invoiceId: 'in_1', from: 'overview' });
  });

  it('restores the plan views: the tiers with their interval, a preview as the tiers (previews live in the host), the cancel dialog', () => {
    const view = (v: unknown) => parseUiState({ ...INITIAL_UI_STATE, view: v }).view;
    assert.deepEqual(view({ kind: 'plans', highlight: 'power', interval: 'year' }), { kind: 'plans', highlight: 'power', interval: 'year' });
    assert.deepEqual(view({ kind: 'plans', highlight: 'enterprise', interval: 'week' }), { kind: 'plans', highlight: null, interval: 'month' });
    assert.deepEqual(view({ kind: 'planPreview', planId: 'pro_plus', interval: 'year' }), { kind: 'plans', highlight: 'pro_plus', interval: 'year' });
    assert.deepEqual(view({ kind: 'planPreview', planId: 'nope', interval: 'year' }), { kind: 'overview' });
    assert.deepEqual(view({ kind: 'cancel' }), { kind: 'cancel' });
  });
});
