/**
 * Invoice PDFs, generated on request from the stored invoice with pdfkit. The
 * output depends only on the invoice and its payments (its billing details,
 * tax lines and seller are the snapshot taken when it was finalized, and the
 * creation date is the invoice's), so a past invoice renders the same after
 * the account's details change; a later payment attempt adds to its record.
 */
import type { Invoice, InvoiceDetails, Payment } from '../../shared/contract/invoices';
import { brandName } from '../billing/cards';
import { formatUsd } from '../billing/money';
import type { InvoiceSeller } from '../billing/tax';
import { formatDate } from '../billing/time';
import { englishCountryName } from '../../shared/countries';
import { formatEnglish } from '../../shared/l10n';
import { taxIdTypeLabel } from '../../shared/taxIds';

const STATUS_WORDS: Record<Invoice['status'], string> = {
  draft: 'Draft',
  open: 'Open: payment due',
  paid: 'Paid',
  void: 'Void',
  uncollectible: 'Uncollectible: payment due',
};

function paymentWords(payment: Payment): [string, string, string, string] {
  const card = payment.card ? `${brandName(payment.card.brand)} ending in ${payment.card.last4}` : 'No card on file';
  const status =
    payment.status === 'succeeded' ? 'Succeeded' : payment.status === 'refunded' ? 'Refunded' : `Failed: ${payment.declineMessage ?? 'declined'}`;
  return [formatDate(Date.parse(payment.created)), card, `${payment.status === 'refunded' ? '-' : ''}${formatUsd(payment.amount.amount)}`, status];
}

