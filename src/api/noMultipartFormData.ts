/**
 * Stands in for the `form-data` package inside the extension bundle. axios
 * imports it for multipart bodies, which this extension never sends; the real
 * package drags in mime-db (~130 KB). Anything that does try to build a
 * multipart body fails loudly instead of silently.
 */
export class NoMultipartFormData {
  constructor() {
    throw new Error('multipart/form-data bodies are not supported by the Plan & Billing API client');
  }
}
export default NoMultipartFormData; // eslint-disable-line no-restricted-syntax -- axios imports form-data's default export
