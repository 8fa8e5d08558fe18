/** The one stylesheet of every page: portal, sign-in and home (served at PortalPaths.stylesheet). */
export const PAGE_CSS = `
:root {
  color-scheme: light dark;
  --bg: #f6f7f9; --panel: #ffffff; --text: #1b1f24; --muted: #5b6470; --border: #d0d7de;
  --accent: #0b62d6; --accent-text: #ffffff; --danger: #b42318; --danger-bg: #fdecea; --ok: #1a7f37; --ok-bg: #e6f4ea;
  --focus: #0b62d6; --warn-bg: #fff4e5; --warn: #8a4b00;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #16181c; --panel: #1f2227; --text: #e6e8eb; --muted: #a2abb6; --border: #3a4049;
    --accent: #4c9aff; --accent-text: #0b1220; --danger: #ff8a80; --danger-bg: #3b1d1b; --ok: #7ee2a8; --ok-bg: #173223;
    --focus: #8ab8ff; --warn-bg: #3a2c12; --warn: #ffd08a;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.brand { padding: 14px 24px; font-weight: 600; border-bottom: 1px solid var(--border); background: var(--panel); }
.brand .logo { color: var(--accent); }
.badge { font-size: 12px; font-weight: 500; border: 1px solid var(--border); border-radius: 999px; padding: 1px 8px; color: var(--muted); margin-left: 6px; }
main { max-width: 640px; margin: 32px auto; padding: 0 16px; }
.panel { background: var(--panel); border: 1px solid var(--border); border-radius: 10px; padding: 24px; margin-bottom: 20px; }
h1 { font-size: 24px; margin: 0 0 8px; }
h2 { font-size: 18px; margin: 0 0 12px; }
p { margin: 0 0 12px; }
.muted { color: var(--muted); }
label { display: block; font-weight: 600; margin: 14px 0 4px; }
input[type=text], select { width: 100%; padding: 10px 12px; font: inherit; color: var(--text); background: var(--bg); border: 1px solid var(--border); border-radius: 6px; }
input[aria-invalid=true], select[aria-invalid=true] { border-color: var(--danger); }
fieldset { border: 1px solid var(--border); border-radius: 8px; margin: 18px 0 0; padding: 4px 14px 14px; }
legend { font-weight: 600; padding: 0 6px; }
label.check { display: flex; gap: 8px; align-items: center; font-weight: 500; }
.row { display: flex; gap: 12px; }
.row > div { flex: 1; }
.field-error { color: var(--danger); font-size: 14px; margin: 4px 0 0; }
button, .button { display: inline-block; font: inherit; font-weight: 600; padding: 10px 18px; border-radius: 6px; border: 1px solid var(--accent);
  background: var(--accent); color: var(--accent-text); cursor: pointer; text-decoration: none; margin: 16px 8px 0 0; }
button.secondary, .button.secondary { background: transparent; color: var(--accent); }
button.danger { background: transparent; border-color: var(--danger); color: var(--danger); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
a { color: var(--accent); }
.alert { border-radius: 8px; padding: 12px 14px; margin: 0 0 16px; border: 1px solid var(--border); }
.alert.error { background: var(--danger-bg); color: var(--danger); border-color: var(--danger); }
.alert.success { background: var(--ok-bg); color: var(--ok); border-color: var(--ok); }
.alert.warning { background: var(--warn-bg); color: var(--warn); border-color: var(--warn); }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 6px 16px; margin: 0; }
dt { color: var(--muted); }
dd { margin: 0; }
table { width: 100%; border-collapse: collapse; font-size: 15px; }
th, td { text-align: left; padding: 8px 6px; border-bottom: 1px solid var(--border); }
th { color: var(--muted); font-weight: 600; }
td.amount, th.amount { text-align: right; }
.code { font: 600 15px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; word-break: break-all; padding: 12px; border: 1px dashed var(--border); border-radius: 6px; background: var(--bg); user-select: all; }
.accounts { list-style: none; padding: 0; margin: 0; }
.accounts li { margin: 0 0 10px; }
.accounts button { width: 100%; text-align: left; margin: 0; display: flex; justify-content: space-between; gap: 12px; background: var(--panel); color: var(--text); border-color: var(--border); }
.accounts button:hover { border-color: var(--accent); }
.accounts .state { color: var(--muted); font-weight: 500; }
td form button { margin: 2px 4px 2px 0; padding: 6px 12px; }
.test-cards { font-size: 14px; }
.test-cards code { font-size: 13px; }
`;
