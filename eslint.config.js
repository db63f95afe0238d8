// @ts-check
import path from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

/**
 * The one-way dependency rule of docs/ARCHITECTURE.md as an allow-list: each folder of src/ names the folders it may
 * import (its own subfolders always). Anything else — a new folder included — is refused until it is listed here.
 * Tests and test support may reach anywhere; production code never reaches test/.
 */
const mayImport = {
  domain: [],
  config: ['domain'],
  edge: ['domain'],
  threads: ['domain'],
  blobs: ['domain', 'threads'],
  storage: ['domain'],
  audit: ['domain'],
  auth: ['domain'],
  media: ['domain'],
  provenance: ['domain'],
  enrich: ['domain', 'threads'],
  services: ['domain'],
  jobs: ['domain', 'services'],
  http: ['domain', 'edge', 'services'],
  cli: ['domain', 'edge', 'services', 'config'],
  main: [
    'domain',
    'config',
    'edge',
    'threads',
    'blobs',
    'storage',
    'audit',
    'auth',
    'media',
    'provenance',
    'enrich',
    'services',
    'jobs',
    'http',
    'cli',
  ],
};
const testFiles = ['src/**/*.test.ts', 'src/**/*test-support.ts', 'src/**/test-*.ts', 'src/**/testing/**'];
const src = path.join(import.meta.dirname, 'src');

/**
 * Enforces `mayImport` on the resolved path of every relative import (a glob on the specifier cannot tell
 * src/http/jobs/ from src/jobs/). Small enough to keep here rather than configure a resolver-based plugin for it.
 */
const layersPlugin = {
  rules: {
    'allowed-imports': {
      meta: { type: 'problem', schema: [] },
      create(context) {
        const from = path.relative(src, context.filename).split(path.sep)[0];
        const allowed = mayImport[from];
        if (allowed === undefined) return {};
        const check = (node) => {
          const specifier = node.source?.value;
          if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
          const target = path.resolve(path.dirname(context.filename), specifier);
          const relativeToSrc = path.relative(src, target);
          const to = relativeToSrc.startsWith('..')
            ? path.relative(import.meta.dirname, target).split(path.sep)[0]
            : relativeToSrc.split(path.sep)[0];
          if (to === from || allowed.includes(to)) return;
          context.report({
            node: node.source,
            message: `src/${from}/ may import only ${[from, ...allowed].join(', ')}, not ${to}/ (mayImport in eslint.config.js; docs/ARCHITECTURE.md)`,
          });
        };
        return {
          ImportDeclaration: check,
          ExportNamedDeclaration: check,
          ExportAllDeclaration: check,
          ImportExpression: check,
        };
      },
    },
  },
};

export default tseslint.config(
  { ignores: ['node_modules', 'data', '.data', '.tmp', 'dist', 'dist.*', 'web/dist'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: testFiles,
    plugins: { layers: layersPlugin },
    rules: { 'layers/allowed-imports': 'error' },
  },
  {
    // A service refuses by throwing (authorise, validation): in a function that returns a promise without being
    // async, that throw escapes synchronously, and beside another call in Promise.all it leaves that call's
    // rejection unhandled (it did: provena jobs list). Async functions turn every throw into a rejection.
    files: ['src/services/**/*.ts'],
    ignores: testFiles,
    rules: { '@typescript-eslint/promise-function-async': 'error' },
  },
  {
    // The web app: React's rules of hooks (a hook called conditionally breaks the screen at run time).
    files: ['web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // A screen's async handlers (onClick={() => void mutate()}) are fine; a promise where a void is expected is not.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    // The plain-JavaScript launcher and build script run on Node.
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
  },
);
