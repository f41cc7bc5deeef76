import { UsageError } from './errors.js';
import type { Verb } from './verb.js';

// Placeholder until the lint verb lands; replaced by its issue's work.
export const lintVerb: Verb = {
  name: 'lint',
  summary: '',
  usage: 'Usage: tableau-rest lint',
  async run() {
    throw new UsageError('lint is not available in this build');
  },
};
