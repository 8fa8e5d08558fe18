/**
 * How a saved card looks wherever the panel names one: a brand mark and
 * "Visa •••• 4242". The marks are inline SVG in theme colours (the CSP allows
 * images only from the extension, and a picture of a logo would not follow
 * the theme); they are decorative, the brand is always written out too.
 */
import { type CardBrand } from '../../shared/contract/paymentMethods';
import { cardBrandName } from '../../shared/cardWording';
import { usePanelEnv } from '../app/panelContext';
import { Icon } from './parts';

/** The shapes of each brand's mark on a 32×20 canvas; colours come from panel.css classes. */
function BrandShapes({ brand }: { brand: Exclude<CardBrand, 'unknown'> }) {
  switch (brand) {
    case 'visa':
      return (
        <text class="brand-mark__text brand-mark__fill--blue" x="16" y="14.5" text-anchor="middle" font-size="10" font-style="italic">
          VISA
        </text>
      );
    case 'mastercard':
      return (
        <>
          <circle class="brand-mark__fill--red" cx="12.5" cy="10" r="6.5" />
          <circle class="brand-mark__fill--orange" cx="19.5" cy="10" r="6.5" fill-opacity="0.85" />
        </>
      );
    case 'amex':
      return (
        <>
          <rect class="brand-mark__fill--blue" x="3" y="4" width="26" height="12" rx="2" />
          <text class="brand-mark__text brand-mark__fill--background" x="16" y="13.2" text-anchor="middle" font-size="7.5">
            AMEX
          </text>
        </>
      );
    case 'discover':
      return (
        <>
          <text class="brand-mark__text brand-mark__fill--foreground" x="3" y="13.2" font-size="7.5">
            DISC
          </text>
          <circle class="brand-mark__fill--orange" cx="25.5" cy="10.4" r="3.6" />
        </>
      );
    case 'diners':
      return (
        <>
          <circle class="brand-mark__stroke--blue" cx="16" cy="10" r="7" fill="none" stroke-width="1.6" />
          <path class="brand-mark__fill--blue" d="M14 5.6a4.6 4.6 0 0 0 0 8.8z M18 5.6v8.8a4.6 4.6 0 0 0 0-8.8z" />
        </>
      );
    case 'jcb':
      return (
        <>
          <rect class="brand-mark__fill--blue" x="5" y="4" width="6.5" height="12" rx="2" />
          <rect class="brand-mark__fill--red" x="12.75" y="4" width="6.5" height="12" rx="2" />
          <rect class="brand-mark__fill--green" x="20.5" y="4" width="6.5" height="12" rx="2" />
        </>
      );
    case 'unionpay':
      return (
        <>
          <path class="brand-mark__fill--red" d="M7 4h6l-3 12H4z" />
          <path class="brand-mark__fill--blue" d="M13.5 4h6l-3 12h-6z" />
          <path class="brand-mark__fill--green" d="M20 4h6l-3 12h-6z" />
        </>
      );
  }
}

/** The brand's mark, or the codicon of a card when the brand is unknown. */
export function CardBrandMark({ brand }: { brand: CardBrand }) {
  return (
    <span class={`payment-card__icon brand-mark brand-mark--${brand}`}>
      {brand === 'unknown' ? (
        <Icon name="credit-card" />
      ) : (
        <svg viewBox="0 0 32 20" width="32" height="20" aria-hidden="true" focusable="false">
          <BrandShapes brand={brand} />
        </svg>
      )}
    </span>
  );
}

/** "Visa •••• 4242" on screen, "Visa ending in 4242" to screen readers (not "bullet" four times). */
export function CardName({ card }: { card: { brand: CardBrand; last4: string } }) {
  const { t } = usePanelEnv();
  const brand = cardBrandName(t, card.brand);
  return (
    <>
      <span aria-hidden="true">{`${brand} •••• ${card.last4}`}</span>
      <span class="visually-hidden">{t('{0} ending in {1}', brand, card.last4)}</span>
    </>
  );
}
