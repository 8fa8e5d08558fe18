/**
 * Mocha setup of the webview component tests: DOM globals first, then the
 * custom elements (which need them at definition time), then the host stub.
 */
import './support/domGlobals';
import '../../webview/ui/elements';
import './support/vscodeApi';
import { cleanup } from '@testing-library/preact';

export const mochaHooks = {
  afterEach() {
    cleanup();
  },
};
