/**
 * The --vscode-* variables VS Code sets on a webview for three built-in themes
 * (Light Modern, Dark Modern, Dark High Contrast), limited to the ones the
 * panel and its elements read. The real-browser test serves them as a
 * stylesheet so screenshots show the panel as the editor would theme it.
 */

export type ThemeName = 'light' | 'dark' | 'highContrast';

const font = {
  'font-family': 'system-ui, "Ubuntu", "Droid Sans", "DejaVu Sans", sans-serif',
  'font-size': '13px',
  'font-weight': 'normal',
  'editor-font-family': '"Droid Sans Mono", "DejaVu Sans Mono", monospace',
};

const themes: Record<ThemeName, { bodyClass: string; colors: Record<string, string> }> = {
  light: {
    bodyClass: 'vscode-light',
    colors: {
      foreground: '#3b3b3b',
      descriptionForeground: '#3b3b3b',
      errorForeground: '#f85149',
      focusBorder: '#005fb8',
      'icon-foreground': '#3b3b3b',
      'widget-border': '#e5e5e5',
      'panel-border': '#e5e5e5',
      'editor-background': '#ffffff',
      'editorWidget-background': '#f8f8f8',
      'editorError-foreground': '#e51400',
      'editorWarning-foreground': '#bf8803',
      'editorInfo-foreground': '#1a85ff',
      'testing-iconPassed': '#388a34',
      'charts-green': '#388a34',
      'charts-blue': '#1a85ff',
      'charts-yellow': '#bf8803',
      'charts-red': '#e51400',
      'charts-orange': '#d18616',
      'button-background': '#005fb8',
      'button-foreground': '#ffffff',
      'button-hoverBackground': '#0258a8',
      'button-border': '#0000001a',
      'button-secondaryBackground': '#e5e5e5',
      'button-secondaryForeground': '#3b3b3b',
      'button-secondaryHoverBackground': '#cccccc',
      'input-background': '#ffffff',
      'input-border': '#cecece',
      'input-foreground': '#3b3b3b',
      'input-placeholderForeground': '#767676',
      'settings-textInputBackground': '#ffffff',
      'settings-textInputBorder': '#cecece',
      'settings-textInputForeground': '#3b3b3b',
      'dropdown-background': '#ffffff',
      'dropdown-border': '#cecece',
      'dropdown-foreground': '#3b3b3b',
      'dropdown-listBackground': '#ffffff',
      'inputValidation-errorBackground': '#f2dede',
      'inputValidation-errorBorder': '#be1100',
      'inputValidation-warningBackground': '#f6f5d2',
      'inputValidation-warningBorder': '#bf8803',
      'inputValidation-infoBackground': '#d6ecf2',
      'inputValidation-infoBorder': '#007acc',
      'list-hoverBackground': '#f2f2f2',
      'textLink-foreground': '#005fb8',
    },
  },
  dark: {
    bodyClass: 'vscode-dark',
    colors: {
      foreground: '#cccccc',
      descriptionForeground: '#9d9d9d',
      errorForeground: '#f85149',
      focusBorder: '#0078d4',
      'icon-foreground': '#cccccc',
      'widget-border': '#313131',
      'panel-border': '#2b2b2b',
      'editor-background': '#1f1f1f',
      'editorWidget-background': '#202020',
      'editorError-foreground': '#f14c4c',
      'editorWarning-foreground': '#cca700',
      'editorInfo-foreground': '#3794ff',
      'testing-iconPassed': '#73c991',
      'charts-green': '#89d185',
      'charts-blue': '#3794ff',
      'charts-yellow': '#cca700',
      'charts-red': '#f14c4c',
      'charts-orange': '#d18616',
      'button-background': '#0078d4',
      'button-foreground': '#ffffff',
      'button-hoverBackground': '#026ec1',
      'button-border': '#ffffff12',
      'button-secondaryBackground': '#313131',
      'button-secondaryForeground': '#cccccc',
      'button-secondaryHoverBackground': '#3c3c3c',
      'input-background': '#313131',
      'input-border': '#3c3c3c',
      'input-foreground': '#cccccc',
      'input-placeholderForeground': '#989898',
      'settings-textInputBackground': '#313131',
      'settings-textInputBorder': '#3c3c3c',
      'settings-textInputForeground': '#cccccc',
      'dropdown-background': '#313131',
      'dropdown-border': '#3c3c3c',
      'dropdown-foreground': '#cccccc',
      'dropdown-listBackground': '#1f1f1f',
      'inputValidation-errorBackground': '#5a1d1d',
      'inputValidation-errorBorder': '#be1100',
      'inputValidation-warningBackground': '#352a05',
      'inputValidation-warningBorder': '#b89500',
      'inputValidation-infoBackground': '#063b49',
      'inputValidation-infoBorder': '#007acc',
      'list-hoverBackground': '#2a2d2e',
      'textLink-foreground': '#4daafc',
    },
  },
  highContrast: {
    bodyClass: 'vscode-high-contrast',
    colors: {
      foreground: '#ffffff',
      descriptionForeground: '#ffffffb3',
      errorForeground: '#f48771',
      focusBorder: '#f38518',
      contrastBorder: '#6fc3df',
      contrastActiveBorder: '#f38518',
      'icon-foreground': '#ffffff',
      'editor-background': '#000000',
      'editorWidget-background': '#0c141f',
      'editorError-foreground': '#f48771',
      'editorWarning-foreground': '#ffd370',
      'editorInfo-foreground': '#3794ff',
      'testing-iconPassed': '#73c991',
      'charts-green': '#89d185',
      'charts-blue': '#3794ff',
      'charts-yellow': '#ffd370',
      'charts-red': '#f48771',
      'charts-orange': '#ff8c00',
      'button-background': '#000000',
      'button-foreground': '#ffffff',
      'button-border': '#6fc3df',
      'button-secondaryBackground': '#000000',
      'button-secondaryForeground': '#ffffff',
      'input-background': '#000000',
      'input-border': '#6fc3df',
      'input-foreground': '#ffffff',
      'input-placeholderForeground': '#ffffffb3',
      'settings-textInputBackground': '#000000',
      'settings-textInputBorder': '#6fc3df',
      'settings-textInputForeground': '#ffffff',
      'dropdown-background': '#000000',
      'dropdown-border': '#6fc3df',
      'dropdown-foreground': '#ffffff',
      'dropdown-listBackground': '#000000',
      'inputValidation-errorBackground': '#000000',
      'inputValidation-errorBorder': '#6fc3df',
      'inputValidation-warningBackground': '#000000',
      'inputValidation-warningBorder': '#6fc3df',
      'inputValidation-infoBackground': '#000000',
      'inputValidation-infoBorder': '#6fc3df',
      'textLink-foreground': '#21a6ff',
    },
  },
};

/** A stylesheet setting the theme's variables on the root, as VS Code does for a webview. */
export function themeStylesheet(name: ThemeName): string {
  const { colors } = themes[name];
  const declarations = Object.entries({ ...font, ...colors }).map(([key, value]) => `  --vscode-${key}: ${value};`);
  return `:root {\n${declarations.join('\n')}\n}\n`;
}

export function themeBodyClass(name: ThemeName): string {
  return themes[name].bodyClass;
}

/** A theme colour as the browser reports computed colours, e.g. "rgb(0, 95, 184)". */
export function themeRgb(name: ThemeName, key: string): string {
  const hex = themes[name].colors[key];
  if (!hex || !/^#[0-9a-f]{6}$/i.test(hex)) throw new Error(`No opaque colour ${key} in theme ${name}`);
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}
