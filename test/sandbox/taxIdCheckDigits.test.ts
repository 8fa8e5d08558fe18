/**
 * Tax ID check digits. The valid numbers are published examples, mostly from
 * python-stdnum's doctests (tests/test_eu_vat.doctest, test_gb_vat, test_au_abn,
 * test_ca_bn and the modules' docstrings), typed in normalized form.
 */
import { strict as assert } from 'node:assert';
import { taxIdCheck, type TaxIdCheck, type TaxIdCheckReason, type TaxIdCheckType } from '../../sandbox/validation/taxIdCheckDigits';

const DIGITS = '0123456789';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

interface Group {
  readonly label: string;
  readonly type: TaxIdCheckType;
  readonly values: readonly string[];
  /** Indexes of the check characters in the normalized value; empty when the number has none. */
  readonly checkAt: (value: string) => readonly number[];
  /** The characters a check letter can be (a digit is always replaced by the other nine digits). */
  readonly letters?: string;
  /** Changed numbers that are valid under another of the country's published schemes. */
  readonly alsoValid?: readonly string[];
}

const last = (value: string): number[] => [value.length - 1];
const lastTwo = (value: string): number[] => [value.length - 2, value.length - 1];
const at =
  (...indexes: number[]) =>
  (): number[] =>
    indexes;
const none = (): number[] => [];

