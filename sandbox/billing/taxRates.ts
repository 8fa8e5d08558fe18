/**
 * The tax on an invoice, decided at finalization from the seller's tax
 * configuration and the customer's billing address and tax IDs. Pure: no
 * clock, no I/O; the caller stores the lines on the invoice.
 *
 * Money is exact. Amounts are integer cents; rates are integers in thousandths
 * of a percent (19% = 19000, 9.975% = 9975). Each line is rounded to the cent
 * on its own, half away from zero (0.5¢ → 1¢, −0.5¢ → −1¢), so a credit
 * (negative subtotal) is the exact mirror of the invoice it reverses. Where a
 * place has two taxes (QST, PST and RST beside the GST; CGST and SGST) each is
 * computed on the subtotal, not on the other tax.
 *
 * Who pays what:
 * - The seller collects only where `registrations` says it is registered:
 *   'EU' (the OSS: every member state, and the seller's own if it is in the
 *   EU), a member state code (that state only), 'GB', 'AU', 'IN', 'CA'
 *   (GST/HST), and Canada's provincial taxes separately, as they are separate
 *   registrations: 'CA-QC' (QST), 'CA-BC' (PST), 'CA-MB' (RST), 'CA-SK' (PST).
 *   Not registered for the customer's place: no line.
 * - The place is the billing address country. No address (country null): no
 *   tax. Monaco is taxed as France and the Isle of Man as the UK (they share
 *   those VAT areas); territories outside a VAT area that share a member
 *   state's code (Canary Islands, Ceuta, Melilla, …) are not told apart.
 * - A tax ID makes the customer a business only when it is verified (VIES,
 *   HMRC, ABN Lookup, the GST portal) and its check digits pass; an EU VAT ID
 *   must be from the billing country's member state. Otherwise: consumer.
 * - EU consumer: the customer's country's standard rate. EU business in the
 *   seller's own country: that country's VAT. EU business elsewhere: reverse
 *   charge (one 0% line with the Article 196 note), also for a non-EU seller.
 *   Not modelled: an EU seller under the €10,000 threshold (Art. 59c) charging
 *   its home VAT to consumers abroad — register 'EU' to charge destination VAT.
 * - UK: 20%. A UK business buying from a seller outside the UK accounts for
 *   the VAT itself (reverse charge, VAT Act 1994 s. 8; HMRC VAT Notice 741A
 *   "Place of supply of services"), so it gets a reverse-charge line; from a
 *   UK seller it pays 20%.
 * - Australia: GST 10%. From an overseas seller, a GST-registered business
 *   (verified ABN) is not charged: the supply is not an "inbound intangible
 *   consumer supply" (GST Act 1999 s. 84-65, and s. 84-100 lets the supplier
 *   rely on the ABN); any GST is the recipient's under the Division 84 reverse
 *   charge, so the line is a reverse charge. From an Australian seller: 10%.
 * - India: 18%. Overseas seller: IGST to consumers; a registered business
 *   (GSTIN) pays it itself under reverse charge (IGST Act 2017 s. 5(3)). Indian
 *   seller: CGST 9% + SGST (UTGST in Union Territories) 9% within its state,
 *   IGST 18% across states; without the customer's state the place of supply
 *   is the supplier's (IGST Act s. 12(2)).
 * - Canada: GST 5%, or HST where the province has it; QC, BC, MB and SK add
 *   their own tax as a second line. A Canadian address without a recognized
 *   province gets the GST only (the federal part, due everywhere); billing
 *   details should require the province. B2B is charged like B2C (a general
 *   GST/HST registration; the simplified regime's B2B exemption is not
 *   modelled).
 * - The US and every other country: no lines (an empty list means no tax).
 */
import { taxIdCheck, type TaxIdCheckType } from '../validation/taxIdCheckDigits';

/*
 * Rates, in one place, with their sources (standard rates, which apply to
 * software and digital services in every place listed):
 * - EU: European Commission (DG TAXUD), "VAT rates applied in the Member States
 *   of the European Union", situation at 1 July 2025 — with Finland 25.5% (from
 *   1 September 2024), Slovakia 23% (from 1 January 2025) and Estonia 24% (from
 *   1 July 2025); Romania 21% from 1 August 2025 (Law 141/2025), after that
 *   edition.
 * - UK: HMRC, "VAT rates" (GOV.UK), standard rate 20%, as at 2025.
 * - Australia: ATO, "Goods and services tax (GST)", 10% (GST Act 1999 s. 9-70),
 *   as at 2025.
 * - India: CBIC, GST rates for services, 18% for online information and
 *   database access or retrieval (OIDAR) and software services (heading 9984),
 *   as at 2025.
 * - Canada: CRA, "GST/HST provincial rates table" (canada.ca), GST 5%, HST ON
 *   13%, NB/NL/PE 15%, NS 14% from 1 April 2025; Revenu Québec, QST 9.975%;
 *   BC Ministry of Finance, PST 7%; Manitoba Finance, RST 7%; Saskatchewan
 *   Ministry of Finance, PST 6%; as at 2025.
 */

