/**
 * Tax on invoices end to end (docs/tax.md): billing details are set over the
 * API, the billing clock runs to the renewal, and the invoice that renewal
 * finalizes has the tax lines and total of that place; its PDF prints them
 * and the charge includes the tax. Also: the upcoming invoice, check digits
 * at save time, verified IDs, past invoices kept as issued, and the seller's
 * configuration.
 */
import { strict as assert } from 'node:assert';
import { type AccountSummary } from '../../shared/contract/account';
import { type BillingDetailsInput } from '../../shared/contract/billingDetails';
import { type Problem } from '../../shared/contract/common';
import { type Invoice, type InvoiceDetails, type InvoiceList, type TaxLine } from '../../shared/contract/invoices';
import { ApiPaths, pathTo } from '../../shared/contract/paths';
import { defaultConfig } from '../../sandbox/config';
import { AU_REVERSE_CHARGE_NOTE, EU_REVERSE_CHARGE_NOTE, IN_REVERSE_CHARGE_NOTE, UK_REVERSE_CHARGE_NOTE } from '../../sandbox/billing/taxRates';
import type { RunningSandbox } from '../../sandbox/server';
import { advanceClock, readClock, setAccountState } from '../support/sandboxAdmin';
import { updateCard } from '../support/portalDriver';
import { account, api, getJson, portalSession, signIn, startInProcess, uniqueEmail, type Session } from './harness';
import { pdfText } from './pdfText';

const HOUR = 3_600_000;

type Expected = [kind: TaxLine['kind'], jurisdiction: string, label: string, rateMilliPercent: number, cents: number][];

interface Case {
  readonly name: string;
  readonly address: BillingDetailsInput['address'];
  readonly taxIds?: BillingDetailsInput['taxIds'];
  readonly lines: Expected;
  readonly note?: string;
}

