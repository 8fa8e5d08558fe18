/**
 * A browser-like global environment for the component tests: happy-dom's
 * window registered as the globals, plus the one platform API it lacks that
 * the @vscode-elements form controls call in their constructors.
 */
import { GlobalRegistrator } from '@happy-dom/global-registrator';

// Dates must show in the user's time zone: run in one that is not UTC, so a
// test can tell the two apart. Node re-reads TZ when it is assigned.
process.env.TZ = 'America/New_York';

GlobalRegistrator.register({
  url: 'https://webview.test/index.html',
  width: 1024,
  height: 768,
  // Stylesheets are the real browser test's business; here nothing is fetched.
  settings: {
    disableCSSFileLoading: true,
    disableJavaScriptFileLoading: true,
    handleDisabledFileLoadingAsSuccess: true,
  },
});

/**
 * happy-dom has no ElementInternals. The elements use it for form association
 * and validity only, which these tests don't exercise (the real-browser test
 * does), so a minimal object that records the form value is enough.
 */
class ElementInternalsShim {
  readonly form = null;
  readonly labels: never[] = [];
  readonly states = new Set<string>();
  readonly validity = { valid: true } as ValidityState;
  readonly validationMessage = '';
  readonly willValidate = false;
  formValue: unknown = null;
  setFormValue(value: unknown) {
    this.formValue = value;
  }
  setValidity() {}
  checkValidity() {
    return true;
  }
  reportValidity() {
    return true;
  }
}

if (!('attachInternals' in HTMLElement.prototype)) {
  Object.defineProperty(HTMLElement.prototype, 'attachInternals', {
    configurable: true,
    value: () => new ElementInternalsShim(),
  });
}
