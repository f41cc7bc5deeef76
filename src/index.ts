import type { TSESLint } from '@typescript-eslint/utils';
import { createConfigs } from './plugin/configs.js';
import { rules } from './plugin/rules.js';

import { packageInfo } from './package-info.js';

const pkg = packageInfo();

const plugin = {
  meta: { name: pkg.name, version: pkg.version, namespace: 'tableau-rest' },
  rules,
  configs: {} as ReturnType<typeof createConfigs>,
} satisfies TSESLint.FlatConfig.Plugin;

plugin.configs = createConfigs(plugin);

export default plugin;
export { rules };
export type { TableauRestSettings } from './recognizer/settings.js';