export const EU_MEMBER_STATES = [
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU',
  'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
] as const;
/** ISO 3166-1 code of a member state (Greece is GR here; its VAT prefix is EL). */
export type EuMemberState = (typeof EU_MEMBER_STATES)[number];

/** Standard VAT rates (thousandths of a percent). */
export const EU_STANDARD_RATES: Readonly<Record<EuMemberState, number>> = {
  AT: 20000,
  BE: 21000,
  BG: 20000,
  CY: 19000,
  CZ: 21000,
  DE: 19000,
  DK: 25000,
  EE: 24000,
  ES: 21000,
  FI: 25500,
  FR: 20000,
  GR: 24000,
  HR: 25000,
  HU: 27000,
  IE: 23000,
  IT: 22000,
  LT: 21000,
  LU: 17000,
  LV: 21000,
  MT: 18000,
  NL: 21000,
  PL: 23000,
  PT: 23000,
  RO: 21000,
  SE: 25000,
  SI: 22000,
  SK: 23000,
};

export const UK_VAT_RATE = 20000;
export const AU_GST_RATE = 10000;
export const IN_GST_RATE = 18000;
export const CA_GST_RATE = 5000;

export const CA_PROVINCES = ['AB', 'BC', 'MB', 'NB', 'NL', 'NS', 'NT', 'NU', 'ON', 'PE', 'QC', 'SK', 'YT'] as const;
export type CaProvince = (typeof CA_PROVINCES)[number];

/** HST replaces the GST; a provincial tax comes on top of it. */
export interface CaProvinceTax {
  readonly hst?: number;
  readonly provincial?: { readonly kind: 'pst' | 'qst'; readonly name: 'PST' | 'RST' | 'QST'; readonly rate: number };
}

export const CA_PROVINCE_TAXES: Readonly<Record<CaProvince, CaProvinceTax>> = {
  AB: {},
  BC: { provincial: { kind: 'pst', name: 'PST', rate: 7000 } },
  MB: { provincial: { kind: 'pst', name: 'RST', rate: 7000 } },
  NB: { hst: 15000 },
  NL: { hst: 15000 },
  NS: { hst: 14000 },
  NT: {},
  NU: {},
  ON: { hst: 13000 },
  PE: { hst: 15000 },
  QC: { provincial: { kind: 'qst', name: 'QST', rate: 9975 } },
  SK: { provincial: { kind: 'pst', name: 'PST', rate: 6000 } },
  YT: {},
};

export const EU_REVERSE_CHARGE_NOTE = 'Reverse charge: VAT to be accounted for by the recipient (Article 196, Council Directive 2006/112/EC).';
export const UK_REVERSE_CHARGE_NOTE = 'Reverse charge: UK VAT to be accounted for by the customer (section 8, Value Added Tax Act 1994).';
export const AU_REVERSE_CHARGE_NOTE =
  'Reverse charge: no GST charged on a supply to an Australian GST-registered business; ' +
  'the recipient accounts for any GST (Division 84, A New Tax System (Goods and Services Tax) Act 1999).';
export const IN_REVERSE_CHARGE_NOTE = 'Reverse charge: IGST to be paid by the recipient (section 5(3), Integrated Goods and Services Tax Act, 2017).';

// ---------------------------------------------------------------------------
// API
// ---------------------------------------------------------------------------

export interface SellerTaxConfig {
  /** ISO 3166-1 alpha-2 of the seller's establishment, e.g. 'US'. */
  readonly country: string;
  /** Where the seller is registered to collect: 'EU', a member state, 'GB', 'AU', 'IN', 'CA', 'CA-QC', 'CA-BC', 'CA-MB', 'CA-SK'. */
  readonly registrations: readonly string[];
  /** The seller's GST state code when it is in India (e.g. '27'); needed to tell CGST/SGST from IGST. */
  readonly state?: string | null;
}

