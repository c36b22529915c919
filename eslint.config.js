// Lint: type-aware TypeScript rules plus the boundaries between processes and layers (README, "Layout and boundaries").
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'http', 'net', 'crypto', 'url', 'util', 'stream'];

/** Joins restriction parts into one no-restricted-imports setting (import strings are matched, not resolved paths). */
function restrict(...parts) {
  return ['error', { paths: parts.flatMap((p) => p.paths ?? []), patterns: parts.flatMap((p) => p.patterns ?? []) }];
}
const noElectron = { paths: [{ name: 'electron', message: 'Services and the serve host run under plain Node: only electron/main and electron/preload may import electron.' }] };
const noMainFromServices = { patterns: [{ regex: '^(\\.\\./)+main(/|$)', message: 'Services and the serve host do not import the desktop shell (electron/main); what both need lives beside them (e.g. electron/rendererPage).' }] };
const noHostFromMain = { patterns: [{ regex: '^(\\.\\./)+host(/|$)', message: 'electron/main does not import the serve host; what both need lives in a shared module (e.g. electron/rendererPage).' }] };
const noRendererFromNode = { patterns: [{ regex: '^(\\.\\./)+renderer/', message: 'Node code does not import the renderer; share through shared/.' }] };
const rendererBase = {
  paths: [{ name: 'electron', message: 'The renderer talks to main only through the contract.' }],
  patterns: [{ group: nodeBuiltins, message: 'The renderer runs in a browser page.' }, { group: ['**/electron/**'], message: 'The renderer talks to main only through the contract.' }],
};
// renderer/src layers: shell (the app frame) > features/<area> > ui (shared pieces that may read stores) >
// components (presentational, no store) and lib (helpers; theme.ts binds the settings store to <html>). Features have no subfolders, so '../<name>/' from a
// feature file is always another feature.
const noOtherFeature = { patterns: [{ regex: '^\\.\\./[^./][^/]*/|^(\\.\\./)+features/', message: 'A feature does not import another feature: move what both use to ui/ (may read stores), components/ (presentational) or lib/ (pure).' }] };
const noFeatures = { patterns: [{ regex: '^(\\.\\./)+features/', message: 'Only the shell and App compose features; move what is shared out of features/.' }] };
const noShell = { patterns: [{ regex: '^(\\.\\./)+shell/', message: 'The shell composes features, not the other way round.' }] };
const noUi = { patterns: [{ regex: '^(\\.\\./)+ui/', message: 'components/ and lib/ sit below ui/.' }] };
const noStores = { patterns: [{ regex: '^(\\.\\./)+stores/', message: 'components/ are presentational: data comes as props, not from a store.' }] };

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Type-aware rules: each file is checked with the tsconfig.json nearest to it (Node, renderer/ or shared/).
    // A chosen subset of recommendedTypeChecked (README, "Lint"): the promise and assertion rules catch real bugs;
    // unbound-method (zustand actions and props passed as callbacks), require-await (async to satisfy an interface)
    // and the no-unsafe-* family (any from untyped libraries) are left off for now.
    languageOptions: { globals: { ...globals.node }, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      // an AbortSignal's reason is typed any/unknown: passing it on as the rejection is the platform's convention
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
      '@typescript-eslint/no-array-delete': 'error',
      '@typescript-eslint/no-implied-eval': 'error',
      '@typescript-eslint/no-for-in-array': 'error',
      '@typescript-eslint/restrict-plus-operands': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'always'],
    },
  },
  // Boundaries (README, "Layout and boundaries"). One no-restricted-imports block per file group: ESLint replaces a
  // rule's options per matching block instead of merging them, so each group lists all of its restrictions.
  {
    files: ['electron/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(noRendererFromNode) },
  },
  {
    files: ['electron/services/**/*.ts', 'electron/host/**/*.ts', 'electron/rendererPage/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(noElectron, noMainFromServices, noRendererFromNode) },
  },
  {
    files: ['electron/main/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(noHostFromMain, noRendererFromNode) },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        { paths: [{ name: 'electron', message: 'shared/ is environment-neutral.' }] },
        { patterns: [{ group: nodeBuiltins, message: 'shared/ is environment-neutral: no Node built-ins.' }, { group: ['**/electron/**', '**/renderer/**'], message: 'shared/ depends on nothing else in the app.' }] },
      ),
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': restrict(rendererBase),
    },
  },
  {
    files: ['renderer/src/features/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': restrict(rendererBase, noOtherFeature, noShell) },
  },
  {
    files: ['renderer/src/ui/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': restrict(rendererBase, noFeatures, noShell) },
  },
  {
    files: ['renderer/src/components/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': restrict(rendererBase, noFeatures, noShell, noUi, noStores) },
  },
  {
    files: ['renderer/src/lib/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': restrict(rendererBase, noFeatures, noShell, noUi) },
  },
  {
    // renderer tests may reach Node-side helpers; the feature and layer rules still hold for them
    files: ['renderer/**/*.test.{ts,tsx}'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['renderer/src/features/**/*.test.{ts,tsx}'],
    rules: { 'no-restricted-imports': restrict(noOtherFeature, noShell) },
  },
  {
    files: ['renderer/src/{ui,components,lib}/**/*.test.{ts,tsx}'],
    rules: { 'no-restricted-imports': restrict(noFeatures, noShell) },
  },
  {
    // A global declaration file must use `declare var` (a class-like global: type and value of the same name).
    files: ['**/*.d.ts'],
    rules: { 'no-var': 'off' },
  },
  {
    // Plain JS (this file, build scripts, the network guard) is in no tsconfig: syntax rules only.
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
);
