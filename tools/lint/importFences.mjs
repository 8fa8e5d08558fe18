// ESLint rule "fences/imports": which part of the repository may import which
// (docs/architecture.md, "Parts and fences"). Relative imports are resolved
// against the importing file, so a path spelled with any number of "../"
// lands in the same zone; bare package names are checked as they are written.
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Each fence applies to files under one of `from`. `allow` lists the only
 * repository folders such a file may import from; `deny` lists folders or
 * files it must not import; `denyPackages` bare module names it must not use.
 */
const FENCES = [
  {
    from: ['shared/'],
    allow: ['shared/'],
    denyPackages: [/^vscode$/, /^node:/],
    why: 'shared/ is imported by the extension, the webview and the sandbox, so it imports nothing from them (and neither VS Code nor Node)',
  },
  {
    from: ['webview/'],
    allow: ['webview/', 'shared/'],
    denyPackages: [/^vscode$/, /^node:/],
    why: 'the webview is a browser bundle: it imports only webview/ and shared/',
  },
  {
    from: ['sandbox/'],
    allow: ['sandbox/', 'shared/'],
    denyPackages: [/^vscode$/],
    why: 'the sandbox is a separate service: it imports only sandbox/ and shared/',
  },
  {
    from: ['src/'],
    allow: ['src/', 'shared/'],
    why: 'the extension imports only src/ and shared/',
  },
  {
    from: ['src/'],
    deny: ['shared/contract/sandboxAdmin'],
    why: "the sandbox's admin schemas are sandbox-only and must not ship in the extension bundle",
  },
  {
    from: ['src/api/', 'src/auth/', 'src/account/'],
    deny: ['src/panel/'],
    why: 'the API client, auth and the account store do not depend on the panel (the panel depends on them)',
  },
];

const inside = (path, prefixes) => prefixes.some((prefix) => path === prefix.replace(/\/$/, '') || path.startsWith(prefix));

function check(context, node, specifier) {
  if (typeof specifier !== 'string') return;
  const file = relative(root, context.filename).split('\\').join('/');
  const fences = FENCES.filter((fence) => inside(file, fence.from));
  if (fences.length === 0) return;
  if (!specifier.startsWith('.')) {
    for (const fence of fences) {
      if (fence.denyPackages?.some((pattern) => pattern.test(specifier))) {
        context.report({ node, message: `'${specifier}' may not be imported here: ${fence.why}.` });
      }
    }
    return;
  }
  const target = relative(root, resolve(dirname(context.filename), specifier)).split('\\').join('/');
  for (const fence of fences) {
    const outside = fence.allow && !inside(target, fence.allow);
    const denied = fence.deny && inside(target, fence.deny);
    if (outside || denied) context.report({ node, message: `'${specifier}' (${target}) may not be imported here: ${fence.why}.` });
  }
}

export const importFences = {
  meta: { type: 'problem', docs: { description: 'Keeps each part of the repository to its own folder plus shared/' }, schema: [] },
  create(context) {
    return {
      ImportDeclaration: (node) => check(context, node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(context, node.source, node.source.value),
      ExportAllDeclaration: (node) => check(context, node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(context, node.source, node.source.value),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') {
          check(context, node.arguments[0], node.arguments[0].value);
        }
      },
    };
  },
};
