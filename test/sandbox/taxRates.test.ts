/** Tax on an invoice: places, rates, reverse charges and rounding (expected cents are worked out by hand). */
import { strict as assert } from 'node:assert';
import {
  AU_REVERSE_CHARGE_NOTE,
  EU_MEMBER_STATES,
  EU_REVERSE_CHARGE_NOTE,
  EU_STANDARD_RATES,
  IN_REVERSE_CHARGE_NOTE,
  UK_REVERSE_CHARGE_NOTE,
  formatRate,
  roundedTax,
  taxFor,
  type SellerTaxConfig,
  type TaxCustomer,
  type TaxLine,
  type TaxResult,
} from '../../sandbox/billing/taxRates';

const US_SELLER: SellerTaxConfig = { country: 'US', registrations: ['EU', 'GB', 'AU', 'IN', 'CA', 'CA-QC', 'CA-BC', 'CA-MB', 'CA-SK'] };
const TWENTY_DOLLARS = 2000;

type TaxId = TaxCustomer['taxIds'][number];
const customer = (country: string | null, state: string | null = null, taxIds: TaxId[] = []): TaxCustomer => ({ country, state, taxIds });
const verified = (type: string, value: string): TaxId => ({ type, value, verified: true });

/** taxFor, checking on the way that the total is the sum of the lines. */
function tax(cents: number, c: TaxCustomer, seller: SellerTaxConfig = US_SELLER): TaxResult {
  const result = taxFor(cents, c, seller);
  assert.equal(
    result.totalTax,
    result.lines.reduce((sum, line) => sum + line.amount, 0),
  );
  return result;
}

/** The lines as [label, jurisdiction, amount] for compact expectations. */
const summary = (result: TaxResult): [string, string, number][] => result.lines.map((l) => [l.label, l.jurisdiction, l.amount]);

function onlyLine(result: TaxResult): TaxLine {
  assert.equal(result.lines.length, 1);
  return result.lines[0]!;
}

