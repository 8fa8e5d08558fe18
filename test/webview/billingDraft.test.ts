import assert from 'node:assert/strict';
import { COUNTRY_CODES } from '../../shared/countries';
import { COUNTRIES } from '../../shared/countries';
import {
  checkDraft,
  draftFromDetails,
  draftToInput,
  errorFor,
  errorsWithoutField,
} from '../../webview/billing/billingDraft';
import { createTranslator } from '../../webview/l10n/translate';
import { BILLING_DETAILS } from './fixtures';

const t = createTranslator({});

describe('billing draft', () => {
  it('starts from the current details and turns back into the same request body', () => {
    const draft = draftFromDetails(BILLING_DETAILS);
    assert.equal(draft.country, 'GB');
    assert.deepEqual(draftToInput(draft), {
      name: 'Ada Lovelace',
      address: { line1: '12 Analytical Row', line2: 'Flat 3', city: 'London', postalCode: 'EC1A 1BB', country: 'GB' },
      taxIds: [{ type: 'gb_vat', value: 'GB123456789' }],
    });
  });

  it('starts empty for an account without an address', () => {
    const draft = draftFromDetails({ name: '', email: 'free@sandbox.test', address: null, taxIds: [] });
    assert.deepEqual(draft, { name: '', line1: '', line2: '', city: '', state: '', postalCode: '', country: '', taxIds: [] });
  });

  it('trims what was typed and leaves empty optional lines out', () => {
    const draft = { ...draftFromDetails(BILLING_DETAILS), name: '  Ada  ', line2: '   ', state: '', country: 'de' };
    const input = draftToInput(draft);
    assert.equal(input.name, 'Ada');
    assert.equal('line2' in input.address, false);
    assert.equal('state' in input.address, false);
    assert.equal(input.address.country, 'DE');
  });

  it('finds missing required fields and empty tax ID rows before asking the service', () => {
    const draft = { ...draftFromDetails(BILLING_DETAILS), city: ' ', taxIds: [{ type: 'eu_vat' as const, value: '' }] };
    assert.deepEqual(
      checkDraft(t, draft).map((e) => [e.field, e.code]),
      [
        ['address.city', 'required'],
        ['taxIds.0.value', 'required'],
      ],
    );
    assert.deepEqual(checkDraft(t, draftFromDetails(BILLING_DETAILS)), []);
  });

  it('leaves postal codes to the service, since some countries have none', () => {
    const draft = { ...draftFromDetails(BILLING_DETAILS), postalCode: '', country: 'HK' };
    assert.deepEqual(checkDraft(t, draft), []);
  });

  it('matches errors to fields by path and keeps the rest for the summary', () => {
    const draft = draftFromDetails(BILLING_DETAILS);
    const errors = [
      { field: 'taxIds.0.value', code: 'invalid_tax_id', message: 'Not a UK VAT number.' },
      { field: 'taxIds.0.value', code: 'duplicate', message: 'Listed twice.' },
      { field: 'taxIds', code: 'too_many', message: 'At most 5 tax IDs.' },
      { field: 'address.country', code: 'unknown_country', message: 'Unknown country.' },
    ];
    assert.equal(errorFor(errors, 'taxIds.0.value'), 'Not a UK VAT number. Listed twice.');
    assert.equal(errorFor(errors, 'name'), undefined);
    assert.deepEqual(
      errorsWithoutField(errors, draft).map((e) => e.field),
      ['taxIds'],
    );
  });

  it('offers exactly the countries the billing service accepts', () => {
    assert.equal(COUNTRY_CODES.length, 249);
    assert.deepEqual([...COUNTRY_CODES].sort(), Object.keys(COUNTRIES).sort());
  });
});