const GROUPS: readonly Group[] = [
  { label: 'AT', type: 'eu_vat', values: ['ATU13585627', 'ATU46080404', 'ATU61195628', 'ATU65033803'], checkAt: last },
  { label: 'BE', type: 'eu_vat', values: ['BE0428759497', 'BE0403019261', 'BE0202239951', 'BE0897290877'], checkAt: lastTwo },
  { label: 'BG company', type: 'eu_vat', values: ['BG175074752', 'BG103873594', 'BG200442771'], checkAt: last },
  // A 10-digit Bulgarian number is valid as a personal number (EGN), a foreigner's number (LNCh) or another
  // mod 11 number, and nothing in it says which: each prefix has up to three valid last digits.
  {
    label: 'BG person (EGN)',
    type: 'eu_vat',
    values: ['BG7523169263', 'BG8032056031', 'BG7542011030'],
    checkAt: last,
    alsoValid: ['BG7523169265', 'BG7523169267', 'BG8032056033', 'BG8032056035', 'BG7542011035', 'BG7542011038'],
  },
  { label: 'BG foreigner (LNCh)', type: 'eu_vat', values: ['BG7111042925'], checkAt: last, alsoValid: ['BG7111042920'] },
  { label: 'CY', type: 'eu_vat', values: ['CY10259033P', 'CY10246672X', 'CY00632993F'], checkAt: last, letters: LETTERS },
  { label: 'CZ company', type: 'eu_vat', values: ['CZ25123891', 'CZ61467839', 'CZ00023205'], checkAt: last },
  { label: 'CZ individual without birth number', type: 'eu_vat', values: ['CZ640903926', 'CZ682127228'], checkAt: last },
  { label: 'CZ birth number', type: 'eu_vat', values: ['CZ7103192745', 'CZ6306150004', 'CZ7652046248'], checkAt: last },
  { label: 'CZ birth number before 1954 (no check digit)', type: 'eu_vat', values: ['CZ991231123'], checkAt: none },
  { label: 'DE', type: 'eu_vat', values: ['DE136695976', 'DE113866163', 'DE811363057', 'DE246595415'], checkAt: last },
  { label: 'DK', type: 'eu_vat', values: ['DK13585628', 'DK20646446', 'DK36149213'], checkAt: last },
  { label: 'EE', type: 'eu_vat', values: ['EE100931558', 'EE100594102', 'EE101256753'], checkAt: last },
  { label: 'EL', type: 'eu_vat', values: ['EL094259216', 'EL094501040', 'EL998386804'], checkAt: last },
  { label: 'ES DNI', type: 'eu_vat', values: ['ES54362315K'], checkAt: last, letters: LETTERS },
  { label: 'ES NIE', type: 'eu_vat', values: ['ESX5253868R', 'ESY5277343F', 'ESZ5277343K', 'ESX2482300W'], checkAt: last, letters: LETTERS },
  // A company's check can be a digit or the matching letter (JABCDEFGHI); a digit is replaced by digits, a letter by letters.
  { label: 'ES CIF with a digit', type: 'eu_vat', values: ['ESB64717838', 'ESA28184661', 'ESJ99216582'], checkAt: last },
  { label: 'ES CIF with a letter', type: 'eu_vat', values: ['ESQ0818001J', 'ESR9600075G', 'ESW4003922D'], checkAt: last, letters: LETTERS },
  { label: 'ES K/L/M', type: 'eu_vat', values: ['ESM1234567L'], checkAt: last, letters: LETTERS },
  { label: 'FI', type: 'eu_vat', values: ['FI20774740', 'FI02459042', 'FI09826511'], checkAt: last },
  // Numeric key and the SIREN's Luhn digit. The newer alphanumeric key is partly a serial (about one key in
  // eleven fits a SIREN), so only the SIREN digit is a check digit there. Monaco numbers have no SIREN.
  { label: 'FR numeric key', type: 'eu_vat', values: ['FR40303265045', 'FR23334175221', 'FR83404833048'], checkAt: at(2, 3, 12) },
  { label: 'FR alphanumeric key', type: 'eu_vat', values: ['FRK7399859412', 'FR4Z123456782'], checkAt: at(12) },
  { label: 'FR Monaco', type: 'eu_vat', values: ['FR16000063601', 'FR32000000330'], checkAt: at(2, 3) },
  { label: 'HR', type: 'eu_vat', values: ['HR33392005961', 'HR94577403194', 'HR69435151530'], checkAt: last },
  { label: 'HU', type: 'eu_vat', values: ['HU12892312', 'HU10672101', 'HU64241281'], checkAt: last },
  { label: 'IE', type: 'eu_vat', values: ['IE6433435F', 'IE4550159S', 'IE8223200U'], checkAt: at(9), letters: 'ABCDEFGHIJKLMNOPQRSTUVW' },
  { label: 'IE 2013 format', type: 'eu_vat', values: ['IE6433435OA', 'IE6433435IH'], checkAt: at(9), letters: 'ABCDEFGHIJKLMNOPQRSTUVW' },
  { label: 'IE old format', type: 'eu_vat', values: ['IE8D79739I', 'IE9Y71814N'], checkAt: at(9), letters: 'ABCDEFGHIJKLMNOPQRSTUVW' },
  { label: 'IT', type: 'eu_vat', values: ['IT00743110157', 'IT01404480202', 'IT12920760159'], checkAt: last },
  { label: 'LT company', type: 'eu_vat', values: ['LT119511515', 'LT354991917'], checkAt: last },
  { label: 'LT temporary', type: 'eu_vat', values: ['LT100001919017', 'LT100004801610', 'LT290068995116'], checkAt: last },
  { label: 'LU', type: 'eu_vat', values: ['LU15027442', 'LU10059929', 'LU22944200'], checkAt: lastTwo },
  { label: 'LV company', type: 'eu_vat', values: ['LV40003521600', 'LV90000528023', 'LV50003087101'], checkAt: last },
  { label: 'LV person', type: 'eu_vat', values: ['LV16117519997', 'LV32867300679'], checkAt: last },
  { label: 'MT', type: 'eu_vat', values: ['MT11679112', 'MT20630321', 'MT19661023'], checkAt: lastTwo },
  { label: 'NL classic (BSN/RSIN + B01)', type: 'eu_vat', values: ['NL004495445B01', 'NL806753742B01', 'NL001545668B01'], checkAt: at(10) },
  { label: 'NL btw-id (mod 97)', type: 'eu_vat', values: ['NL002455799B11', 'NL001452330B47', 'NL001162938B28'], checkAt: lastTwo },
  { label: 'PL', type: 'eu_vat', values: ['PL8567346215', 'PL5261025421', 'PL7680002466'], checkAt: last },
  { label: 'PT', type: 'eu_vat', values: ['PT501964843', 'PT500019720', 'PT503038083'], checkAt: last },
  { label: 'RO', type: 'eu_vat', values: ['RO18547290', 'RO573768', 'RO1822964', 'RO27849238'], checkAt: last },
  { label: 'SE', type: 'eu_vat', values: ['SE123456789701', 'SE556043606401', 'SE202100500001'], checkAt: at(11) },
  { label: 'SI', type: 'eu_vat', values: ['SI50223054', 'SI26808498', 'SI92351069'], checkAt: last },
  { label: 'SK', type: 'eu_vat', values: ['SK2022749619', 'SK1078449064', 'SK2021853504'], checkAt: last },
  { label: 'XI (as eu_vat)', type: 'eu_vat', values: ['XI432525179', 'XI980780684'], checkAt: at(9, 10) },
  { label: 'GB standard, 9755 and branch', type: 'gb_vat', values: ['GB980780684', 'GB002425728', 'GB100190874', 'GB653599494', 'GB242338087388'], checkAt: at(9, 10) },
  { label: 'XI (as gb_vat)', type: 'gb_vat', values: ['XI432525179'], checkAt: at(9, 10) },
  { label: 'GB government and health (short)', type: 'gb_vat', values: ['GBGD100', 'GBHA501'], checkAt: none },
  { label: 'GB government and health (EU form)', type: 'gb_vat', values: ['GBGD888810003', 'GBHA888856782'], checkAt: lastTwo },
  { label: 'AU ABN', type: 'au_abn', values: ['51824753556', '83914571673', '53004085616', '11574456001'], checkAt: at(0, 1) },
  { label: 'CA BN', type: 'ca_bn', values: ['123026635', '123026635RC0001', '100078294RC0002', '700706898RT0001'], checkAt: at(8) },
  { label: 'IN GSTIN', type: 'in_gst', values: ['27AAPFU0939F1ZV', '33GSPTN0231G1ZM', '29AAICA3918J1ZE', '24AAACC1206D1ZM'], checkAt: last, letters: LETTERS },
  { label: 'US EIN (no check digit)', type: 'us_ein', values: ['91-1144442', '04-2103594', '12-3456789'], checkAt: none },
];

