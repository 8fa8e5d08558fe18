// Manage Plan webview entry: defines the custom elements, reads the bootstrap
// the host embedded, takes the VS Code API the document's boot script acquired
// (it may be acquired only once per load) and renders the panel.
import './ui/elements';
import './ui/panel.css';
import { render } from 'preact';
import { PANEL_API_GLOBAL, PANEL_ROOT_ID } from '../shared/panelDocument';
import { App } from './app/app';
import { readBootstrap } from './app/bootstrap';
import { createHostBridge, type VsCodeApi } from './app/hostBridge';

const root = document.getElementById(PANEL_ROOT_ID);
if (root) {
  const booted = (window as unknown as Record<string, VsCodeApi | undefined>)[PANEL_API_GLOBAL];
  render(<App host={createHostBridge(booted ?? acquireVsCodeApi())} bootstrap={readBootstrap(document)} />, root);
}
