/** Billing information: the view, the edit form, the service's field errors, saving, and surviving a reload. */
import assert from 'node:assert/strict';
import { cleanup, within } from '@testing-library/preact';
import { type BillingDetailsInput } from '../../shared/contract/billingDetails';
import { INITIAL_UI_STATE } from '../../webview/app/uiState';
import { fixtures } from './fixtures';
import { button, hasButton, renderPanel, type PanelHarness } from './support/renderPanel';

const section = () => document.getElementById('billing-info') as HTMLElement;
const input = (path: string) => {
  const element = document.getElementById(`billing-${path.replace(/\./g, '-')}`);
  assert.ok(element, `no field for ${path}`);
  return element as HTMLInputElement;
};
/** The error text shown in the same field block as the input for `path`. */
const errorNextTo = (path: string) => input(path).closest('.field')?.querySelector('.field__error')?.textContent ?? null;
const liveRegion = () => (document.querySelector('[aria-live="polite"]')?.textContent ?? '').trim();

async function openForm(): Promise<PanelHarness> {
  const panel = await renderPanel({ state: fixtures.activeExpiringCard });
  await panel.click(button(section(), 'Edit'));
  return panel;
}

const EXPECTED_BODY: BillingDetailsInput = {
  name: 'Ada Lovelace',
  address: { line1: '12 Analytical Row', line2: 'Flat 3', city: 'London', postalCode: 'EC1A 1BB', country: 'GB' },
  taxIds: [{ type: 'gb_vat', value: 'GB123456789' }],
};

describe('panel: billing information (view)', () => {
  it('shows name, invoice email, address with the country named, and tax IDs with readable types', async () => {
    await renderPanel({ state: fixtures.activeExpiringCard });
    const text = section().textContent ?? '';
    assert.match(text, /NameAda Lovelace/);
    assert.match(text, /Invoices sent topro@sandbox\.test/);
    assert.deepEqual(
      [...section().querySelectorAll('address .address-line')].map((l) => l.textContent),
      ['12 Analytical Row', 'Flat 3', 'EC1A 1BB London', 'United Kingdom'],
    );
    assert.match(text, /Tax IDsUK VAT number GB123456789/);
  });

  it('without any details: says so and offers to add them', async () => {
    await renderPanel({ state: fixtures.free });
    assert.ok(within(section()).getByText('No billing information yet. It appears on your invoices.'));
    assert.ok(hasButton(section(), 'Add billing information'));
  });
});

