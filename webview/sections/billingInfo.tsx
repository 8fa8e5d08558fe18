/** Billing information: name, address and tax IDs, with the Edit form and the "future invoices only" note. */
import { useEffect, useRef } from 'preact/hooks';
import { type BillingDetails } from '../../shared/contract/billingDetails';
import { usePanelEnv } from '../app/panelContext';
import { type BillingEdit } from '../app/uiState';
import { type BillingDraft, FIELD_PATHS } from '../billing/billingDraft';
import { BillingFacts } from '../ui/billingFacts';
import { ButtonIcon, Notice, Section } from '../ui/parts';
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
          <vscode-button ref={editButton} secondary onClick={props.onEdit}>
            <ButtonIcon name="edit" />
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
          <BillingFacts details={details} emailTerm={t('Invoices sent to')} />
        )}
      </div>
    </Section>
  );
}
