import { UsageError } from './errors.js';
import type { Verb } from './verb.js';

// Placeholder until the fix verb lands; replaced by its issue's work.
export const fixVerb: Verb = {
  name: 'fix',
  summary: '',
  usage: 'Usage: tableau-rest fix',
  async run() {
    throw new UsageError('fix is not available in this build');
  },
};