export interface TaxCustomer {
  /** ISO 3166-1 alpha-2 of the billing address; null when there is no address. */
  readonly country: string | null;
  /** Province or state as entered: a code ('ON', 'QC', GST code '27') or a name ('Ontario', 'Québec', 'Maharashtra'). */
  readonly state: string | null;
  readonly taxIds: ReadonlyArray<{ readonly type: string; readonly value: string; readonly verified: boolean }>;
}

/** The contract's TaxKind: India's IGST, CGST and SGST (UTGST in Union Territories: kind sgst) are kinds of their own. */
export type TaxLineKind = 'vat' | 'gst' | 'hst' | 'pst' | 'qst' | 'igst' | 'cgst' | 'sgst' | 'reverse_charge';

export interface TaxLine {
  readonly kind: TaxLineKind;
  /** 'DE', 'GB', 'CA' (GST), 'CA-ON' (HST), 'CA-QC' (QST), 'IN', 'IN-27' (SGST of Maharashtra). */
  readonly jurisdiction: string;
  /** 'VAT 19%', 'GST 5%', 'HST 13%', 'QST 9.975%', 'VAT reverse charge'. */
  readonly label: string;
  readonly rateMilliPercent: number;
  /** Cents the rate applies to (the subtotal; negative for a credit). */
  readonly taxableAmount: number;
  /** Cents, rounded half away from zero. */
  readonly amount: number;
  /** The legal note a reverse-charge invoice must carry; null otherwise. */
  readonly note: string | null;
}

export interface TaxResult {
  readonly lines: TaxLine[];
  /** Σ of the lines' amounts, in cents. */
  readonly totalTax: number;
}

/** The tax lines for an invoice subtotal (cents; negative for a credit). */
export function taxFor(subtotalCents: number, customer: TaxCustomer, seller: SellerTaxConfig): TaxResult {
  if (!Number.isSafeInteger(subtotalCents)) throw new RangeError(`The subtotal must be a whole number of cents, not ${subtotalCents}.`);
  const lines = linesFor(subtotalCents, customer, seller);
  return { lines, totalTax: lines.reduce((sum, line) => sum + line.amount, 0) };
}

/** "19%", "9.975%", "25.5%". */
export function formatRate(milliPercent: number): string {
  if (!Number.isSafeInteger(milliPercent) || milliPercent < 0) {
    throw new RangeError(`A rate is a whole, non-negative number of thousandths of a percent, not ${milliPercent}.`);
  }
  const whole = Math.floor(milliPercent / 1000);
  const fraction = milliPercent % 1000;
  return fraction === 0 ? `${whole}%` : `${whole}.${String(fraction).padStart(3, '0').replace(/0+$/, '')}%`;
}

/** cents × rate, rounded to the cent half away from zero (exact for any safe-integer amount). */
export function roundedTax(cents: number, rateMilliPercent: number): number {
  const product = BigInt(cents) * BigInt(rateMilliPercent);
  const magnitude = product < 0n ? -product : product;
  const rounded = (magnitude + 50_000n) / 100_000n;
  return Number(product < 0n ? -rounded : rounded);
}

// ---------------------------------------------------------------------------
// Places
// ---------------------------------------------------------------------------

const code = (value: string | null | undefined): string => (value ?? '').trim().toUpperCase();

/** Countries outside the EU and UK codes that share their VAT areas. */
const SHARED_VAT_AREA: Readonly<Record<string, string>> = { MC: 'FR', IM: 'GB' };

const isEuMemberState = (country: string): country is EuMemberState => (EU_MEMBER_STATES as readonly string[]).includes(country);

/** Lower case, accents and punctuation removed, "&" read as "and". */
const nameKey = (value: string): string =>
  value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

const CA_PROVINCE_NAMES: Readonly<Record<CaProvince, readonly string[]>> = {
  AB: ['alberta'],
  BC: ['british columbia', 'colombie britannique'],
  MB: ['manitoba'],
  NB: ['new brunswick', 'nouveau brunswick'],
  NL: ['newfoundland and labrador', 'newfoundland', 'terre neuve et labrador'],
  NS: ['nova scotia', 'nouvelle ecosse'],
  NT: ['northwest territories', 'territoires du nord ouest'],
  NU: ['nunavut'],
  ON: ['ontario'],
  PE: ['prince edward island', 'ile du prince edouard'],
  QC: ['quebec'],
  SK: ['saskatchewan'],
  YT: ['yukon'],
};

