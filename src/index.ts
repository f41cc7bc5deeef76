import type { ESLint } from 'eslint';
import { createConfigs, type TableauRestConfigs } from './plugin/configs.js';
import { rules } from './plugin/rules.js';
import { packageInfo } from './package-info.js';

const pkg = packageInfo();

export interface TableauRestPlugin extends ESLint.Plugin {
  meta: { name: string; version: string; namespace: 'tableau-rest' };
  rules: NonNullable<ESLint.Plugin['rules']>;
  configs: TableauRestConfigs;
}

const plugin: TableauRestPlugin = {
  meta: { name: pkg.name, version: pkg.version, namespace: 'tableau-rest' },
  // typescript-eslint's rule type is structurally ESLint's, but its declared types differ in detail.
  rules: rules as unknown as TableauRestPlugin['rules'],
  configs: undefined as unknown as TableauRestConfigs,
};
// The configs reference the plugin object itself, so they are made once it exists.
plugin.configs = createConfigs(plugin);

export default plugin;
// `require('eslint-plugin-tableau-rest')` (Node 20.19+ loads ESM from require) returns the plugin itself.
export { plugin as 'module.exports' };
export type { TableauRestConfigs } from './plugin/configs.js';
export type { TableauRestSettings } from './recognizer/settings.js';
