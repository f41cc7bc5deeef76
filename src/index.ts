import type { TSESLint } from '@typescript-eslint/utils';
import { readFileSync } from 'node:fs';
import { createConfigs } from './plugin/configs.js';
import { rules } from './plugin/rules.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name: string; version: string };

const plugin = {
  meta: { name: pkg.name, version: pkg.version, namespace: 'tableau-rest' },
  rules,
  configs: {} as ReturnType<typeof createConfigs>,
} satisfies TSESLint.FlatConfig.Plugin;

plugin.configs = createConfigs(plugin);

export default plugin;
export { rules };
export type { TableauRestSettings } from './recognizer/settings.js';
