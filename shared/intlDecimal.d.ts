// Intl.NumberFormat formats a numeric string as the exact decimal it spells
// (ES2023, Intl.NumberFormat v3: Node 19+, Chromium 106+); the ES2022 lib
// this project compiles against only knows numbers. shared/money.ts relies on it.
declare namespace Intl {
  interface NumberFormat {
    format(value: `${number}`): string;
  }
}
