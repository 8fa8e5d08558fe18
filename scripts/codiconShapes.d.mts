// Types of scripts/codiconShapes.mjs (plain JavaScript, run by hand when the panel's icons change).

/** Every codicon the panel uses. */
export declare const ICONS: readonly string[];

/** Where the generated module lives (webview/ui/codiconShapes.ts). */
export declare const OUTPUT: string;

/** The generated module's source text, from the installed @vscode/codicons. */
export declare function codiconShapesModule(): string;
