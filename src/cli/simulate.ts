import { UsageError } from './errors.js';
import type { Verb } from './verb.js';

// Placeholder until the simulate verb lands; replaced by its issue's work.
export const simulateVerb: Verb = {
  name: 'simulate',
  summary: '',
  usage: 'Usage: tableau-rest simulate',
  async run() {
    throw new UsageError('simulate is not available in this build');
  },
};
