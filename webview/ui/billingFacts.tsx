/** Billing details as a fact list: the account's current ones, or an invoice's as issued. */
import { type Address, type BillingDetails } from '../../shared/contract/billingDetails';
import { taxIdTypeLabel } from '../../shared/taxIds';
import { usePanelEnv } from '../app/panelContext';
import { countryName } from '../format';
import { Fact } from './parts';

function addressLines(address: Address, locale: string): string[] {
  const cityLine = [address.postalCode, address.city].filter(Boolean).join(' ');
  return [
    address.line1,
    address.line2 ?? '',
    address.state ? `${cityLine}, ${address.state}` : cityLine,
    countryName(address.country, locale),
  ].filter((line) => line.trim() !== '');
}

export function AddressBlock({ address }: { address: Address }) {
  const { locale } = usePanelEnv();
  return (
    <address>
      {addressLines(address, locale).map((line, i) => (
        <span class="address-line" key={i}>
          {line}
        </span>
      ))}
    </address>
  );
}

/** `emailTerm`: how the email is introduced ("Invoices sent to" for the account, "Email" on an invoice). */
export function BillingFacts({ details, emailTerm }: { details: BillingDetails; emailTerm: string }) {
  const { t } = usePanelEnv();
  return (
    <dl class="facts">
      {details.name && <Fact term={t('Name')}>{details.name}</Fact>}
      {details.email && <Fact term={emailTerm}>{details.email}</Fact>}
      <Fact term={t('Address')}>{details.address ? <AddressBlock address={details.address} /> : <span class="muted">{t('No address')}</span>}</Fact>
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
  );
}
