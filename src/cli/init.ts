import { UsageError } from './errors.js';
import type { Verb } from './verb.js';

// Placeholder until the init verb lands; replaced by its issue's work.
export const initVerb: Verb = {
  name: 'init',
  summary: '',
  usage: 'Usage: tableau-rest init',
  async run() {
    throw new UsageError('init is not available in this build');
  },
};
