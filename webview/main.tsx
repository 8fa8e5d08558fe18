// Manage Plan webview entry: defines the custom elements, reads the bootstrap
// the host embedded, acquires the VS Code API (once) and renders the panel.
import './ui/elements';
import './ui/panel.css';
import { render } from 'preact';
import { PANEL_ROOT_ID } from '../shared/panelDocument';
import { App } from './app/app';
import { readBootstrap } from './app/bootstrap';
import { createHostBridge } from './app/hostBridge';

const root = document.getElementById(PANEL_ROOT_ID);
if (root) {
  render(<App host={createHostBridge(acquireVsCodeApi())} bootstrap={readBootstrap(document)} />, root);
}
