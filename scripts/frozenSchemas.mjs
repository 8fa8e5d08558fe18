// The extension bundle's schemas as JSON literals (docs/architecture.md
// "Validation"). The contract's schema modules are written with TypeBox,
// which would put its type builder and compiler (about 90 KiB minified) into
// the bundle; at build time this plugin evaluates those modules once and
// replaces each with its exports frozen to plain JSON Schema, which
// src/api/validate.ts checks. The TypeScript sources stay the one definition
// (types, sandbox, tests); only the bundle sees the JSON.
//
// A schema module is a file of shared/ that imports '@sinclair/typebox'. Its
// exports must be JSON data (schemas, constants); exported functions (schema
// helpers such as Nullable) are left out of the bundle, so importing one from
// the extension fails the build ("No matching export"). Objects used in several places (Money in every summary) are
// emitted once and shared, as they are in the source.
import * as esbuild from 'esbuild';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';

const NAMESPACE = 'frozen-schemas';
/** Schema keywords that do not affect validity (src/api/validate.ts ignores them too): not shipped. */
const ANNOTATIONS = new Set(['$id', '$schema', 'title', 'description', 'default', 'examples']);
const ALL = 'all';

/** shared/**.ts files that import TypeBox at runtime (type-only imports do not count). */
export function schemaModules(root) {
  const shared = join(root, 'shared');
  return readdirSync(shared, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
    .map((name) => join(shared, name))
    .filter(importsTypeBoxValues)
    .sort();
}

/** True when some import of '@sinclair/typebox' in `file` brings a value (not only `type` names). */
function importsTypeBoxValues(file) {
  const source = readFileSync(file, 'utf8');
  if (/^import\s+\*\s+as\s+\w+\s+from\s+'@sinclair\/typebox/m.test(source)) return true;
  for (const match of source.matchAll(/^import\s+(type\s+)?\{([^}]*)\}\s+from\s+'@sinclair\/typebox[^']*'/gm)) {
    if (match[1]) continue;
    if (match[2].split(',').some((name) => name.trim() !== '' && !/^type\s/.test(name.trim()))) return true;
  }
  return false;
}

/** Evaluates the schema modules together (so objects they share stay shared) and returns their exports by file. */
async function evaluate(root, files) {
  const entry = files.map((file, index) => `export * as m${index} from ${JSON.stringify(file)};`).join('\n');
  const result = await esbuild.build({
    stdin: { contents: entry, resolveDir: root, loader: 'ts', sourcefile: 'frozen-schemas-entry.ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    packages: 'external',
    write: false,
    logLevel: 'silent',
  });
  const module = { exports: {} };
  const code = result.outputFiles[0].text;
  new Function('module', 'exports', 'require', code)(module, module.exports, createRequire(join(root, 'package.json')));
  return new Map(files.map((file, index) => [file, module.exports[`m${index}`]]));
}

const isSchema = (value) => Object.getOwnPropertySymbols(value).some((symbol) => symbol.description === 'TypeBox.Kind');
const LITERAL_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'null']);

/**
 * `value` as the bundle carries it: plain data, annotations dropped, a
 * literal (`{const, type}`) as `{const}`, a union of literals as `{enum}`,
 * and `required: true` for an object whose every property is required (the
 * same verdicts; src/api/validate.ts checks both forms). Objects used
 * twice, and equal parts, become one object.
 */
export function freeze(value, memo = new Map(), byContent = new Map()) {
  if (typeof value !== 'object' || value === null) return value;
  if (memo.has(value)) return memo.get(value);
  let out;
  if (Array.isArray(value)) {
    out = value.map((item) => freeze(item, memo, byContent));
  } else {
    const prototype = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) throw new Error(`a schema module may export JSON data only (found a ${prototype?.constructor?.name ?? 'class'} instance)`);
    const schema = isSchema(value);
    out = {};
    for (const [key, child] of Object.entries(value)) {
      if (child === undefined || (schema && ANNOTATIONS.has(key))) continue;
      out[key] = freeze(child, memo, byContent);
    }
    if (schema) out = compact(out);
  }
  // Equal parts become one object (a hundred `{type: "string"}` are one), so the bundle spells each once.
  const content = JSON.stringify(out);
  out = byContent.get(content) ?? out;
  byContent.set(content, out);
  memo.set(value, out);
  return out;
}

