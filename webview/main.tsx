// Manage Plan webview entry (skeleton: replaced by the panel implementation).
import { render } from 'preact';

const root = document.getElementById('root');
if (root) render(<p>Manage Plan</p>, root);