describe('panel: billing information (edit form)', () => {
  it('opens with the current details, a country select and a tax ID type select', async () => {
    await openForm();
    assert.ok(within(section()).getByRole('form', { name: 'Edit billing information' }));
    assert.equal(input('name').value, 'Ada Lovelace');
    assert.equal(input('address.line2').value, 'Flat 3');
    assert.equal(input('address.postalCode').value, 'EC1A 1BB');
    assert.equal(input('taxIds.0.value').value, 'GB123456789');
    assert.equal(hasButton(section(), 'Edit'), false);
  });

  it('offers every ISO 3166-1 country by name, alphabetically, with the current one chosen', async () => {
    await openForm();
    const select = input('address.country') as unknown as HTMLSelectElement;
    const options = [...select.querySelectorAll('option')];
    assert.equal(options.length, 1 + 249);
    assert.equal(options[0].value, '');
    assert.equal(options[0].textContent, 'Choose a country');
    const names = options.slice(1).map((o) => o.textContent ?? '');
    assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b, 'en-US')));
    assert.equal(options.find((o) => o.value === 'DE')?.textContent, 'Germany');
    assert.equal(select.value, 'GB');
  });

  it("names countries in the editor's display language", async () => {
    const panel = await renderPanel({ state: fixtures.activeExpiringCard, locale: 'de' });
    await panel.click(button(section(), 'Edit'));
    const select = input('address.country') as unknown as HTMLSelectElement;
    assert.equal(select.querySelector('option[value="DE"]')?.textContent, 'Deutschland');
    assert.equal(select.querySelector('option[value="GB"]')?.textContent, 'Vereinigtes Königreich');
  });

  it('offers the contract tax ID types with readable labels', async () => {
    await openForm();
    const select = input('taxIds.0.type') as unknown as HTMLSelectElement;
    assert.deepEqual(
      [...select.querySelectorAll('option')].map((o) => [o.value, o.textContent]),
      [
        ['eu_vat', 'EU VAT number'],
        ['gb_vat', 'UK VAT number'],
        ['us_ein', 'US Employer Identification Number (EIN)'],
        ['au_abn', 'Australian Business Number (ABN)'],
        ['ca_bn', 'Canadian Business Number (BN)'],
        ['in_gst', 'Indian GST number (GSTIN)'],
      ],
    );
    assert.equal(select.value, 'gb_vat');
    // The number field shows an example of the chosen type's format.
    assert.equal((input('taxIds.0.value') as unknown as { placeholder: string }).placeholder, 'e.g. GB123456782');
  });

  it('Save without changes sends the current details as they are', async () => {
    const panel = await openForm();
    await panel.click(button(section(), 'Save'));
    assert.deepEqual(panel.posted('saveBillingDetails')[0].details, EXPECTED_BODY);
  });

  it('Save sends the edited details with a request id, and shows that it is saving', async () => {
    const panel = await openForm();
    await panel.typeInto(input('name'), '  Ada King ');
    await panel.choose(input('address.country'), 'DE');
    await panel.typeInto(input('address.postalCode'), '10115');
    await panel.typeInto(input('address.city'), 'Berlin');
    await panel.choose(input('taxIds.0.type'), 'eu_vat');
    await panel.typeInto(input('taxIds.0.value'), 'DE123456789');
    await panel.click(button(section(), 'Save'));
    const [save] = panel.posted('saveBillingDetails');
    assert.match(save.requestId, /^[0-9a-f-]{36}$/);
    assert.deepEqual(save.details, {
      name: 'Ada King',
      address: { line1: '12 Analytical Row', line2: 'Flat 3', city: 'Berlin', postalCode: '10115', country: 'DE' },
      taxIds: [{ type: 'eu_vat', value: 'DE123456789' }],
    });
    const saving = button(section(), 'Saving…');
    assert.equal(saving.getAttribute('aria-busy'), 'true');
    await panel.click(saving);
    assert.equal(panel.posted('saveBillingDetails').length, 1, 'one save in flight at a time');
  });

  it('adds and removes tax ID rows, at most five', async () => {
    const panel = await openForm();
    for (let i = 0; i < 4; i++) await panel.click(button(section(), 'Add tax ID'));
    assert.equal(section().querySelectorAll('.tax-id-row').length, 5);
    assert.equal(hasButton(section(), 'Add tax ID'), false);
    await panel.click(button(section(), 'Remove tax ID 1'));
    await panel.click(button(section(), 'Remove tax ID 1'));
    assert.equal(section().querySelectorAll('.tax-id-row').length, 3);
    for (const [i, value] of ['DE123456789', 'GB987654321', '12-3456789'].entries()) {
      await panel.typeInto(input(`taxIds.${i}.value`), value);
    }
    await panel.choose(input('taxIds.2.type'), 'us_ein');
    await panel.click(button(section(), 'Save'));
    assert.deepEqual(panel.posted('saveBillingDetails')[0].details.taxIds, [
      { type: 'eu_vat', value: 'DE123456789' },
      { type: 'eu_vat', value: 'GB987654321' },
      { type: 'us_ein', value: '12-3456789' },
    ]);
  });

  it('checks required fields before asking the service, showing errors next to them', async () => {
    const panel = await openForm();
    await panel.typeInto(input('address.city'), '  ');
    await panel.click(button(section(), 'Add tax ID'));
    await panel.click(button(section(), 'Save'));
    assert.deepEqual(panel.posted('saveBillingDetails'), []);
    assert.equal(errorNextTo('address.city'), 'Enter the city.');
    assert.equal(errorNextTo('taxIds.1.value'), 'Enter the tax ID, or remove this row.');
    assert.equal(errorNextTo('name'), null);
    assert.equal(liveRegion(), 'Billing information was not saved. Enter the city. Enter the tax ID, or remove this row.');
  });

  it("shows the service's field errors next to the matching fields", async () => {
    const panel = await openForm();
    await panel.click(button(section(), 'Save'));
    const [save] = panel.posted('saveBillingDetails');
    await panel.send({
      type: 'billingDetailsRejected',
      requestId: save.requestId,
      fieldErrors: [
        { field: 'address.country', code: 'unknown_country', message: '"XX" is not a country code.' },
        { field: 'taxIds.0.value', code: 'invalid_tax_id', message: 'This is not a valid UK VAT number.' },
        { field: 'taxIds', code: 'too_many', message: 'At most 5 tax IDs.' },
      ],
      message: null,
    });
    assert.equal(errorNextTo('address.country'), '"XX" is not a country code.');
    assert.equal(errorNextTo('taxIds.0.value'), 'This is not a valid UK VAT number.');
    assert.equal(errorNextTo('name'), null);
    // Errors that belong to no single field are listed above the form.
    assert.match(section().querySelector('.billing-form > .notice--error')?.textContent ?? '', /At most 5 tax IDs\./);
    // The invalid fields say so to assistive technology.
    assert.equal(input('address.country').getAttribute('aria-invalid'), 'true');
    assert.equal(input('address.country').getAttribute('aria-describedby'), 'billing-address-country-error');
    assert.equal(document.getElementById('billing-address-country-error')?.textContent, '"XX" is not a country code.');
    const taxField = input('taxIds.0.value') as unknown as { invalid: boolean; label: string };
    assert.equal(taxField.invalid, true);
    assert.equal(taxField.label, 'Tax ID 1 number: This is not a valid UK VAT number.');
    // The form is editable again, and focus went to the first field in error.
    assert.ok(hasButton(section(), 'Save'));
    assert.equal(document.activeElement, input('address.country'));
    assert.match(liveRegion(), /^Billing information was not saved\. "XX" is not a country code\./);
  });

  it('clears a field error once that field is edited', async () => {
    const panel = await openForm();
    await panel.click(button(section(), 'Save'));
    const [save] = panel.posted('saveBillingDetails');
    await panel.send({
      type: 'billingDetailsRejected',
      requestId: save.requestId,
      fieldErrors: [
        { field: 'address.postalCode', code: 'invalid_format', message: 'Not a UK postcode.' },
        { field: 'taxIds.0.value', code: 'invalid_tax_id', message: 'Not a UK VAT number.' },
      ],
      message: null,
    });
    await panel.typeInto(input('address.postalCode'), 'SW1A 1AA');
    assert.equal(errorNextTo('address.postalCode'), null);
    assert.equal(errorNextTo('taxIds.0.value'), 'Not a UK VAT number.');
  });

  it('shows a rejection not tied to a field as a sentence', async () => {
    const panel = await openForm();
    await panel.click(button(section(), 'Save'));
    const [save] = panel.posted('saveBillingDetails');
    await panel.send({
      type: 'billingDetailsRejected',
      requestId: save.requestId,
      fieldErrors: [],
      message: "Can't reach the billing service. Your changes are still here.",
    });
    assert.match(section().textContent ?? '', /Billing information was not saved/);
    assert.match(section().textContent ?? '', /Can't reach the billing service\. Your changes are still here\./);
    assert.equal(input('address.city').value, 'London');
  });

  it('ignores replies to requests it did not make', async () => {
    const panel = await openForm();
    await panel.click(button(section(), 'Save'));
    await panel.send({
      type: 'billingDetailsSaved',
      requestId: 'someone-else',
      billingDetails: { ...fixtures.activeExpiringCard.account!.billingDetails, name: 'Mallory' },
    });
    assert.ok(hasButton(section(), 'Saving…'));
    assert.doesNotMatch(section().textContent ?? '', /Mallory/);
  });

  it('after saving: shows the saved details and says changes apply to future invoices only', async () => {
    const panel = await openForm();
    await panel.typeInto(input('address.city'), 'Cambridge');
    await panel.typeInto(input('address.postalCode'), 'CB2 1TN');
    await panel.click(button(section(), 'Save'));
    const [save] = panel.posted('saveBillingDetails');
    await panel.send({
      type: 'billingDetailsSaved',
      requestId: save.requestId,
      billingDetails: { ...save.details, email: 'pro@sandbox.test' },
    });
    assert.equal(section().querySelector('form'), null);
    assert.ok(within(section()).getByText('Billing information saved'));
    assert.ok(
      within(section()).getByText(
        'The change applies to future invoices only. Invoices already issued keep the details they were issued with.',
      ),
    );
    // The reply's details show at once, before the host's next state.
    assert.match(section().textContent ?? '', /CB2 1TN Cambridge/);
    assert.equal(liveRegion(), 'Billing information saved. The change applies to future invoices only.');
    // Focus returns to Edit.
    assert.equal(document.activeElement, button(section(), 'Edit'));
    await panel.click(button(section(), 'Dismiss'));
    assert.doesNotMatch(section().textContent ?? '', /future invoices only/);
  });

  it('Cancel discards the draft', async () => {
    const panel = await openForm();
    await panel.typeInto(input('name'), 'Someone Else');
    await panel.click(button(section(), 'Cancel'));
    assert.equal(section().querySelector('form'), null);
    assert.match(section().textContent ?? '', /NameAda Lovelace/);
    await panel.click(button(section(), 'Edit'));
    assert.equal(input('name').value, 'Ada Lovelace');
    assert.deepEqual(panel.posted('saveBillingDetails'), []);
  });
});

