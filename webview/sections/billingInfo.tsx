/** Billing information: name, address and tax IDs, with the Edit form and the "future invoices only" note. */
import { useEffect, useRef } from 'preact/hooks';
import { type Address, type BillingDetails } from '../../shared/contract/billingDetails';
import { usePanelEnv } from '../app/panelContext';
import { type BillingEdit } from '../app/uiState';
import { type BillingDraft, FIELD_PATHS } from '../billing/billingDraft';
import { countryName } from '../format';
import { taxIdTypeLabel } from '../../shared/taxIds';
import { Fact, Notice, Section } from '../ui/parts';
import { BillingForm, fieldElementId } from './billingForm';

export interface BillingInfoProps {
  details: BillingDetails;
  edit: BillingEdit | null;
  saved: boolean;
  onEdit(): void;
  onChange(draft: BillingDraft, touched: (path: string) => boolean): void;
  onSave(): void;
  onCancel(): void;
  onDismissSaved(): void;
}

function addressLines(address: Address, locale: string): string[] {
  const cityLine = [address.postalCode, address.city].filter(Boolean).join(' ');
  return [
    address.line1,
    address.line2 ?? '',
    address.state ? `${cityLine}, ${address.state}` : cityLine,
    countryName(address.country, locale),
  ].filter((line) => line.trim() !== '');
}

export function BillingInfoSection(props: BillingInfoProps) {
  const env = usePanelEnv();
  const { t } = env;
  const { details, edit } = props;
  const editButton = useRef<HTMLElement>(null);
  const wasEditing = useRef(edit !== null);

  // Focus follows the form: into its first field when it opens, back to Edit when it closes.
  useEffect(() => {
    if (edit && !wasEditing.current) {
      document.getElementById(fieldElementId(FIELD_PATHS.name))?.focus();
    } else if (!edit && wasEditing.current) {
      editButton.current?.focus();
    }
    wasEditing.current = edit !== null;
  }, [edit !== null]);

  const empty = !details.address && details.taxIds.length === 0 && !details.name;
  return (
    <Section
      id="billing-info"
      title={t('Billing information')}
      headerAction={
        !edit && (
          <vscode-button ref={editButton} secondary icon="edit" onClick={props.onEdit}>
            {empty ? t('Add billing information') : t('Edit')}
          </vscode-button>
        )
      }
    >
      <div class="card">
        {props.saved && !edit && (
          <Notice
            tone="success"
            icon="pass"
            title={t('Billing information saved')}
            actions={
              <vscode-button secondary onClick={props.onDismissSaved}>
                {t('Dismiss')}
              </vscode-button>
            }
          >
            <p>{t('The change applies to future invoices only. Invoices already issued keep the details they were issued with.')}</p>
          </Notice>
        )}
        {edit ? (
          <BillingForm edit={edit} onChange={props.onChange} onSave={props.onSave} onCancel={props.onCancel} />
        ) : empty ? (
          <p class="muted">{t('No billing information yet. It appears on your invoices.')}</p>
        ) : (
          <dl class="facts">
            {details.name && <Fact term={t('Name')}>{details.name}</Fact>}
            {details.email && <Fact term={t('Invoices sent to')}>{details.email}</Fact>}
            <Fact term={t('Address')}>
              {details.address ? (
                <address>
                  {addressLines(details.address, env.locale).map((line, i) => (
                    <span class="address-line" key={i}>
                      {line}
                    </span>
                  ))}
                </address>
              ) : (
                <span class="muted">{t('No address')}</span>
              )}
            </Fact>
            <Fact term={t('Tax IDs')}>
              {details.taxIds.length > 0 ? (
                <ul class="plain-list">
                  {details.taxIds.map((taxId, i) => (
                    <li key={i}>
                      <span class="muted">{`${taxIdTypeLabel(t, taxId.type)} `}</span>
                      <span class="mono">{taxId.value}</span>
                    </li>
                  ))}
                </ul>
              ) : (
                <span class="muted">{t('None')}</span>
              )}
            </Fact>
          </dl>
        )}
      </div>
    </Section>
  );
}