export async function renderInvoicePdf({ invoice, payments }: InvoiceDetails, seller: InvoiceSeller): Promise<Buffer> {
  // Loaded on first use: pdfkit is the slowest module to load and most runs never render a PDF.
  const { default: PDFDocument } = await import('pdfkit');
  const created = new Date(invoice.created);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `Invoice ${invoice.number}`, Author: seller.name, Subject: 'Invoice', CreationDate: created, ModDate: created },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = 50;
  const right = doc.page.width - 50;
  const width = right - left;

  doc.font('Helvetica-Bold').fontSize(22).text('Invoice', left, 50);
  doc.font('Helvetica').fontSize(10).fillColor('#555555').text(seller.name, left, 50, { width, align: 'right' });
  for (const line of seller.addressLines) doc.text(line, { width, align: 'right' });
  // The number the seller charges (or reverse-charges) this invoice's tax under.
  for (const number of seller.taxNumbers) doc.text(`${number.label}: ${number.value}`, { width, align: 'right' });
  doc.fillColor('#000000');

  doc.moveDown(1.5);
  const metaTop = doc.y;
  const meta: [string, string][] = [
    ['Invoice number', invoice.number],
    ['Status', STATUS_WORDS[invoice.status]],
    ['Date of issue', formatDate(Date.parse(invoice.created))],
    ['Billing period', `${formatDate(Date.parse(invoice.periodStart))} to ${formatDate(Date.parse(invoice.periodEnd))}`],
  ];
  if (invoice.paidAt) meta.push(['Date paid', formatDate(Date.parse(invoice.paidAt))]);
  for (const [label, value] of meta) {
    doc.font('Helvetica-Bold').fontSize(10).text(label, left, doc.y, { continued: false, width: 110 });
    doc.moveUp();
    doc.font('Helvetica').text(value, left + 115, doc.y, { width: 200 });
  }

  // Bill to: the billing details as finalized with this invoice.
  const bd = invoice.billingDetails;
  const billTo: string[] = [bd.name, bd.email];
  if (bd.address) {
    billTo.push(bd.address.line1);
    if (bd.address.line2) billTo.push(bd.address.line2);
    billTo.push([bd.address.postalCode, bd.address.city, bd.address.state].filter(Boolean).join(' '));
    billTo.push(englishCountryName(bd.address.country));
  }
  for (const taxId of bd.taxIds) billTo.push(`${taxIdTypeLabel(formatEnglish, taxId.type)}: ${taxId.value}`);
  doc.font('Helvetica-Bold').text('Bill to', left + 330, metaTop, { width: width - 330 });
  doc.font('Helvetica');
  for (const line of billTo) doc.text(line, left + 330, doc.y, { width: width - 330 });

  doc.y = Math.max(doc.y, metaTop + meta.length * 14) + 30;
  const amountDue = formatUsd(invoice.amountDue.amount);
  const headline =
    invoice.status === 'paid'
      ? `${formatUsd(invoice.amountPaid.amount)} USD paid${invoice.paidAt ? ` on ${formatDate(Date.parse(invoice.paidAt))}` : ''}`
      : invoice.status === 'void'
        ? 'Void: nothing to pay'
        : `${amountDue} USD due`;
  doc.font('Helvetica-Bold').fontSize(14).text(headline, left, doc.y);
  doc.moveDown(1);

  // Line items
  const col = { desc: left, qty: left + 330, amount: left + 380 };
  const header = doc.y;
  doc.font('Helvetica-Bold').fontSize(10);
  doc.text('Description', col.desc, header);
  doc.text('Qty', col.qty, header, { width: 40, align: 'right' });
  doc.text('Amount', col.amount, header, { width: right - col.amount, align: 'right' });
  doc.moveTo(left, doc.y + 4).lineTo(right, doc.y + 4).strokeColor('#999999').stroke();
  doc.moveDown(0.8);
  doc.font('Helvetica');
  for (const line of invoice.lines) {
    const top = doc.y;
    const period = line.periodStart && line.periodEnd ? `${formatDate(Date.parse(line.periodStart))} to ${formatDate(Date.parse(line.periodEnd))}` : '';
    doc.text(line.description, col.desc, top, { width: 320 });
    if (period) doc.fillColor('#555555').text(period, col.desc, doc.y, { width: 320 }).fillColor('#000000');
    const bottom = doc.y;
    doc.text(String(line.quantity), col.qty, top, { width: 40, align: 'right' });
    doc.text(formatUsd(line.amount.amount), col.amount, top, { width: right - col.amount, align: 'right' });
    doc.y = bottom + 6;
  }
  doc.moveTo(left, doc.y).lineTo(right, doc.y).strokeColor('#999999').stroke();
  doc.moveDown(0.8);

  const totals: [string, string][] = [
    ['Subtotal', formatUsd(invoice.subtotal.amount)],
    ...invoice.taxLines.map((line): [string, string] => [`${line.label} on ${formatUsd(line.taxableAmount.amount)}`, formatUsd(line.amount.amount)]),
    ['Total', formatUsd(invoice.total.amount)],
    ['Amount paid', formatUsd(invoice.amountPaid.amount)],
    ['Amount due (USD)', amountDue],
  ];
  for (const [label, value] of totals) {
    const top = doc.y;
    doc.font(label.startsWith('Amount due') ? 'Helvetica-Bold' : 'Helvetica').text(label, col.qty - 150, top, { width: 190 });
    doc.text(value, col.amount, top, { width: right - col.amount, align: 'right' });
    doc.moveDown(0.3);
  }
  // Legal notes of the tax lines (the reverse charge), under the totals they explain.
  const notes = [...new Set(invoice.taxLines.flatMap((line) => (line.note ? [line.note] : [])))];
  if (notes.length > 0) {
    doc.moveDown(0.8);
    doc.font('Helvetica-Bold').fontSize(10);
    for (const note of notes) doc.text(note, left, doc.y, { width });
  }

  if (payments.length > 0) {
    doc.moveDown(1.5);
    doc.font('Helvetica-Bold').fontSize(12).text('Payments', left, doc.y);
    doc.moveDown(0.4);
    const pcol = { date: left, card: left + 110, amount: left + 250, status: left + 325 };
    doc.fontSize(9);
    const head = doc.y;
    doc.text('Date', pcol.date, head).text('Card', pcol.card, head).text('Amount', pcol.amount, head, { width: 60, align: 'right' }).text('Status', pcol.status, head);
    doc.font('Helvetica');
    for (const payment of payments) {
      const [date, card, amount, status] = paymentWords(payment);
      const top = doc.y + 2;
      let bottom = top;
      for (const [text, x, w, align] of [
        [date, pcol.date, 105, 'left'],
        [card, pcol.card, 135, 'left'],
        [amount, pcol.amount, 60, 'right'],
        [status, pcol.status, right - pcol.status, 'left'],
      ] as const) {
        doc.text(text, x, top, { width: w, align });
        bottom = Math.max(bottom, doc.y);
      }
      doc.y = bottom;
    }
  }

  doc.moveDown(2);
  doc.font('Helvetica').fontSize(9).fillColor('#555555');
  doc.text('All amounts in US dollars (USD). Charged automatically to the default card on file.', left, doc.y, { width });
  if (invoice.status === 'void') doc.text('This invoice was voided and is not payable.', { width });
  doc.text('This invoice was issued by the Plan & Billing sandbox for testing; no money changed hands.', { width });

  doc.end();
  return done;
}
