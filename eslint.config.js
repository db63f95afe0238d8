// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Layers and what each may import: the one-way dependency rule of docs/ARCHITECTURE.md. */
const forbidden = (...layers) =>
  layers.map((layer) => ({
    group: [`**/${layer}/*`, `../${layer}/*`, `./${layer}/*`],
    message: `this layer must not import ${layer}/`,
  }));

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
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: forbidden(
            'services',
            'storage',
            'blobs',
            'jobs',
            'enrich',
            'provenance',
            'media',
            'http',
            'cli',
            'config',
            'main',
          ),
        },
      ],
    },
  },
  {
    files: ['src/services/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: forbidden('storage', 'blobs', 'enrich', 'provenance', 'media', 'http', 'cli', 'main') },
      ],
    },
  },
  {
    files: [
      'src/storage/**/*.ts',
      'src/blobs/**/*.ts',
      'src/provenance/**/*.ts',
      'src/media/**/*.ts',
      'src/enrich/**/*.ts',
    ],
    rules: { 'no-restricted-imports': ['error', { patterns: forbidden('services', 'http', 'cli', 'main') }] },
  },
  {
    files: ['src/http/**/*.ts', 'src/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: forbidden('storage', 'blobs', 'main') }] },
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
