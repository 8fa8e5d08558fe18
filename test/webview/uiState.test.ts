import assert from 'node:assert/strict';
import { INITIAL_UI_STATE, parseUiState, type UiState } from '../../webview/app/uiState';
import { draftFromDetails } from '../../webview/billing/billingDraft';
import { BILLING_DETAILS } from './fixtures';

describe('UI state kept across reloads', () => {
  const saved: UiState = {
    version: 1,
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
  });
});
