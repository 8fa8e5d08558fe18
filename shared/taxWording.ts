/**
 * How an amount and its tax read wherever the panel, the status bar or a
 * notification shows one: "$20.00 + $3.80 VAT". The tax comes from the
 * service (decided when an invoice is finalized); this only words it.
 */
import { type Money } from './contract/common';
import { type TaxKind, type TaxLine } from './contract/invoices';
import { type Translate } from './l10n';

/** The short name a tax goes by next to an amount. */
export function taxShortName(t: Translate, kind: TaxKind): string {
  switch (kind) {
    case 'vat':
      return t('VAT');
    case 'gst':
      return t('GST');
    case 'hst':
      return t('HST');
    case 'pst':
      return t('PST');
    case 'qst':
      return t('QST');
    case 'igst':
      return t('IGST');
    case 'cgst':
      return t('CGST');
    case 'sgst':
      return t('SGST');
    case 'reverse_charge':
      return t('VAT reverse charge');
  }
}

export interface TaxedAmount {
  readonly subtotal: Money;
  readonly taxLines: readonly TaxLine[];
  readonly tax: Money;
  /** What will be charged, when it may differ from subtotal + tax (a credit applied). */
  readonly amountDue?: Money;
}

export const isReverseCharge = (line: Pick<TaxLine, 'kind'>): boolean => line.kind === 'reverse_charge';

/**
 * "$20.00 + $3.80 VAT", "$20.00 + $1.00 GST + $1.40 PST",
 * "$20.00 (VAT reverse charge)", or just "$20.00" without tax; a credit that
 * lowers the charge is said too ("…; $13.80 due").
 */
export function amountWithTax(t: Translate, money: (m: Money) => string, x: TaxedAmount): string {
  const charged = x.taxLines.filter((line) => line.amount.amount !== 0 && !isReverseCharge(line));
  let text =
    charged.length > 0
      ? [money(x.subtotal), ...charged.map((line) => t('{0} {1}', money(line.amount), taxShortName(t, line.kind)))].join(' + ')
      : money(x.subtotal);
  if (charged.length === 0 && x.taxLines.some(isReverseCharge)) text = t('{0} ({1})', text, taxShortName(t, 'reverse_charge'));
  const due = x.amountDue;
  if (due && due.amount !== x.subtotal.amount + x.tax.amount) text = t('{0}; {1} due', text, money(due));
  return text;
}
