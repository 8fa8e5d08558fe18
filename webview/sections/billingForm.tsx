/**
 * The billing-details edit form. Its draft and errors live in the persisted UI
 * state (see app/uiState.ts), so the form survives the panel being hidden; the
 * service's field errors appear next to the field they name.
 */
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { COUNTRY_CODES } from '../../shared/countries';
import { type TaxIdType } from '../../shared/contract/billingDetails';
import { usePanelEnv } from '../app/panelContext';
import { type BillingEdit } from '../app/uiState';
import {
  type BillingDraft,
  type DraftTextField,
  FIELD_PATHS,
  errorFor,
  errorsWithoutField,
  taxIdFieldPath,
} from '../billing/billingDraft';
import { countryName } from '../format';
import { MAX_TAX_IDS, TAX_ID_EXAMPLES, TAX_ID_TYPES, taxIdTypeLabel } from '../../shared/taxIds';
import { ButtonIcon, Icon, Notice } from '../ui/parts';

export interface BillingFormProps {
  edit: BillingEdit;
  /** A new draft; `touched` are the field paths whose errors the change makes obsolete. */
  onChange(draft: BillingDraft, touched: (path: string) => boolean): void;
  onSave(): void;
  onCancel(): void;
}

/** DOM id of the input for a field path, so errors can move focus to it. */
export function fieldElementId(path: string): string {
  return `billing-${path.replace(/\./g, '-')}`;
}

const errorElementId = (path: string) => `${fieldElementId(path)}-error`;

const valueOf = (event: Event) => (event.currentTarget as HTMLInputElement).value;

