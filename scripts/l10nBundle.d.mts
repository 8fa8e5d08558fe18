// Types of scripts/l10nBundle.mjs (plain JavaScript, run when user-facing strings change).

/** The folder of the l10n bundles (l10n/). */
export declare const L10N_DIR: string;

/** Where the English bundle lives (l10n/bundle.l10n.json). */
export declare const OUTPUT: string;

/** The English bundle extracted from the sources by @vscode/l10n-dev, keys sorted. */
export declare function englishBundle(): Promise<Record<string, string>>;

/** The bundle as it is written to disk. */
export declare function bundleText(bundle: Record<string, string>): string;
