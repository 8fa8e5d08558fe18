// The @vscode-elements custom elements the panel uses, imported one by one so
// the bundle carries only these (each import defines its element). Selects are
// native <select> elements styled with the dropdown theme variables: the
// elements' single-select would add ~47 KB, and the native one brings type-ahead
// over 249 countries and aria-describedby for field errors.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