describe('tax rates', () => {
  describe('EU consumers pay their country\'s standard rate on $20.00', () => {
    const expected: Record<string, [string, number]> = {
      AT: ['VAT 20%', 400],
      BE: ['VAT 21%', 420],
      BG: ['VAT 20%', 400],
      CY: ['VAT 19%', 380],
      CZ: ['VAT 21%', 420],
      DE: ['VAT 19%', 380],
      DK: ['VAT 25%', 500],
      EE: ['VAT 24%', 480],
      ES: ['VAT 21%', 420],
      FI: ['VAT 25.5%', 510],
      FR: ['VAT 20%', 400],
      GR: ['VAT 24%', 480],
      HR: ['VAT 25%', 500],
      HU: ['VAT 27%', 540],
      IE: ['VAT 23%', 460],
      IT: ['VAT 22%', 440],
      LT: ['VAT 21%', 420],
      LU: ['VAT 17%', 340],
      LV: ['VAT 21%', 420],
      MT: ['VAT 18%', 360],
      NL: ['VAT 21%', 420],
      PL: ['VAT 23%', 460],
      PT: ['VAT 23%', 460],
      RO: ['VAT 21%', 420],
      SE: ['VAT 25%', 500],
      SI: ['VAT 22%', 440],
      SK: ['VAT 23%', 460],
    };

    it('covers all 27 member states', () => {
      assert.deepEqual(Object.keys(expected).sort(), [...EU_MEMBER_STATES].sort());
      assert.equal(EU_MEMBER_STATES.length, 27);
    });

    for (const [country, [label, cents]] of Object.entries(expected)) {
      it(`${country}: ${label} = ${cents} cents`, () => {
        const result = tax(TWENTY_DOLLARS, customer(country));
        assert.deepEqual(result.lines, [
          { kind: 'vat', jurisdiction: country, label, rateMilliPercent: EU_STANDARD_RATES[country as keyof typeof EU_STANDARD_RATES], taxableAmount: 2000, amount: cents, note: null },
        ]);
        assert.equal(result.totalTax, cents);
      });
    }

    it('has the 2024–2025 changes: Finland 25.5%, Slovakia 23%, Estonia 24%, Romania 21%', () => {
      assert.equal(EU_STANDARD_RATES.FI, 25500);
      assert.equal(EU_STANDARD_RATES.SK, 23000);
      assert.equal(EU_STANDARD_RATES.EE, 24000);
      assert.equal(EU_STANDARD_RATES.RO, 21000);
      for (const rate of Object.values(EU_STANDARD_RATES)) assert.ok(Number.isSafeInteger(rate) && rate > 0);
    });

    it('taxes Monaco as France', () => {
      assert.deepEqual(summary(tax(TWENTY_DOLLARS, customer('MC'))), [['VAT 20%', 'FR', 400]]);
    });

    it('reads country codes and registrations in any case', () => {
      assert.deepEqual(summary(tax(TWENTY_DOLLARS, customer(' de '), { country: 'us', registrations: [' eu '] })), [['VAT 19%', 'DE', 380]]);
    });
  });

  describe('EU businesses', () => {
    it('get the reverse charge with a verified VAT ID from another member state', () => {
      const line = onlyLine(tax(TWENTY_DOLLARS, customer('FR', null, [verified('eu_vat', 'FR40303265045')])));
      assert.deepEqual(line, {
        kind: 'reverse_charge',
        jurisdiction: 'FR',
        label: 'VAT reverse charge',
        rateMilliPercent: 0,
        taxableAmount: 2000,
        amount: 0,
        note: 'Reverse charge: VAT to be accounted for by the recipient (Article 196, Council Directive 2006/112/EC).',
      });
      assert.equal(line.note, EU_REVERSE_CHARGE_NOTE);
    });

    it('get the reverse charge from an EU seller in another member state', () => {
      const seller: SellerTaxConfig = { country: 'DE', registrations: ['EU'] };
      assert.deepEqual(summary(tax(TWENTY_DOLLARS, customer('AT', null, [verified('eu_vat', 'ATU13585627')]), seller)), [['VAT reverse charge', 'AT', 0]]);
    });

    it('get the reverse charge from a seller registered only at home', () => {
      const seller: SellerTaxConfig = { country: 'DE', registrations: ['DE'] };
      assert.deepEqual(summary(tax(TWENTY_DOLLARS, customer('NL', null, [verified('eu_vat', 'NL004495445B01')]), seller)), [['VAT reverse charge', 'NL', 0]]);
      // …while its consumers abroad are not its to tax without the OSS.
      assert.deepEqual(tax(TWENTY_DOLLARS, customer('NL'), seller).lines, []);
    });

    it('in Greece use the EL prefix', () => {
      assert.deepEqual(summary(tax(TWENTY_DOLLARS, customer('GR', null, [verified('eu_vat', 'EL094259216')]))), [['VAT reverse charge', 'GR', 0]]);
    });

    it('pay German VAT when the seller is in Germany too', () => {
      const seller: SellerTaxConfig = { country: 'DE', registrations: ['EU'] };
      assert.deepEqual(summary(tax(TWENTY_DOLLARS, customer('DE', null, [verified('eu_vat', 'DE136695976')]), seller)), [['VAT 19%', 'DE', 380]]);
      assert.deepEqual(summary(tax(TWENTY_DOLLARS, customer('DE', null, [verified('eu_vat', 'DE136695976')]), { country: 'DE', registrations: ['DE'] })), [
        ['VAT 19%', 'DE', 380],
      ]);
    });

    it('pay the consumer rate with an unverified VAT ID', () => {
      assert.deepEqual(summary(tax(TWENTY_DOLLARS, customer('FR', null, [{ type: 'eu_vat', value: 'FR40303265045', verified: false }]))), [['VAT 20%', 'FR', 400]]);
    });

    it('pay the consumer rate with a VAT ID whose check digit is wrong, even if marked verified', () => {
      assert.deepEqual(summary(tax(TWENTY_DOLLARS, customer('FR', null, [verified('eu_vat', 'FR84323140391')]))), [['VAT 20%', 'FR', 400]]);
    });

    it('pay the consumer rate with a VAT ID from another member state than the billing address', () => {
      assert.deepEqual(summary(tax(TWENTY_DOLLARS, customer('FR', null, [verified('eu_vat', 'DE136695976')]))), [['VAT 20%', 'FR', 400]]);
    });

    it('pay the consumer rate when the only tax ID is of another type', () => {
      assert.deepEqual(summary(tax(TWENTY_DOLLARS, customer('FR', null, [verified('gb_vat', 'GB980780684')]))), [['VAT 20%', 'FR', 400]]);
    });

    it('may give the VAT ID as typed (spaces, dots, lower case)', () => {
      assert.deepEqual(summary(tax(TWENTY_DOLLARS, customer('FR', null, [verified('eu_vat', ' fr 40.303.265.045 ')]))), [['VAT reverse charge', 'FR', 0]]);
    });

    it('pay nothing here when the seller is registered nowhere in the EU', () => {
      assert.deepEqual(tax(TWENTY_DOLLARS, customer('FR', null, [verified('eu_vat', 'FR40303265045')]), { country: 'US', registrations: ['GB'] }).lines, []);
      assert.deepEqual(tax(TWENTY_DOLLARS, customer('FR'), { country: 'US', registrations: [] }).lines, []);
    });
  });

  describe('United Kingdom', () => {
    it('charges consumers 20%', () => {
      assert.deepEqual(summary(tax(TWENTY_DOLLARS, customer('GB'))), [['VAT 20%', 'GB', 400]]);
    });

    it('charges the Isle of Man as the UK', () => {
      assert.deepEqual(summary(tax(TWENTY_DOLLARS, customer('IM'))), [['VAT 20%', 'GB', 400]]);
    });

    it('reverse-charges a UK business buying from a seller outside the UK', () => {
      const line = onlyLine(tax(TWENTY_DOLLARS, customer('GB', null, [verified('gb_vat', 'GB980780684')])));
      assert.deepEqual(line, {
        kind: 'reverse_charge',
        jurisdiction: 'GB',
        label: 'VAT reverse charge',
        rateMilliPercent: 0,
        taxableAmount: 2000,
        amount: 0,
        note: UK_REVERSE_CHARGE_NOTE,
      });
    });

    it('reverse-charges a Northern Ireland business giving its XI number', () => {
      assert.deepEqual(summary(tax(TWENTY_DOLLARS, customer('GB', null, [verified('eu_vat', 'XI432525179')]))), [['VAT reverse charge', 'GB', 0]]);
      assert.deepEqual(summary(tax(TWENTY_DOLLARS, customer('GB', null, [verified('gb_vat', 'XI432525179')]))), [['VAT reverse charge', 'GB', 0]]);
    });

    it('charges a UK business 20% when the seller is in the UK', () => {
      const seller: SellerTaxConfig = { country: 'GB', registrations: ['GB'] };
      assert.deepEqual(summary(tax(TWENTY_DOLLARS, customer('GB', null, [verified('gb_vat', 'GB980780684')]), seller)), [['VAT 20%', 'GB', 400]]);
    });

    it('charges 20% when the UK VAT number is unverified or wrong', () => {
      assert.deepEqual(summary(tax(TWENTY_DOLLARS, customer('GB', null, [{ type: 'gb_vat', value: 'GB980780684', verified: false }]))), [['VAT 20%', 'GB', 400]]);
      assert.deepEqual(summary(tax(TWENTY_DOLLARS, customer('GB', null, [verified('gb_vat', 'GB980780685')]))), [['VAT 20%', 'GB', 400]]);
    });

    it('charges nothing when the seller is not registered in the UK', () => {
      assert.deepEqual(tax(TWENTY_DOLLARS, customer('GB'), { country: 'US', registrations: ['EU'] }).lines, []);
    });
  });

  describe('Australia', () => {
    it('charges consumers GST 10%', () => {
      assert.deepEqual(summary(tax(TWENTY_DOLLARS, customer('AU'))), [['GST 10%', 'AU', 200]]);
    });

    it('does not charge a GST-registered business buying from an overseas seller', () => {
      const line = onlyLine(tax(TWENTY_DOLLARS, customer('AU', 'NSW', [verified('au_abn', '51 824 753 556')])));
      assert.deepEqual(line, { kind: 'reverse_charge', jurisdiction: 'AU', label: 'GST reverse charge', rateMilliPercent: 0, taxableAmount: 2000, amount: 0, note: AU_REVERSE_CHARGE_NOTE });
    });

    it('charges a business GST when the seller is Australian', () => {
      const seller: SellerTaxConfig = { country: 'AU', registrations: ['AU'] };
      assert.deepEqual(summary(tax(TWENTY_DOLLARS, customer('AU', null, [verified('au_abn', '51824753556')]), seller)), [['GST 10%', 'AU', 200]]);
    });

    it('charges GST when the ABN is unverified or its check digits are wrong', () => {
      assert.deepEqual(summary(tax(TWENTY_DOLLARS, customer('AU', null, [{ type: 'au_abn', value: '51824753556', verified: false }]))), [['GST 10%', 'AU', 200]]);
      assert.deepEqual(summary(tax(TWENTY_DOLLARS, customer('AU', null, [verified('au_abn', '51824753557')]))), [['GST 10%', 'AU', 200]]);
    });

    it('charges nothing when the seller is not registered in Australia', () => {
      assert.deepEqual(tax(TWENTY_DOLLARS, customer('AU'), { country: 'US', registrations: ['EU', 'GB'] }).lines, []);
    });
  });

  describe('India', () => {
    it('charges consumers IGST 18% from an overseas seller', () => {
      assert.deepEqual(tax(TWENTY_DOLLARS, customer('IN', 'Maharashtra')).lines, [
        { kind: 'igst', jurisdiction: 'IN', label: 'IGST 18%', rateMilliPercent: 18000, taxableAmount: 2000, amount: 360, note: null },
      ]);
    });

    it('reverse-charges a registered business (GSTIN) buying from an overseas seller', () => {
      const line = onlyLine(tax(TWENTY_DOLLARS, customer('IN', 'Maharashtra', [verified('in_gst', '27AAPFU0939F1ZV')])));
      assert.deepEqual([line.kind, line.label, line.jurisdiction, line.amount, line.note], ['reverse_charge', 'IGST reverse charge', 'IN', 0, IN_REVERSE_CHARGE_NOTE]);
    });

    it('charges IGST when the GSTIN is unverified or its check character is wrong', () => {
      assert.deepEqual(summary(tax(TWENTY_DOLLARS, customer('IN', null, [{ type: 'in_gst', value: '27AAPFU0939F1ZV', verified: false }]))), [['IGST 18%', 'IN', 360]]);
      assert.deepEqual(summary(tax(TWENTY_DOLLARS, customer('IN', null, [verified('in_gst', '27AAPFU0939F1ZW')]))), [['IGST 18%', 'IN', 360]]);
    });

    describe('from an Indian seller (Maharashtra, 27)', () => {
      const seller: SellerTaxConfig = { country: 'IN', registrations: ['IN'], state: '27' };

      it('charges CGST 9% + SGST 9% within the state', () => {
        assert.deepEqual(summary(tax(TWENTY_DOLLARS, customer('IN', 'Maharashtra'), seller)), [
          ['CGST 9%', 'IN', 180],
          ['SGST 9%', 'IN-27', 180],
        ]);
        assert.equal(tax(TWENTY_DOLLARS, customer('IN', '27'), seller).totalTax, 360);
        assert.deepEqual(tax(TWENTY_DOLLARS, customer('IN', '27'), seller).lines.map((l) => l.kind), ['cgst', 'sgst'], "the contract's kinds");
        assert.deepEqual(tax(TWENTY_DOLLARS, customer('IN', 'Karnataka'), seller).lines.map((l) => l.kind), ['igst']);
      });

      it('charges IGST 18% to another state, by address or by the GSTIN\'s state code', () => {
        assert.deepEqual(summary(tax(TWENTY_DOLLARS, customer('IN', 'Karnataka'), seller)), [['IGST 18%', 'IN', 360]]);
        assert.deepEqual(summary(tax(TWENTY_DOLLARS, customer('IN', 'Maharashtra', [verified('in_gst', '29AAICA3918J1ZE')]), seller)), [['IGST 18%', 'IN', 360]]);
      });

      it('charges a registered business in the same state CGST + SGST (no reverse charge at home)', () => {
        assert.deepEqual(summary(tax(TWENTY_DOLLARS, customer('IN', null, [verified('in_gst', '27AAPFU0939F1ZV')]), seller)), [
          ['CGST 9%', 'IN', 180],
          ['SGST 9%', 'IN-27', 180],
        ]);
      });

      it('uses the seller\'s state when the customer\'s is unknown (the supplier\'s location)', () => {
        assert.deepEqual(summary(tax(TWENTY_DOLLARS, customer('IN', null), seller)), [
          ['CGST 9%', 'IN', 180],
          ['SGST 9%', 'IN-27', 180],
        ]);
      });

      it('charges UTGST in a Union Territory without a legislature', () => {
        const chandigarh: SellerTaxConfig = { country: 'IN', registrations: ['IN'], state: 'Chandigarh' };
        assert.deepEqual(summary(tax(TWENTY_DOLLARS, customer('IN', '04'), chandigarh)), [
          ['CGST 9%', 'IN', 180],
          ['UTGST 9%', 'IN-04', 180],
        ]);
      });

      it('needs the seller\'s state', () => {
        assert.throws(() => taxFor(TWENTY_DOLLARS, customer('IN', 'Maharashtra'), { country: 'IN', registrations: ['IN'] }), RangeError);
      });
    });
  });

  describe('Canada', () => {
    const expected: Record<string, [string, string, number][]> = {
      AB: [['GST 5%', 'CA', 100]],
      BC: [
        ['GST 5%', 'CA', 100],
        ['PST 7%', 'CA-BC', 140],
      ],
      MB: [
        ['GST 5%', 'CA', 100],
        ['RST 7%', 'CA-MB', 140],
      ],
      NB: [['HST 15%', 'CA-NB', 300]],
      NL: [['HST 15%', 'CA-NL', 300]],
      NS: [['HST 14%', 'CA-NS', 280]],
      NT: [['GST 5%', 'CA', 100]],
      NU: [['GST 5%', 'CA', 100]],
      ON: [['HST 13%', 'CA-ON', 260]],
      PE: [['HST 15%', 'CA-PE', 300]],
      // 9.975% of $20.00 is 199.5¢, rounded half away from zero.
      QC: [
        ['GST 5%', 'CA', 100],
        ['QST 9.975%', 'CA-QC', 200],
      ],
      SK: [
        ['GST 5%', 'CA', 100],
        ['PST 6%', 'CA-SK', 120],
      ],
      YT: [['GST 5%', 'CA', 100]],
    };
    for (const [province, lines] of Object.entries(expected)) {
      it(`${province}: ${lines.map(([label]) => label).join(' + ')}`, () => {
        const result = tax(TWENTY_DOLLARS, customer('CA', province));
        assert.deepEqual(summary(result), lines);
        assert.equal(
          result.totalTax,
          lines.reduce((sum, [, , cents]) => sum + cents, 0),
        );
      });
    }

    it('gives each line its kind and the subtotal as the taxable amount (QST is not charged on the GST)', () => {
      assert.deepEqual(tax(1342, customer('CA', 'QC')).lines, [
        { kind: 'gst', jurisdiction: 'CA', label: 'GST 5%', rateMilliPercent: 5000, taxableAmount: 1342, amount: 67, note: null },
        { kind: 'qst', jurisdiction: 'CA-QC', label: 'QST 9.975%', rateMilliPercent: 9975, taxableAmount: 1342, amount: 134, note: null },
      ]);
      assert.deepEqual(
        tax(TWENTY_DOLLARS, customer('CA', 'ON')).lines.map((l) => l.kind),
        ['hst'],
      );
      assert.deepEqual(
        tax(TWENTY_DOLLARS, customer('CA', 'BC')).lines.map((l) => l.kind),
        ['gst', 'pst'],
      );
    });

    it('reads province names in English and French and ISO 3166-2 codes', () => {
      for (const state of ['Ontario', 'ontario', 'CA-ON', ' on ']) assert.deepEqual(summary(tax(TWENTY_DOLLARS, customer('CA', state))), [['HST 13%', 'CA-ON', 260]], state);
      for (const state of ['Québec', 'Quebec', 'QC']) assert.equal(tax(TWENTY_DOLLARS, customer('CA', state)).totalTax, 300, state);
      assert.equal(tax(TWENTY_DOLLARS, customer('CA', 'Colombie-Britannique')).totalTax, 240);
      assert.equal(tax(TWENTY_DOLLARS, customer('CA', 'Île-du-Prince-Édouard')).totalTax, 300);
      assert.equal(tax(TWENTY_DOLLARS, customer('CA', 'Newfoundland and Labrador')).totalTax, 300);
    });

    it('charges the GST only when the province is missing or not recognized', () => {
      for (const state of [null, '', 'Ontari', 'XX']) assert.deepEqual(summary(tax(TWENTY_DOLLARS, customer('CA', state))), [['GST 5%', 'CA', 100]], String(state));
    });

    it('charges a provincial tax only where the seller is registered for it', () => {
      const gstOnly: SellerTaxConfig = { country: 'US', registrations: ['CA'] };
      assert.deepEqual(summary(tax(TWENTY_DOLLARS, customer('CA', 'QC'), gstOnly)), [['GST 5%', 'CA', 100]]);
      assert.deepEqual(summary(tax(TWENTY_DOLLARS, customer('CA', 'ON'), gstOnly)), [['HST 13%', 'CA-ON', 260]]);
      const qstOnly: SellerTaxConfig = { country: 'US', registrations: ['CA-QC'] };
      assert.deepEqual(summary(tax(TWENTY_DOLLARS, customer('CA', 'QC'), qstOnly)), [['QST 9.975%', 'CA-QC', 200]]);
      assert.deepEqual(tax(TWENTY_DOLLARS, customer('CA', 'QC'), { country: 'US', registrations: ['EU'] }).lines, []);
    });

    it('charges a business with a BN like a consumer', () => {
      assert.equal(tax(TWENTY_DOLLARS, customer('CA', 'ON', [verified('ca_bn', '123026635RT0001')])).totalTax, 260);
    });
  });

  describe('no tax', () => {
    it('in the US (an empty list)', () => {
      assert.deepEqual(tax(TWENTY_DOLLARS, customer('US', 'CA', [verified('us_ein', '91-1144442')])), { lines: [], totalTax: 0 });
    });

    it('in countries the seller does not collect in', () => {
      for (const country of ['CH', 'NO', 'JP', 'BR', 'JE', 'AX', 'XX']) assert.deepEqual(tax(TWENTY_DOLLARS, customer(country)), { lines: [], totalTax: 0 }, country);
    });

    it('without an address', () => {
      assert.deepEqual(tax(TWENTY_DOLLARS, customer(null)), { lines: [], totalTax: 0 });
      assert.deepEqual(tax(TWENTY_DOLLARS, customer('')), { lines: [], totalTax: 0 });
      assert.deepEqual(tax(TWENTY_DOLLARS, customer(null, 'ON', [verified('eu_vat', 'DE136695976')])), { lines: [], totalTax: 0 });
    });
  });

  describe('rounding (per line, half away from zero)', () => {
    it('rounds 9.975% of $13.42 (133.8645¢) to 134¢', () => {
      assert.equal(roundedTax(1342, 9975), 134);
    });

    it('rounds exact halves away from zero', () => {
      assert.equal(roundedTax(50, 19000), 10); // 9.5
      assert.equal(roundedTax(-50, 19000), -10);
      assert.equal(roundedTax(10, 5000), 1); // 0.5
      assert.equal(roundedTax(-10, 5000), -1);
      assert.equal(roundedTax(2000, 9975), 200); // 199.5
      assert.equal(roundedTax(-2000, 9975), -200);
    });

    it('rounds below a half down and above it up', () => {
      assert.equal(roundedTax(9, 5000), 0); // 0.45
      assert.equal(roundedTax(11, 5000), 1); // 0.55
      assert.equal(roundedTax(1, 21000), 0); // 0.21
      assert.equal(roundedTax(2, 25500), 1); // 0.51
      assert.equal(roundedTax(1999, 19000), 380); // 379.81
      assert.equal(roundedTax(1997, 19000), 379); // 379.43
    });

    it('rounds each line on its own, not the combined rate', () => {
      // QC on 10¢: GST 0.5 → 1 and QST 0.9975 → 1, total 2 (14.975% in one go would be 1.4975 → 1).
      assert.equal(tax(10, customer('CA', 'QC')).totalTax, 2);
      assert.equal(tax(1342, customer('CA', 'QC')).totalTax, 201);
    });

    it('mirrors a credit exactly: the tax on −x is −(the tax on x), never −0', () => {
      for (const rate of [5000, 9975, 13000, 17000, 19000, 25500, 27000]) {
        for (let cents = 0; cents <= 3000; cents++) {
          const up = roundedTax(cents, rate);
          const down = roundedTax(-cents, rate);
          assert.ok(Object.is(down, up === 0 ? 0 : -up), `${rate} ${cents}`);
        }
      }
    });
  });

  describe('zero and negative subtotals', () => {
    it('keeps the lines at zero, with no −0', () => {
      const result = tax(0, customer('CA', 'QC'));
      assert.deepEqual(summary(result), [
        ['GST 5%', 'CA', 0],
        ['QST 9.975%', 'CA-QC', 0],
      ]);
      assert.ok(result.lines.every((l) => Object.is(l.amount, 0)) && Object.is(result.totalTax, 0));
      assert.deepEqual(summary(tax(0, customer('FR', null, [verified('eu_vat', 'FR40303265045')]))), [['VAT reverse charge', 'FR', 0]]);
    });

    it('gives a credit negative tax, rounded the same way', () => {
      const credit = tax(-2000, customer('DE'));
      assert.deepEqual(summary(credit), [['VAT 19%', 'DE', -380]]);
      assert.equal(credit.lines[0]!.taxableAmount, -2000);
      assert.deepEqual(summary(tax(-1342, customer('CA', 'QC'))), [
        ['GST 5%', 'CA', -67],
        ['QST 9.975%', 'CA-QC', -134],
      ]);
      assert.deepEqual(summary(tax(-2000, customer('CA', 'QC'))), [
        ['GST 5%', 'CA', -100],
        ['QST 9.975%', 'CA-QC', -200],
      ]);
      assert.equal(tax(-1342, customer('CA', 'QC')).totalTax, -201);
    });
  });

  describe('large amounts', () => {
    it('is exact up to the largest safe number of cents', () => {
      assert.equal(roundedTax(Number.MAX_SAFE_INTEGER, 27000), 2431943798780068);
      assert.equal(roundedTax(-Number.MAX_SAFE_INTEGER, 27000), -2431943798780068);
      // $1,000,000,000.00 in Quebec.
      assert.deepEqual(summary(tax(100_000_000_000, customer('CA', 'QC'))), [
        ['GST 5%', 'CA', 5_000_000_000],
        ['QST 9.975%', 'CA-QC', 9_975_000_000],
      ]);
      assert.equal(tax(123_456_789_012_345, customer('HU')).totalTax, 33_333_333_033_333); // 27% of 123456789012345 = …033333.15
    });

    it('refuses a subtotal that is not a whole, safe number of cents', () => {
      for (const bad of [1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1]) {
        assert.throws(() => taxFor(bad, customer('DE'), US_SELLER), RangeError, String(bad));
      }
    });
  });

  describe('formatRate', () => {
    it('writes the rate with as many decimals as it has', () => {
      const cases: [number, string][] = [
        [19000, '19%'],
        [9975, '9.975%'],
        [25500, '25.5%'],
        [5000, '5%'],
        [0, '0%'],
        [100000, '100%'],
        [12340, '12.34%'],
        [10, '0.01%'],
        [1, '0.001%'],
      ];
      for (const [rate, text] of cases) assert.equal(formatRate(rate), text);
    });

    it('refuses negative and fractional rates', () => {
      for (const bad of [-1, 1.5, Number.NaN]) assert.throws(() => formatRate(bad), RangeError);
    });
  });
});
