/**
 * DOM ids of the Manage Plan panel's HTML document (src/panel/panelHtml.ts
 * writes them, the webview reads them). A plain module: the webview bundles
 * it without the protocol's schemas.
 */

/** The element the webview renders into. */
export const PANEL_ROOT_ID = 'root';
/** The `<script type="application/json">` holding the `PanelBootstrap`. */
export const PANEL_BOOTSTRAP_ID = 'bootstrap';