export function BillingForm({ edit, onChange, onSave, onCancel }: BillingFormProps) {
  const env = usePanelEnv();
  const { t } = env;
  const { draft, fieldErrors } = edit;
  const pending = edit.pendingRequestId !== null;
  const formRef = useRef<HTMLFormElement>(null);

  const countries = useMemo(
    () =>
      COUNTRY_CODES.map((code) => ({ code, name: countryName(code, env.locale) })).sort((a, b) =>
        a.name.localeCompare(b.name, env.locale),
      ),
    [env.locale],
  );

  // Move focus to the first field in error whenever a new set of errors arrives.
  useEffect(() => {
    const first = fieldErrors.find((e) => formRef.current?.querySelector(`#${fieldElementId(e.field)}`));
    if (first) formRef.current?.querySelector<HTMLElement>(`#${fieldElementId(first.field)}`)?.focus();
  }, [fieldErrors]);

  const setText = (field: DraftTextField, value: string) =>
    onChange({ ...draft, [field]: value }, (path) => path === FIELD_PATHS[field]);

  const setTaxId = (index: number, part: 'type' | 'value', value: string) => {
    const taxIds = draft.taxIds.map((taxId, i) =>
      i === index ? (part === 'type' ? { ...taxId, type: value as TaxIdType } : { ...taxId, value }) : taxId,
    );
    onChange({ ...draft, taxIds }, (path) => path === taxIdFieldPath(index, part) || path === 'taxIds');
  };

  // Indexes shift when a row goes, so every tax ID error is obsolete.
  const removeTaxId = (index: number) =>
    onChange({ ...draft, taxIds: draft.taxIds.filter((_, i) => i !== index) }, (path) => path.startsWith('taxIds'));

  const addTaxId = () =>
    onChange({ ...draft, taxIds: [...draft.taxIds, { type: TAX_ID_TYPES[0], value: '' }] }, (path) => path === 'taxIds');

  const field = (key: DraftTextField, label: string, options: { optional?: boolean; autocomplete?: string } = {}) => {
    const path = FIELD_PATHS[key];
    const id = fieldElementId(path);
    const error = errorFor(fieldErrors, path);
    return (
      <div class={`field field--${key}${error ? ' has-error' : ''}`}>
        <label for={id}>
          {label}
          {options.optional && <span class="field__optional">{` ${t('(optional)')}`}</span>}
        </label>
        <vscode-textfield
          id={id}
          name={path}
          value={draft[key]}
          label={error ? `${label}: ${error}` : label}
          invalid={Boolean(error)}
          autocomplete={options.autocomplete}
          onInput={(e) => setText(key, valueOf(e))}
        />
        {error && <FieldErrorText path={path} text={error} />}
      </div>
    );
  };

  const countryPath = FIELD_PATHS.country;
  const countryError = errorFor(fieldErrors, countryPath);
  const unplaced = errorsWithoutField(fieldErrors, draft);

  return (
    <form
      ref={formRef}
      class="billing-form"
      aria-label={t('Edit billing information')}
      noValidate
      onSubmit={(e) => {
        // Enter in a text field submits the form.
        e.preventDefault();
        if (!pending) onSave();
      }}
    >
      {edit.message && (
        <Notice tone="error" icon="error" title={t('Billing information was not saved')}>
          <p>{edit.message}</p>
        </Notice>
      )}
      {unplaced.length > 0 && (
        <Notice tone="error" icon="error" title={t('Please check these details')}>
          <ul>
            {unplaced.map((e) => (
              <li key={`${e.field}:${e.code}`}>{e.message}</li>
            ))}
          </ul>
        </Notice>
      )}
      {field('name', t('Name'), { autocomplete: 'name' })}
      {field('line1', t('Address line 1'), { autocomplete: 'address-line1' })}
      {field('line2', t('Address line 2'), { optional: true, autocomplete: 'address-line2' })}
      <div class="field-row">
        {field('city', t('City'), { autocomplete: 'address-level2' })}
        {field('state', t('State, province or region'), { optional: true, autocomplete: 'address-level1' })}
      </div>
      <div class="field-row">
        {field('postalCode', t('Postal code'), { autocomplete: 'postal-code' })}
        <div class={`field field--country${countryError ? ' has-error' : ''}`}>
          <label for={fieldElementId(countryPath)}>{t('Country')}</label>
          <select
            id={fieldElementId(countryPath)}
            name={countryPath}
            class="select"
            value={draft.country}
            autocomplete="country"
            aria-invalid={countryError ? 'true' : undefined}
            aria-describedby={countryError ? errorElementId(countryPath) : undefined}
            onChange={(e) => setText('country', valueOf(e))}
          >
            <option value="" disabled>
              {t('Choose a country')}
            </option>
            {countries.map(({ code, name }) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
          {countryError && <FieldErrorText path={countryPath} text={countryError} />}
        </div>
      </div>

      <fieldset class="tax-ids">
        <legend>{t('Tax IDs')}</legend>
        {draft.taxIds.length === 0 && <p class="muted">{t('No tax IDs. Add one if your business needs it on invoices.')}</p>}
        {draft.taxIds.map((taxId, index) => {
          const typePath = taxIdFieldPath(index, 'type');
          const valuePath = taxIdFieldPath(index, 'value');
          const typeError = errorFor(fieldErrors, typePath);
          const valueError = errorFor(fieldErrors, valuePath);
          const typeLabel = t('Tax ID {0} type', index + 1);
          const valueLabel = t('Tax ID {0} number', index + 1);
          return (
            <div class="tax-id-row" key={index}>
              <div class={`field field--tax-type${typeError ? ' has-error' : ''}`}>
                <label for={fieldElementId(typePath)}>{t('Type')}</label>
                <select
                  id={fieldElementId(typePath)}
                  name={typePath}
                  class="select"
                  value={taxId.type}
                  aria-label={typeLabel}
                  aria-invalid={typeError ? 'true' : undefined}
                  aria-describedby={typeError ? errorElementId(typePath) : undefined}
                  onChange={(e) => setTaxId(index, 'type', valueOf(e))}
                >
                  {TAX_ID_TYPES.map((type) => (
                    <option key={type} value={type}>
                      {taxIdTypeLabel(t, type)}
                    </option>
                  ))}
                </select>
                {typeError && <FieldErrorText path={typePath} text={typeError} />}
              </div>
              <div class={`field field--tax-value${valueError ? ' has-error' : ''}`}>
                <label for={fieldElementId(valuePath)}>{t('Number')}</label>
                <vscode-textfield
                  id={fieldElementId(valuePath)}
                  name={valuePath}
                  value={taxId.value}
                  placeholder={t('e.g. {0}', TAX_ID_EXAMPLES[taxId.type])}
                  label={valueError ? `${valueLabel}: ${valueError}` : valueLabel}
                  invalid={Boolean(valueError)}
                  onInput={(e) => setTaxId(index, 'value', valueOf(e))}
                />
                {valueError && <FieldErrorText path={valuePath} text={valueError} />}
              </div>
              <vscode-button
                class="tax-id-row__remove"
                secondary
                aria-label={t('Remove tax ID {0}', index + 1)}
                title={t('Remove tax ID {0}', index + 1)}
                onClick={() => removeTaxId(index)}
              />
            <ButtonIcon name="trash" />
            </div>
          );
        })}
        {draft.taxIds.length < MAX_TAX_IDS && (
          <vscode-button secondary onClick={addTaxId}>
            <ButtonIcon name="add" />
            {t('Add tax ID')}
          </vscode-button>
        )}
      </fieldset>

      <p class="fine-print">
        <Icon name="info" />
        <span>{t('Changes apply to future invoices only. Invoices already issued keep the details they were issued with.')}</span>
      </p>
      <div class="actions">
        <vscode-button
          class="billing-form__save"
          aria-busy={pending ? 'true' : 'false'}
          onClick={() => {
            if (!pending) onSave();
          }}
        >
          <ButtonIcon name={pending ? 'loading' : 'check'} spin={pending} />
          {pending ? t('Saving…') : t('Save')}
        </vscode-button>
        <vscode-button secondary onClick={onCancel}>
          {t('Cancel')}
        </vscode-button>
      </div>
    </form>
  );
}

function FieldErrorText({ path, text }: { path: string; text: string }) {
  return (
    <p class="field__error" id={errorElementId(path)}>
      <Icon name="error" />
      <span>{text}</span>
    </p>
  );
}