describe('panel: billing form survives the panel being hidden (getState/setState)', () => {
  it('restores the open form, the unsaved draft and its errors after a reload', async () => {
    const first = await openForm();
    await first.typeInto(input('name'), 'Ada King');
    await first.click(button(section(), 'Save'));
    const [save] = first.posted('saveBillingDetails');
    await first.send({
      type: 'billingDetailsRejected',
      requestId: save.requestId,
      fieldErrors: [{ field: 'taxIds.0.value', code: 'invalid_tax_id', message: 'Not a UK VAT number.' }],
      message: null,
    });
    const stored = first.api.stored;
    cleanup(); // the webview is destroyed when hidden

    const second = await renderPanel({ stored, state: fixtures.activeExpiringCard });
    assert.ok(section().querySelector('form'));
    assert.equal(input('name').value, 'Ada King');
    assert.equal(errorNextTo('taxIds.0.value'), 'Not a UK VAT number.');
    assert.deepEqual(second.posted('saveBillingDetails'), []);
  });

  it('keeps a save in flight across a reload and accepts its reply', async () => {
    const first = await openForm();
    await first.typeInto(input('name'), 'Ada King');
    await first.click(button(section(), 'Save'));
    const [save] = first.posted('saveBillingDetails');
    const stored = first.api.stored;
    cleanup();

    const second = await renderPanel({ stored, state: fixtures.activeExpiringCard });
    assert.ok(hasButton(section(), 'Saving…'));
    // The host re-posts the reply it could not deliver while the panel was hidden.
    await second.send({ type: 'billingDetailsSaved', requestId: save.requestId, billingDetails: { ...save.details, email: 'pro@sandbox.test' } });
    assert.ok(within(section()).getByText('Billing information saved'));
    assert.match(section().textContent ?? '', /NameAda King/);
  });

  it('forgets the draft when the user signs out', async () => {
    const panel = await openForm();
    await panel.typeInto(input('name'), 'Ada King');
    await panel.sendState(fixtures.signedOut);
    assert.deepEqual(panel.api.stored, { ...INITIAL_UI_STATE, billingEdit: null, billingSaved: false, scrollY: 0 });
  });
});
