/** Postal code rules the service checks in billing addresses. */
/** Countries without a postal code system: an empty postal code is fine there. */
export const COUNTRIES_WITHOUT_POSTAL_CODES: ReadonlySet<string> = new Set([
  'AE', 'AG', 'AO', 'AW', 'BF', 'BI', 'BJ', 'BO', 'BS', 'BW', 'BZ', 'CD', 'CF', 'CG', 'CI', 'CK', 'CM', 'DJ', 'DM', 'ER',
  'FJ', 'GD', 'GH', 'GM', 'GQ', 'GY', 'HK', 'JM', 'KI', 'KM', 'KN', 'KP', 'LC', 'ML', 'MO', 'MR', 'MS', 'MW', 'NR', 'NU',
  'PA', 'QA', 'RW', 'SB', 'SC', 'SL', 'SO', 'SR', 'ST', 'SY', 'TF', 'TK', 'TL', 'TO', 'TT', 'TV', 'TZ', 'UG', 'VU', 'YE', 'ZW',
]);

/** Postal code formats checked for a few countries (others: any non-empty value). */
export const POSTAL_CODE_FORMATS: Readonly<Record<string, { pattern: RegExp; example: string }>> = {
  US: { pattern: /^\d{5}(-\d{4})?$/, example: '94105 or 94105-1234' },
  CA: { pattern: /^[A-Z]\d[A-Z] ?\d[A-Z]\d$/i, example: 'M5V 3L9' },
  GB: { pattern: /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/i, example: 'SW1A 2AA' },
  DE: { pattern: /^\d{5}$/, example: '10117' },
  FR: { pattern: /^\d{5}$/, example: '75001' },
  AU: { pattern: /^\d{4}$/, example: '2000' },
  IN: { pattern: /^\d{6}$/, example: '400021' },
  NL: { pattern: /^\d{4} ?[A-Z]{2}$/i, example: '1012 AB' },
  JP: { pattern: /^\d{3}-?\d{4}$/, example: '100-0001' },
};