/** 'ON', 'CA-ON', 'Ontario', 'Québec' → the province; anything else → null. */
export function canadianProvince(state: string | null): CaProvince | null {
  if (state == null) return null;
  const key = nameKey(state);
  for (const province of CA_PROVINCES) {
    if (key === province.toLowerCase() || key === `ca ${province.toLowerCase()}` || CA_PROVINCE_NAMES[province].includes(key)) return province;
  }
  return null;
}

/** GST state codes and the names people write; 25 and 28 are legacy codes, accepted as codes only. */
const IN_STATE_NAMES: Readonly<Record<string, readonly string[]>> = {
  '01': ['jammu and kashmir'],
  '02': ['himachal pradesh'],
  '03': ['punjab'],
  '04': ['chandigarh'],
  '05': ['uttarakhand', 'uttaranchal'],
  '06': ['haryana'],
  '07': ['delhi', 'new delhi', 'nct of delhi'],
  '08': ['rajasthan'],
  '09': ['uttar pradesh'],
  '10': ['bihar'],
  '11': ['sikkim'],
  '12': ['arunachal pradesh'],
  '13': ['nagaland'],
  '14': ['manipur'],
  '15': ['mizoram'],
  '16': ['tripura'],
  '17': ['meghalaya'],
  '18': ['assam'],
  '19': ['west bengal'],
  '20': ['jharkhand'],
  '21': ['odisha', 'orissa'],
  '22': ['chhattisgarh', 'chattisgarh'],
  '23': ['madhya pradesh'],
  '24': ['gujarat'],
  '25': [],
  '26': ['dadra and nagar haveli and daman and diu', 'dadra and nagar haveli', 'daman and diu'],
  '27': ['maharashtra'],
  '28': [],
  '29': ['karnataka'],
  '30': ['goa'],
  '31': ['lakshadweep'],
  '32': ['kerala'],
  '33': ['tamil nadu'],
  '34': ['puducherry', 'pondicherry'],
  '35': ['andaman and nicobar islands', 'andaman and nicobar'],
  '36': ['telangana'],
  '37': ['andhra pradesh'],
  '38': ['ladakh'],
  '97': ['other territory'],
};

/** Union Territories without a legislature levy UTGST instead of SGST. */
const IN_UTGST_STATES: ReadonlySet<string> = new Set(['04', '25', '26', '31', '35', '38', '97']);

/** '27', 'IN-27', 'Maharashtra' → the GST state code; anything else → null. */
export function indianStateCode(state: string | null | undefined): string | null {
  if (state == null) return null;
  const key = nameKey(state).replace(/^in /, '');
  for (const [gstCode, names] of Object.entries(IN_STATE_NAMES)) if (key === gstCode || names.includes(key)) return gstCode;
  return null;
}

// ---------------------------------------------------------------------------
// Tax IDs
// ---------------------------------------------------------------------------

type CustomerTaxId = TaxCustomer['taxIds'][number];

/** The customer's verified IDs of a type whose check digits pass, normalized as validation/taxIds.ts stores them. */
function verifiedIds(customer: TaxCustomer, type: TaxIdCheckType): string[] {
  return customer.taxIds
    .filter((id: CustomerTaxId) => id.verified && id.type === type)
    .map((id) => (type === 'us_ein' ? code(id.value).replace(/\s/g, '') : code(id.value).replace(/[\s.-]/g, '')))
    .filter((value) => taxIdCheck(type, value).ok);
}

/** The member state of an EU VAT number (prefix EL is Greece). */
const vatIdMemberState = (vatId: string): string => (vatId.startsWith('EL') ? 'GR' : vatId.slice(0, 2));

// ---------------------------------------------------------------------------
// Lines
// ---------------------------------------------------------------------------

function taxLine(kind: Exclude<TaxLineKind, 'reverse_charge'>, jurisdiction: string, name: string, rate: number, cents: number): TaxLine {
  return { kind, jurisdiction, label: `${name} ${formatRate(rate)}`, rateMilliPercent: rate, taxableAmount: cents, amount: roundedTax(cents, rate), note: null };
}

function reverseCharge(jurisdiction: string, label: string, cents: number, note: string): TaxLine {
  return { kind: 'reverse_charge', jurisdiction, label, rateMilliPercent: 0, taxableAmount: cents, amount: 0, note };
}

interface Context {
  readonly cents: number;
  readonly customer: TaxCustomer;
  readonly seller: SellerTaxConfig;
  readonly sellerCountry: string;
  readonly registered: (jurisdiction: string) => boolean;
}

