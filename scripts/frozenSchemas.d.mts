// Types of scripts/frozenSchemas.mjs (plain JavaScript, used by the extension build).
import { type Plugin } from 'esbuild';

/** shared/ files that import TypeBox at runtime. */
export declare function schemaModules(root: string): string[];

/** A schema (or any exported value) as the extension bundle carries it. */
export declare function freeze(value: unknown, memo?: Map<unknown, unknown>, byContent?: Map<string, unknown>): unknown;

/** The esbuild plugin replacing each schema module with its frozen exports. */
export declare function frozenSchemas(root: string): Plugin;