function compact(schema) {
  // An object whose every property is required says `required: true` rather than listing them again.
  if (schema.type === 'object' && Array.isArray(schema.required) && schema.properties) {
    const names = Object.keys(schema.properties);
    if (names.length > 0 && names.length === schema.required.length && names.every((name) => schema.required.includes(name))) schema = { ...schema, required: true };
  }
  const keys = Object.keys(schema);
  if ('const' in schema && keys.length === 2 && LITERAL_TYPES.has(schema.type)) return { const: schema.const };
  if (keys.length === 1 && Array.isArray(schema.anyOf) && schema.anyOf.every((option) => Object.keys(option).length === 1 && 'const' in option)) {
    return { enum: schema.anyOf.map((option) => option.const) };
  }
  return schema;
}

/** The ES module holding every export of every schema module, shared objects emitted once. */
function serialize(root, rawExportsByFile) {
  const memo = new Map();
  const byContent = new Map();
  const exportsByFile = new Map(
    [...rawExportsByFile].map(([file, exports]) => [file, Object.fromEntries(dataExports(exports).map(([name, value]) => [name, freeze(value, memo, byContent)]))]),
  );
  const uses = new Map();
  const count = (value, where) => {
    if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') {
      throw new Error(`${where}: a schema module may export JSON data only (found a ${typeof value}); move it to a module without TypeBox`);
    }
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`${where}: ${value} has no JSON form`);
    if (typeof value !== 'object' || value === null) return;
    const seen = uses.get(value) ?? 0;
    uses.set(value, seen + 1);
    if (seen > 0) return;
    const prototype = Object.getPrototypeOf(value);
    if (!Array.isArray(value) && prototype !== Object.prototype && prototype !== null) throw new Error(`${where}: not a plain object`);
    for (const [key, child] of Object.entries(value)) if (child !== undefined) count(child, `${where}.${key}`);
  };
  for (const [file, exports] of exportsByFile) {
    for (const [name, value] of dataExports(exports)) {
      count(value, `${relative(root, file)}: ${name}`);
      // An export is always named, even when used once.
      if (typeof value === 'object' && value !== null) uses.set(value, 2);
    }
  }
  const names = new Map();
  const declarations = [];
  const literal = (value) => {
    if (typeof value !== 'object' || value === null) return JSON.stringify(value);
    const named = names.get(value);
    if (named) return named;
    const body = Array.isArray(value)
      ? `[${value.map((item) => (item === undefined ? 'null' : literal(item))).join(',')}]`
      : `{${Object.entries(value)
          .filter(([, child]) => child !== undefined)
          .map(([key, child]) => `${JSON.stringify(key)}:${literal(child)}`)
          .join(',')}}`;
    if ((uses.get(value) ?? 0) < 2) return body;
    const name = `s${names.size}`;
    names.set(value, name);
    declarations.push(`const ${name} = ${body};`);
    return name;
  };
  const exported = [];
  for (const [file, exports] of exportsByFile) {
    for (const [name, value] of dataExports(exports)) {
      const id = `${exportId(root, file)}$${name}`;
      exported.push(`export const ${id} = ${literal(value)};`);
    }
  }
  return [...declarations, ...exported].join('\n');
}

/** A module's exports but its functions (schema helpers, used only while the schemas are built). */
const dataExports = (exports) => Object.entries(exports).filter(([, value]) => typeof value !== 'function');

const exportId = (root, file) => relative(join(root, 'shared'), file).replace(/\.ts$/, '').replace(/[^A-Za-z0-9]/g, '_');

/** The esbuild plugin: every schema module of shared/ becomes its frozen exports. */
export function frozenSchemas(root) {
  const files = schemaModules(root);
  const byPath = new Set(files);
  let all;
  return {
    name: NAMESPACE,
    setup(build) {
      build.onStart(() => {
        all = undefined;
      });
      const frozen = async () => {
        all ??= evaluate(root, files).then((exportsByFile) => ({ exportsByFile, code: serialize(root, exportsByFile) }));
        return all;
      };
      build.onResolve({ filter: new RegExp(`^${NAMESPACE}:${ALL}$`) }, () => ({ path: ALL, namespace: NAMESPACE }));
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, async () => ({ contents: (await frozen()).code, loader: 'js', resolveDir: root }));
      build.onLoad({ filter: /[\\/]shared[\\/].*\.ts$/ }, async (args) => {
        if (!byPath.has(args.path)) return undefined;
        const { exportsByFile } = await frozen();
        const exports = dataExports(exportsByFile.get(args.path)).map(([name]) => name);
        const id = exportId(root, args.path);
        const contents = `export { ${exports.map((name) => `${id}$${name} as ${name}`).join(', ')} } from '${NAMESPACE}:${ALL}';`;
        return { contents, loader: 'js', watchFiles: files };
      });
    },
  };
}