const CASES: readonly Case[] = [
  { name: 'a German consumer: VAT 19%', address: { line1: 'Unter den Linden 1', city: 'Berlin', postalCode: '10117', country: 'DE' }, lines: [['vat', 'DE', 'VAT 19%', 19000, 380]] },
  { name: 'a French consumer: VAT 20%', address: { line1: '8 Rue de Rivoli', city: 'Paris', postalCode: '75004', country: 'FR' }, lines: [['vat', 'FR', 'VAT 20%', 20000, 400]] },
  { name: 'a Hungarian consumer: VAT 27%', address: { line1: 'Andrássy út 1', city: 'Budapest', postalCode: '1061', country: 'HU' }, lines: [['vat', 'HU', 'VAT 27%', 27000, 540]] },
  {
    name: 'a German business with a valid VAT ID: reverse charge',
    address: { line1: 'Friedrichstraße 68', city: 'Berlin', postalCode: '10117', country: 'DE' },
    taxIds: [{ type: 'eu_vat', value: 'DE 136 695 976' }],
    lines: [['reverse_charge', 'DE', 'VAT reverse charge', 0, 0]],
    note: EU_REVERSE_CHARGE_NOTE,
  },
  {
    name: "a German address with another member state's VAT ID: a consumer (the ID must be of the billing country)",
    address: { line1: 'Friedrichstraße 68', city: 'Berlin', postalCode: '10117', country: 'DE' },
    taxIds: [{ type: 'eu_vat', value: 'FR40303265045' }],
    lines: [['vat', 'DE', 'VAT 19%', 19000, 380]],
  },
  { name: 'a UK consumer: VAT 20%', address: { line1: '12 St James Square', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' }, lines: [['vat', 'GB', 'VAT 20%', 20000, 400]] },
  {
    name: 'a UK business: reverse charge from a US seller',
    address: { line1: '12 St James Square', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' },
    taxIds: [{ type: 'gb_vat', value: 'GB980780684' }],
    lines: [['reverse_charge', 'GB', 'VAT reverse charge', 0, 0]],
    note: UK_REVERSE_CHARGE_NOTE,
  },
  { name: 'an Australian consumer: GST 10%', address: { line1: '1 Macquarie Street', city: 'Sydney', state: 'NSW', postalCode: '2000', country: 'AU' }, lines: [['gst', 'AU', 'GST 10%', 10000, 200]] },
  {
    name: 'an Australian business with an ABN: reverse charge',
    address: { line1: '1 Macquarie Street', city: 'Sydney', state: 'NSW', postalCode: '2000', country: 'AU' },
    taxIds: [{ type: 'au_abn', value: '51 824 753 556' }],
    lines: [['reverse_charge', 'AU', 'GST reverse charge', 0, 0]],
    note: AU_REVERSE_CHARGE_NOTE,
  },
  { name: 'an Indian consumer: IGST 18%', address: { line1: 'Nariman Point', city: 'Mumbai', state: 'MH', postalCode: '400021', country: 'IN' }, lines: [['igst', 'IN', 'IGST 18%', 18000, 360]] },
  {
    name: 'an Indian business with a GSTIN: reverse charge',
    address: { line1: 'Nariman Point', city: 'Mumbai', state: 'MH', postalCode: '400021', country: 'IN' },
    taxIds: [{ type: 'in_gst', value: '27AAPFU0939F1ZV' }],
    lines: [['reverse_charge', 'IN', 'IGST reverse charge', 0, 0]],
    note: IN_REVERSE_CHARGE_NOTE,
  },
  { name: 'Ontario: HST 13%', address: { line1: '290 Bremner Blvd', city: 'Toronto', state: 'ON', postalCode: 'M5V 3L9', country: 'CA' }, lines: [['hst', 'CA-ON', 'HST 13%', 13000, 260]] },
  { name: 'Nova Scotia: HST 14%', address: { line1: '1 Water St', city: 'Halifax', state: 'Nova Scotia', postalCode: 'B3J 1S9', country: 'CA' }, lines: [['hst', 'CA-NS', 'HST 14%', 14000, 280]] },
  {
    name: 'Québec: GST 5% and QST 9.975%',
    address: { line1: '1 Rue Notre-Dame', city: 'Montréal', state: 'QC', postalCode: 'H2Y 1B6', country: 'CA' },
    lines: [
      ['gst', 'CA', 'GST 5%', 5000, 100],
      ['qst', 'CA-QC', 'QST 9.975%', 9975, 200],
    ],
  },
  {
    name: 'British Columbia: GST 5% and PST 7%',
    address: { line1: '1 Granville St', city: 'Vancouver', state: 'BC', postalCode: 'V6C 1T2', country: 'CA' },
    lines: [
      ['gst', 'CA', 'GST 5%', 5000, 100],
      ['pst', 'CA-BC', 'PST 7%', 7000, 140],
    ],
  },
  {
    name: 'Manitoba: GST 5% and RST 7%',
    address: { line1: '1 Portage Ave', city: 'Winnipeg', state: 'MB', postalCode: 'R3B 2B9', country: 'CA' },
    lines: [
      ['gst', 'CA', 'GST 5%', 5000, 100],
      ['pst', 'CA-MB', 'RST 7%', 7000, 140],
    ],
  },
  {
    name: 'Saskatchewan: GST 5% and PST 6%',
    address: { line1: '1 Victoria Ave', city: 'Regina', state: 'SK', postalCode: 'S4P 0P1', country: 'CA' },
    lines: [
      ['gst', 'CA', 'GST 5%', 5000, 100],
      ['pst', 'CA-SK', 'PST 6%', 6000, 120],
    ],
  },
  { name: 'Alberta: GST 5%', address: { line1: '1 Jasper Ave', city: 'Edmonton', state: 'AB', postalCode: 'T5J 1N9', country: 'CA' }, lines: [['gst', 'CA', 'GST 5%', 5000, 100]] },
  { name: 'a US business: no tax', address: { line1: '1 Main Street', city: 'Arlington', state: 'VA', postalCode: '22201', country: 'US' }, taxIds: [{ type: 'us_ein', value: '12-3456789' }], lines: [] },
  { name: 'Japan (no registration): no tax', address: { line1: '1-1 Marunouchi', city: 'Tokyo', postalCode: '100-0005', country: 'JP' }, lines: [] },
];

const shape = (lines: readonly TaxLine[]): Expected => lines.map((l) => [l.kind, l.jurisdiction, l.label, l.rateMilliPercent, l.amount.amount]);

describe('sandbox tax on invoices', function () {
  this.timeout(60_000);
  let sb: RunningSandbox;
  before(async () => {
    sb = await startInProcess();
  });
  after(() => sb.close());

  const putDetails = (s: Session, details: BillingDetailsInput) => api(sb.url, s.token, ApiPaths.billingDetails, { method: 'PUT', json: details });
  const latestInvoice = async (s: Session): Promise<Invoice> => (await getJson<InvoiceList>(sb.url, s.token, `${ApiPaths.invoices}?limit=1`)).data[0]!;
  const pdfOf = async (s: Session, id: string): Promise<string> => {
    const res = await api(sb.url, s.token, pathTo(ApiPaths.invoicePdf, { id }));
    return (await pdfText(new Uint8Array(await res.arrayBuffer()))).join('\n').replace(/\s+/g, ' ');
  };
  /** Runs the billing clock past the latest period end of these accounts. */
  const renewAll = async (sessions: readonly Session[]): Promise<void> => {
    let end = 0;
    for (const s of sessions) end = Math.max(end, Date.parse((await account(sb.url, s.token)).subscription!.currentPeriodEnd));
    const now = Date.parse((await readClock(sb.url)).now);
    await advanceClock(sb.url, { hours: Math.ceil((end - now) / HOUR) + 1 });
  };

  // First: the other cases advance the billing clock, which moves the demo accounts on.
  describe('the demo accounts', () => {
    it('show an EU consumer with VAT, an EU business with the reverse charge and a US account without tax', async () => {
      const upcoming = async (email: string) => (await account(sb.url, (await signIn(sb.url, email)).token)).upcomingInvoice;
      assert.deepEqual(shape((await upcoming('pro@sandbox.test'))!.taxLines), [['reverse_charge', 'DE', 'VAT reverse charge', 0, 0]]);
      assert.deepEqual((await upcoming('trialing@sandbox.test'))!.taxLines, []);
      const canceling = await signIn(sb.url, 'canceling@sandbox.test');
      const [paid] = (await getJson<InvoiceList>(sb.url, canceling.token, ApiPaths.invoices)).data;
      assert.deepEqual([shape(paid!.taxLines), paid!.total.amount], [[['vat', 'FR', 'VAT 20%', 20000, 400]], 2400]);
    });
  });

  describe('by jurisdiction, at the renewal', () => {
    const accounts = new Map<string, { session: Session; before: Invoice; upcoming: AccountSummary['upcomingInvoice'] }>();

    before(async () => {
      for (const c of CASES) {
        const s = await signIn(sb.url, uniqueEmail('tax'));
        const res = await putDetails(s, { name: `Customer ${c.name}`, address: c.address, taxIds: c.taxIds ?? [] });
        assert.equal(res.status, 200, `${c.name}: ${await res.text()}`);
        await setAccountState(sb.url, s.userId, 'active');
        accounts.set(c.name, { session: s, before: await latestInvoice(s), upcoming: (await account(sb.url, s.token)).upcomingInvoice });
      }
      await renewAll([...accounts.values()].map((a) => a.session));
    });

    for (const c of CASES) {
      it(c.name, async () => {
        const { session: s, before, upcoming } = accounts.get(c.name)!;
        const tax = c.lines.reduce((sum, l) => sum + l[4], 0);

        // What the account summary said would be charged, with today's details.
        assert.deepEqual(shape(upcoming!.taxLines), c.lines, 'upcoming invoice');
        assert.deepEqual([upcoming!.subtotal.amount, upcoming!.tax.amount, upcoming!.amountDue.amount], [2000, tax, 2000 + tax]);

        // The renewal's invoice.
        const invoice = await latestInvoice(s);
        assert.notEqual(invoice.id, before.id, 'a new invoice');
        assert.deepEqual(shape(invoice.taxLines), c.lines);
        assert.ok(invoice.taxLines.every((l) => l.taxableAmount.amount === 2000));
        assert.deepEqual(invoice.taxLines.map((l) => l.note), c.lines.map(() => c.note ?? null));
        assert.deepEqual([invoice.subtotal.amount, invoice.tax.amount, invoice.total.amount, invoice.amountPaid.amount, invoice.status], [2000, tax, 2000 + tax, 2000 + tax, 'paid']);

        // The charge included the tax.
        const { payments } = await getJson<InvoiceDetails>(sb.url, s.token, pathTo(ApiPaths.invoice, { id: invoice.id }));
        assert.deepEqual(payments.map((p) => [p.status, p.amount.amount]), [['succeeded', 2000 + tax]]);

        // The PDF prints the tax lines, the note and the total.
        const text = await pdfOf(s, invoice.id);
        for (const [, , label, , cents] of c.lines) assert.ok(text.includes(`${label} on $20.00 $${(cents / 100).toFixed(2)}`), `PDF has "${label}": ${text}`);
        if (c.note) assert.ok(text.includes(c.note), `PDF has the note: ${text}`);
        assert.ok(text.includes(`Total $${((2000 + tax) / 100).toFixed(2)}`), text);
        if (c.lines.length === 0) assert.ok(!/VAT|GST|HST|reverse charge/.test(text.replace(/Customer .*? (?=\S+@)/, '')), 'no tax words');
      });
    }

    it("prints the seller's registration number for the tax charged", async () => {
      const qc = accounts.get('Québec: GST 5% and QST 9.975%')!.session;
      const text = await pdfOf(qc, (await latestInvoice(qc)).id);
      assert.ok(text.includes(`Canadian GST/HST: ${defaultConfig.seller.taxNumbers.CA}`) && text.includes(`Québec QST: ${defaultConfig.seller.taxNumbers['CA-QC']}`), text);
      const de = accounts.get('a German consumer: VAT 19%')!.session;
      assert.ok((await pdfOf(de, (await latestInvoice(de)).id)).includes(`EU VAT (One-Stop Shop): ${defaultConfig.seller.taxNumbers.EU}`));
    });
  });

  describe('when tax is decided', () => {
    it('keeps the tax and address of past invoices after the billing details change; the next invoice has the new tax', async () => {
      const s = await signIn(sb.url, uniqueEmail('tax-change'));
      assert.equal((await putDetails(s, { name: 'Dora', address: { line1: 'Unter den Linden 1', city: 'Berlin', postalCode: '10117', country: 'DE' }, taxIds: [] })).status, 200);
      await setAccountState(sb.url, s.userId, 'active');
      const before = (await getJson<InvoiceList>(sb.url, s.token, `${ApiPaths.invoices}?limit=100`)).data;
      assert.deepEqual(shape(before[0]!.taxLines), [['vat', 'DE', 'VAT 19%', 19000, 380]]);
      const pdfBefore = await pdfOf(s, before[0]!.id);

      assert.equal((await putDetails(s, { name: 'Dora Inc.', address: { line1: '1 Main Street', city: 'Arlington', state: 'VA', postalCode: '22201', country: 'US' }, taxIds: [] })).status, 200);
      assert.deepEqual((await getJson<InvoiceList>(sb.url, s.token, `${ApiPaths.invoices}?limit=100`)).data, before, 'past invoices unchanged');
      assert.equal(await pdfOf(s, before[0]!.id), pdfBefore, 'their PDF unchanged');
      const summary = await account(sb.url, s.token);
      assert.deepEqual([summary.upcomingInvoice!.taxLines, summary.upcomingInvoice!.amountDue.amount], [[], 2000], 'the upcoming invoice follows the new details');

      await renewAll([s]);
      const next = await latestInvoice(s);
      assert.deepEqual([next.taxLines, next.total.amount, next.billingDetails.address!.country], [[], 2000, 'US']);
    });

    it('charges VAT to an account whose stored tax ID was never verified (a consumer until it is saved again)', async () => {
      const s = await signIn(sb.url, uniqueEmail('unverified'));
      const details = { name: 'Legacy GmbH', address: { line1: 'Friedrichstraße 68', city: 'Berlin', postalCode: '10117', country: 'DE' }, taxIds: [{ type: 'eu_vat' as const, value: 'DE136695976' }] };
      assert.equal((await putDetails(s, details)).status, 200);
      await updateCard(await portalSession(sb.url, s.token, 'payment_method_update'), { number: '4242424242424242' });
      assert.equal((await account(sb.url, s.token)).upcomingInvoice, null);
      // A row saved before verification existed carries no flag.
      sb.db.prepare('UPDATE users SET billing_tax_ids = ? WHERE id = ?').run(JSON.stringify([{ type: 'eu_vat', value: 'DE136695976' }]), s.userId);
      await setAccountState(sb.url, s.userId, 'active');
      assert.deepEqual(shape((await latestInvoice(s)).taxLines), [['vat', 'DE', 'VAT 19%', 19000, 380]]);
      assert.equal((await putDetails(s, details)).status, 200, 'saved again: verified now');
      assert.deepEqual(shape((await account(sb.url, s.token)).upcomingInvoice!.taxLines), [['reverse_charge', 'DE', 'VAT reverse charge', 0, 0]]);
    });

    it('refuses a tax ID whose check digit is wrong with a field error that says so, changing nothing', async () => {
      const s = await signIn(sb.url, uniqueEmail('check-digit'));
      const before = await account(sb.url, s.token);
      for (const [type, value, words] of [
        ['eu_vat', 'DE123456789', /check digit does not match/],
        ['gb_vat', 'GB123456789', /check digits do not match/],
        ['au_abn', '51824753557', /check digits do not match/],
        ['ca_bn', '123456789', /check digit does not match/],
        ['in_gst', '27AAPFU0939F1ZW', /check character does not match/],
      ] as const) {
        const res = await putDetails(s, { name: 'X', address: { line1: '1 Main Street', city: 'Arlington', state: 'VA', postalCode: '22201', country: 'US' }, taxIds: [{ type, value }] });
        assert.equal(res.status, 422, value);
        const problem = (await res.json()) as Problem;
        const error = problem.errors!.find((e) => e.field === 'taxIds.0.value')!;
        assert.equal(error.code, 'invalid_tax_id');
        assert.match(error.message, words);
      }
      assert.deepEqual({ ...(await account(sb.url, s.token)), asOf: '' }, { ...before, asOf: '' });
    });

    it('needs the province of a Canadian address (it decides the tax)', async () => {
      const s = await signIn(sb.url, uniqueEmail('province'));
      for (const [state, code] of [
        [undefined, 'required'],
        ['Atlantis', 'unknown_province'],
      ] as const) {
        const res = await putDetails(s, { name: 'X', address: { line1: '1 Main St', city: 'Toronto', postalCode: 'M5V 3L9', country: 'CA', ...(state ? { state } : {}) }, taxIds: [] });
        assert.equal(res.status, 422);
        assert.equal(((await res.json()) as Problem).errors!.find((e) => e.field === 'address.state')?.code, code);
      }
      assert.equal((await putDetails(s, { name: 'X', address: { line1: '1 Main St', city: 'Toronto', state: 'Ontario', postalCode: 'M5V 3L9', country: 'CA' }, taxIds: [] })).status, 200);
    });
  });

});

describe('sandbox tax with another seller configuration', function () {
  this.timeout(30_000);

  const business = (country: string, vat: string, postalCode: string): BillingDetailsInput => ({
    name: 'Kunde GmbH',
    address: { line1: 'Hauptstraße 1', city: 'Stadt', postalCode, country },
    taxIds: [{ type: 'eu_vat', value: vat }],
  });

  it('a German seller charges German VAT to a German business and reverse-charges a French one', async () => {
    const sb = await startInProcess({
      seller: { ...defaultConfig.seller, name: 'Beispiel GmbH', addressLines: ['Hauptstraße 5', '10115 Berlin', 'Germany'], country: 'DE', taxRegistrations: ['EU'], taxNumbers: { EU: 'DE136695976' } },
    });
    try {
      const de = await signIn(sb.url, uniqueEmail('seller-de'));
      const fr = await signIn(sb.url, uniqueEmail('seller-fr'));
      for (const [s, details] of [
        [de, business('DE', 'DE113866163', '10117')],
        [fr, business('FR', 'FR40303265045', '75001')],
      ] as const) {
        assert.equal((await api(sb.url, s.token, ApiPaths.billingDetails, { method: 'PUT', json: details })).status, 200);
        await setAccountState(sb.url, s.userId, 'active');
      }
      const latest = async (s: Session) => (await getJson<InvoiceList>(sb.url, s.token, `${ApiPaths.invoices}?limit=1`)).data[0]!;
      assert.deepEqual(shape((await latest(de)).taxLines), [['vat', 'DE', 'VAT 19%', 19000, 380]], 'domestic: no reverse charge');
      const frInvoice = await latest(fr);
      assert.deepEqual(shape(frInvoice.taxLines), [['reverse_charge', 'FR', 'VAT reverse charge', 0, 0]]);
      const res = await api(sb.url, fr.token, pathTo(ApiPaths.invoicePdf, { id: frInvoice.id }));
      const text = (await pdfText(new Uint8Array(await res.arrayBuffer()))).join('\n').replace(/\s+/g, ' ');
      assert.ok(text.includes('Beispiel GmbH') && text.includes('10115 Berlin') && text.includes('DE136695976'), text);
      assert.ok(!text.includes('Plan & Billing Sandbox Inc.'));
    } finally {
      await sb.close();
    }
  });

  it('a seller without registrations charges no tax anywhere', async () => {
    const sb = await startInProcess({ seller: { ...defaultConfig.seller, taxRegistrations: [], taxNumbers: {} } });
    try {
      const s = await signIn(sb.url, uniqueEmail('no-registrations'));
      await api(sb.url, s.token, ApiPaths.billingDetails, { method: 'PUT', json: { name: 'X', address: { line1: '8 Rue de Rivoli', city: 'Paris', postalCode: '75004', country: 'FR' }, taxIds: [] } });
      await setAccountState(sb.url, s.userId, 'active');
      const [invoice] = (await getJson<InvoiceList>(sb.url, s.token, ApiPaths.invoices)).data;
      assert.deepEqual([invoice!.taxLines, invoice!.total.amount], [[], 2000]);
    } finally {
      await sb.close();
    }
  });
});