function linesFor(cents: number, customer: TaxCustomer, seller: SellerTaxConfig): TaxLine[] {
  const country = code(customer.country);
  if (country === '') return [];
  const place = SHARED_VAT_AREA[country] ?? country;
  const registrations = new Set(seller.registrations.map(code));
  const context: Context = { cents, customer, seller, sellerCountry: code(seller.country), registered: (j) => registrations.has(j) };
  if (isEuMemberState(place)) return euLines(context, place);
  switch (place) {
    case 'GB':
      return ukLines(context);
    case 'AU':
      return australiaLines(context);
    case 'IN':
      return indiaLines(context);
    case 'CA':
      return canadaLines(context);
    default:
      return [];
  }
}

function euLines({ cents, customer, sellerCountry, registered }: Context, country: EuMemberState): TaxLine[] {
  const registeredHere = registered('EU') || registered(country);
  const vat = (): TaxLine[] => (registeredHere ? [taxLine('vat', country, 'VAT', EU_STANDARD_RATES[country], cents)] : []);
  const business = verifiedIds(customer, 'eu_vat').some((id) => vatIdMemberState(id) === country);
  if (!business || country === sellerCountry) return vat();
  const registeredInEu = registered('EU') || EU_MEMBER_STATES.some((state) => registered(state));
  return registeredInEu ? [reverseCharge(country, 'VAT reverse charge', cents, EU_REVERSE_CHARGE_NOTE)] : [];
}

function ukLines({ cents, customer, sellerCountry, registered }: Context): TaxLine[] {
  if (!registered('GB')) return [];
  // A Northern Ireland business may give its number with the XI prefix.
  const business = verifiedIds(customer, 'gb_vat').length > 0 || verifiedIds(customer, 'eu_vat').some((id) => id.startsWith('XI'));
  const sellerInUk = sellerCountry === 'GB' || sellerCountry === 'IM';
  if (business && !sellerInUk) return [reverseCharge('GB', 'VAT reverse charge', cents, UK_REVERSE_CHARGE_NOTE)];
  return [taxLine('vat', 'GB', 'VAT', UK_VAT_RATE, cents)];
}

function australiaLines({ cents, customer, sellerCountry, registered }: Context): TaxLine[] {
  if (!registered('AU')) return [];
  if (sellerCountry !== 'AU' && verifiedIds(customer, 'au_abn').length > 0) {
    return [reverseCharge('AU', 'GST reverse charge', cents, AU_REVERSE_CHARGE_NOTE)];
  }
  return [taxLine('gst', 'AU', 'GST', AU_GST_RATE, cents)];
}

function indiaLines({ cents, customer, seller, sellerCountry, registered }: Context): TaxLine[] {
  if (!registered('IN')) return [];
  const gstin = verifiedIds(customer, 'in_gst')[0];
  if (sellerCountry !== 'IN') {
    return gstin ? [reverseCharge('IN', 'IGST reverse charge', cents, IN_REVERSE_CHARGE_NOTE)] : [taxLine('igst', 'IN', 'IGST', IN_GST_RATE, cents)];
  }
  const from = indianStateCode(seller.state);
  if (from == null) throw new RangeError('An Indian seller needs its GST state code in SellerTaxConfig.state (for example "27") to tell CGST/SGST from IGST.');
  const to = gstin?.slice(0, 2) ?? indianStateCode(customer.state) ?? from;
  if (to !== from) return [taxLine('igst', 'IN', 'IGST', IN_GST_RATE, cents)];
  const half = IN_GST_RATE / 2;
  return [taxLine('cgst', 'IN', 'CGST', half, cents), taxLine('sgst', `IN-${to}`, IN_UTGST_STATES.has(to) ? 'UTGST' : 'SGST', half, cents)];
}

function canadaLines({ cents, customer, registered }: Context): TaxLine[] {
  const province = canadianProvince(customer.state);
  const taxes: CaProvinceTax = province ? CA_PROVINCE_TAXES[province] : {};
  const lines: TaxLine[] = [];
  if (registered('CA')) {
    lines.push(taxes.hst != null ? taxLine('hst', `CA-${province}`, 'HST', taxes.hst, cents) : taxLine('gst', 'CA', 'GST', CA_GST_RATE, cents));
  }
  if (province && taxes.provincial && registered(`CA-${province}`)) {
    lines.push(taxLine(taxes.provincial.kind, `CA-${province}`, taxes.provincial.name, taxes.provincial.rate, cents));
  }
  return lines;
}