const EU_PREFIXES = ['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'EL', 'ES', 'FI', 'FR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK'];

/** Every value that differs from `value` in exactly one check character (same kind of character). */
function checkCharacterChanges(group: Group, value: string): string[] {
  const changes: string[] = [];
  for (const i of group.checkAt(value)) {
    const original = value[i]!;
    // A GSTIN's check character is one of 36; elsewhere a digit stays a digit and a letter a letter.
    const alphabet = group.type === 'in_gst' ? DIGITS + LETTERS : DIGITS.includes(original) ? DIGITS : (group.letters ?? LETTERS);
    for (const c of alphabet) if (c !== original) changes.push(value.slice(0, i) + c + value.slice(i + 1));
  }
  return changes;
}

function refusal(result: TaxIdCheck): { reason: TaxIdCheckReason; message: string } {
  assert.equal(result.ok, false);
  if (result.ok) throw new Error('unreachable');
  return result;
}

function assertSentence(message: string): void {
  assert.match(message, /^[A-Z0-9"].*\.$/, `not a sentence: ${message}`);
}

/**
 * Mangled numbers: python-stdnum's "check digit is wrong" list and docstring
 * examples, plus published numbers above with one check character changed.
 * (An EIN has no check digit; its prefixes are tested above.)
 */
const WRONG_CHECK_DIGITS: readonly [TaxIdCheckType, string][] = [
  ...(
    [
      'ATU14343102', 'ATU15169209', 'ATU46080904', 'ATU61191628', 'ATU13585626',
      'BE0406139583', 'BE0793013186', 'BE0456973432', 'BE0697449982', 'BE0431150351',
      'BG1037735942', 'BG131172009', 'BG147147471', 'BG200940556', 'BG175074751', 'BG7111042922',
      'CY10246672F', 'CY10009489A', 'CY10257074Y', 'CY00632893F', 'CY10259033Z',
      'CZ25557481', 'CZ48207726', 'CZ640913926', 'CZ8058018314', 'CZ25123890', 'CZ7103192746',
      'DE125014855', 'DE246495415', 'DE813913875', 'DE266297673', 'DE136695978',
      'DK11965658', 'DK25652202', 'DK27996592', 'DK10159817', 'DK13585627',
      'EE100941558', 'EE100525487', 'EE101586639', 'EE101256754', 'EE100594103',
      'EL094013834', 'EL094068733', 'EL094501140', 'EL094269805', 'EL123456781',
      'ES54362415K', 'ESK2814015F', 'ESX2322300W', 'ESA48951310', 'ESB64717839', 'ES54362315Z', 'ESX2482300A', 'ESJ99216583',
      'FI20774741', 'FI02459043',
      'FR04409414264', 'FR21326565603', 'FRK7399859312', 'FRL7399859412', 'FR84323140391',
      'HR33392005962', 'HR94577403195',
      'HU12892313', 'HU10672102',
      'IE4731823H', 'IE6323421C', 'IE5339273F', 'IE8D79729I', 'IE6433435E',
      'IT00743110158', 'IT01404480203',
      'LT100001919018', 'LT119511516',
      'LU15027443', 'LU10059928',
      'LV40003189715', 'LV90000528022', 'LV10103241337', 'LV42103048181', 'LV40003521601', 'LV32867300677',
      'MT11679113', 'MT20630322',
      'NL123456789B90', 'NL004495446B01',
      'PL8567346216', 'PL5261025422',
      'PT501964842', 'PT500019721',
      'RO18547291', 'RO573769',
      'SE123456789101', 'SE556043606501',
      'SI50223055', 'SI26808499',
      'SK1078449164', 'SK3022749619', 'SK2030237945', 'SK2020457679', 'SK2022749618',
    ] as const
  ).map((value): [TaxIdCheckType, string] => ['eu_vat', value]),
  ['eu_vat', 'XI432525178'],
  ['gb_vat', 'GB802311781'],
  ['gb_vat', 'GB001234567'],
  ['gb_vat', 'GB980780685'],
  ['gb_vat', 'GB242338088388'],
  ['gb_vat', 'GBGD888810004'],
  ['au_abn', '99999999999'],
  ['au_abn', '51824753557'],
  ['au_abn', '83914571674'],
  ['au_abn', '10824753556'],
  ['ca_bn', '123456783'],
  ['ca_bn', '123026636'],
  ['ca_bn', '123026634RC0001'],
  ['in_gst', '27AAPFU0939F1ZO'],
  ['in_gst', '27AAPFU0939F1ZW'],
  ['in_gst', '33GSPTN0231G1ZN'],
];

describe('tax ID check digits', () => {
  describe('published valid numbers are accepted', () => {
    for (const group of GROUPS) {
      it(`${group.label}: ${group.values.join(', ')}`, () => {
        for (const value of group.values) assert.deepEqual(taxIdCheck(group.type, value), { ok: true }, value);
      });
    }
  });

  it('has at least two valid numbers for every EU member state and every type', () => {
    const count = new Map<string, number>();
    for (const group of GROUPS) {
      for (const value of group.values) {
        const key = group.type === 'eu_vat' ? value.slice(0, 2) : group.type;
        count.set(key, (count.get(key) ?? 0) + 1);
      }
    }
    for (const key of [...EU_PREFIXES, 'gb_vat', 'us_ein', 'au_abn', 'ca_bn', 'in_gst']) assert.ok((count.get(key) ?? 0) >= 2, key);
  });

  describe('every single change of a check character is refused with check_digit', () => {
    const withChecks = GROUPS.filter((g) => g.values.some((v) => g.checkAt(v).length > 0));
    const changes = new Map(withChecks.map((g) => [g, g.values.flatMap((v) => checkCharacterChanges(g, v))]));
    for (const group of withChecks) {
      const changed = changes.get(group)!;
      it(`${group.label} (${changed.length} changes)`, () => {
        const accepted = changed.filter((v) => taxIdCheck(group.type, v).ok && !group.alsoValid?.includes(v));
        const otherReason = changed.filter((v) => {
          const result = taxIdCheck(group.type, v);
          return !result.ok && result.reason !== 'check_digit';
        });
        assert.deepEqual(accepted, [], 'accepted');
        for (const v of group.alsoValid ?? []) assert.deepEqual(taxIdCheck(group.type, v), { ok: true }, v);
        assert.deepEqual(otherReason, [], 'refused for another reason');
      });
    }
    const total = [...changes.values()].reduce((n, c) => n + c.length, 0);
    it(`covers ${total} changed numbers in all`, () => assert.ok(total > 1000));
  });

  describe('wrong length or shape is refused with format', () => {
    for (const prefix of EU_PREFIXES) {
      const valid = GROUPS.find((g) => g.type === 'eu_vat' && g.values[0]!.startsWith(prefix))!.values[0]!;
      const body = valid.slice(2);
      const middle = Math.floor(body.length / 2);
      const cases = [prefix + body.slice(0, 1), prefix + body + '1234567', prefix + body.slice(0, middle) + '?' + body.slice(middle + 1), prefix];
      it(`${prefix}: ${cases.join(', ')}`, () => {
        for (const value of cases) assert.equal(refusal(taxIdCheck('eu_vat', value)).reason, 'format', value);
      });
    }

    const SHAPES: readonly [TaxIdCheckType, string, string][] = [
      ['eu_vat', 'DE011125440', 'a German number starts with 1–9'],
      ['eu_vat', 'DE24659541', 'eight digits'],
      ['eu_vat', 'AT142431021', 'no U'],
      ['eu_vat', 'BE2202239951', 'starts with 2'],
      ['eu_vat', 'BE0000000000', 'all zeros'],
      ['eu_vat', 'CY12259033P', 'a Cypriot number does not start with 12'],
      ['eu_vat', 'CY102590330', 'the check is a letter'],
      ['eu_vat', 'CZ95123891', 'an 8-digit Czech number does not start with 9'],
      ['eu_vat', 'CZ1103492745', 'birth number with day 49 of March'],
      ['eu_vat', 'CZ590312123', 'nine-digit birth number after 1953'],
      ['eu_vat', 'ESO1234567L', 'O is not a Spanish entity letter'],
      ['eu_vat', 'ESB5837843', 'eight characters'],
      ['eu_vat', 'FRIO334175221', 'the key has no I or O'],
      ['eu_vat', 'IE4550C59S', 'a letter among the digits'],
      ['eu_vat', 'IE6433435X', 'X is not a check letter'],
      ['eu_vat', 'IT00687129980', 'office code 998 does not exist'],
      ['eu_vat', 'IT00000000000', 'no company number'],
      ['eu_vat', 'LT100001354', 'a 9-digit number has 1 as its 8th digit'],
      ['eu_vat', 'LT100001509922', 'a 12-digit number has 1 as its 11th digit'],
      ['eu_vat', 'LV16137519997', 'personal code with month 13'],
      ['eu_vat', 'MT01679112', 'starts with 0'],
      ['eu_vat', 'NL001241643801', 'no B'],
      ['eu_vat', 'NL009122746B00', 'branch 00'],
      ['eu_vat', 'NL000000000B01', 'no number'],
      ['eu_vat', 'PT001964843', 'starts with 0'],
      ['eu_vat', 'RO1630615123457', 'a personal code (CNP) is not a VAT number'],
      ['eu_vat', 'RO0573768', 'starts with 0'],
      ['eu_vat', 'SE55643359201', 'eleven digits before 01'],
      ['eu_vat', 'SE556433592402', 'ends with 02'],
      ['eu_vat', 'SI05022305', 'starts with 0'],
      ['eu_vat', 'SK0122749619', 'starts with 0'],
      ['eu_vat', 'SK2012749619', 'third digit 1'],
      ['eu_vat', '123456789', 'no prefix'],
      ['eu_vat', '', 'empty'],
      ['gb_vat', 'GB98078068', 'eight digits'],
      ['gb_vat', 'GB9807806842', 'ten digits'],
      ['gb_vat', 'GB9807806B4', 'a letter'],
      ['gb_vat', '980780684', 'no prefix'],
      ['gb_vat', 'GBGD600', 'a government department is below 500'],
      ['gb_vat', 'GBHA201', 'a health authority is 500 or above'],
      ['gb_vat', 'GBZZ100', 'unknown short code'],
      ['gb_vat', 'GBGD8888567B2', 'a letter'],
      ['us_ein', '911144442', 'no dash'],
      ['us_ein', '911-14-4442', 'dash in the wrong place'],
      ['us_ein', '91-114444', 'six digits after the dash'],
      ['au_abn', '5182475355', 'ten digits'],
      ['au_abn', '518247535561', 'twelve digits'],
      ['au_abn', '5182475355A', 'a letter'],
      ['ca_bn', '12302663', 'eight digits'],
      ['ca_bn', '12345678Z', 'a letter'],
      ['ca_bn', '123026635AA0001', 'AA is not a program'],
      ['ca_bn', '123026635RC001', 'three-digit reference'],
      ['ca_bn', '123026635RCOOO1', 'letters in the reference'],
      ['in_gst', '27AAPFU0939F1Z', 'fourteen characters'],
      ['in_gst', '369296450896540', 'all digits'],
      ['in_gst', '27AAPFU0939F1AV', 'the 14th character is Z'],
      ['in_gst', '27AAPFU0939F0ZV', 'entity number 0'],
      ['in_gst', '27AAPXU0939F1ZV', 'X is not a PAN holder type'],
      ['in_gst', '27AAPFU0000F1ZV', 'PAN serial 0000'],
      ['in_gst', '27AAPFU09391ZV1', 'PAN without its final letter'],
    ];
    for (const [type, value, why] of SHAPES) {
      it(`${type} "${value}" (${why})`, () => {
        const { reason, message } = refusal(taxIdCheck(type, value));
        assert.equal(reason, 'format');
        assert.match(message, /for example|form 12-3456789/);
      });
    }
  });

  describe('unknown prefixes and state codes', () => {
    it('refuses prefixes that are not EU member states, with a hint for Greece and the UK', () => {
      for (const value of ['XX123456789', 'QQ124567', 'CH123456789']) assert.equal(refusal(taxIdCheck('eu_vat', value)).reason, 'unknown_prefix', value);
      assert.match(refusal(taxIdCheck('eu_vat', 'GR094259216')).message, /Greece uses the prefix EL\./);
      assert.match(refusal(taxIdCheck('eu_vat', 'GB980780684')).message, /UK VAT number/);
    });

    it('refuses a UK VAT number with another country prefix', () => {
      assert.equal(refusal(taxIdCheck('gb_vat', 'DE136695976')).reason, 'unknown_prefix');
    });

    it('refuses EINs whose prefix the IRS does not assign', () => {
      const unassigned = ['00', '07', '08', '09', '17', '18', '19', '28', '29', '49', '69', '70', '78', '79', '89', '96', '97'];
      for (const prefix of unassigned) {
        const { reason, message } = refusal(taxIdCheck('us_ein', `${prefix}-1144442`));
        assert.equal(reason, 'unknown_prefix', prefix);
        assert.ok(message.startsWith(`${prefix} is not a prefix`), message);
      }
      const assigned = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0')).filter((p) => !unassigned.includes(p));
      for (const prefix of assigned) assert.deepEqual(taxIdCheck('us_ein', `${prefix}-1144442`), { ok: true }, prefix);
    });

    it('refuses GSTINs whose state code is not a state or union territory', () => {
      for (const state of ['00', '39', '40', '72', '96', '98', '99']) {
        const { reason, message } = refusal(taxIdCheck('in_gst', `${state}AAPFU0939F1ZV`));
        assert.equal(reason, 'state_code', state);
        assert.ok(message.startsWith(`${state} is not an Indian state`), message);
      }
    });

    it('accepts Ladakh (38) and "Other Territory" (97), which came after python-stdnum\'s list', () => {
      // Same PAN, check character recomputed for the state code.
      assert.equal(refusal(taxIdCheck('in_gst', '38AAPFU0939F1ZV')).reason, 'check_digit');
      const accepted = ['38', '97'].map((state) => [...DIGITS + LETTERS].map((c) => `${state}AAPFU0939F1Z${c}`).filter((v) => taxIdCheck('in_gst', v).ok));
      assert.deepEqual(
        accepted.map((a) => a.length),
        [1, 1],
      );
    });
  });

  describe('messages', () => {
    it('say which country and that the check digit does not match', () => {
      assert.equal(refusal(taxIdCheck('eu_vat', 'DE136695978')).message, "This DE VAT number's check digit does not match. Check it for typos.");
      assert.equal(refusal(taxIdCheck('eu_vat', 'BE0428759498')).message, "This BE VAT number's check digits do not match. Check it for typos.");
      assert.equal(refusal(taxIdCheck('gb_vat', 'GB980780685')).message, "This UK VAT number's check digits do not match. Check it for typos.");
      assert.equal(refusal(taxIdCheck('au_abn', '51824753557')).message, "This ABN's check digits do not match. Check it for typos.");
      assert.equal(refusal(taxIdCheck('in_gst', '27AAPFU0939F1ZW')).message, "This GSTIN's check character does not match. Check it for typos.");
    });

    it('describe the shape with an example that is itself valid', () => {
      const formatCases: [TaxIdCheckType, string][] = [
        ...EU_PREFIXES.map((p): [TaxIdCheckType, string] => ['eu_vat', `${p}?`]),
        ['eu_vat', 'XI?'],
        ['eu_vat', '1'],
        ['gb_vat', 'GB1'],
        ['us_ein', '1'],
        ['au_abn', '1'],
        ['ca_bn', '1'],
        ['in_gst', '1'],
      ];
      for (const [type, value] of formatCases) {
        const { reason, message } = refusal(taxIdCheck(type, value));
        assert.equal(reason, 'format', value);
        assertSentence(message);
        const example = /(?:for example|the form) ([^.(]+?)(?: \(|\.$)/.exec(message)?.[1];
        assert.ok(example, `no example in: ${message}`);
        const normalized = type === 'us_ein' ? example : example.replace(/ /g, '');
        assert.deepEqual(taxIdCheck(type, normalized), { ok: true }, `${message} → ${normalized}`);
        if (type === 'eu_vat' && value.length === 3) assert.ok(normalized.startsWith(value.slice(0, 2)), message);
      }
    });

    it('are sentences for every refusal', () => {
      for (const [type, value] of WRONG_CHECK_DIGITS) assertSentence(refusal(taxIdCheck(type, value)).message);
    });
  });

  describe('numbers with a wrong check digit across all types', () => {
    it(`refuses all ${WRONG_CHECK_DIGITS.length} with check_digit`, () => {
      assert.ok(WRONG_CHECK_DIGITS.length >= 84);
      const notRefused = WRONG_CHECK_DIGITS.filter(([type, value]) => {
        const result = taxIdCheck(type, value);
        return result.ok || result.reason !== 'check_digit';
      });
      assert.deepEqual(notRefused, []);
      assert.deepEqual(new Set(WRONG_CHECK_DIGITS.map(([type]) => type)), new Set(['eu_vat', 'gb_vat', 'au_abn', 'ca_bn', 'in_gst']));
    });
  });
});
