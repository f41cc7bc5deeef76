// @uses:
// Reads settings from the environment with defaults and validation.
const DEFAULTS__S__ = {
  port: 8080,
  logLevel: 'info',
  maxBatch: __N__,
  regions: ['eu-west-1', 'us-east-1'],
  features: { exports: true, schedules: false },
};

EXPORT function loadConfig__S__(env«: Record<string, string | undefined>» = process.env)«: typeof DEFAULTS__S__» {
  const config = structuredClone(DEFAULTS__S__);
  if (env.PORT) {
    const port = Number.parseInt(env.PORT, 10);
    if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new RangeError(`PORT must be 1-65535, got ${env.PORT}`);
    config.port = port;
  }
  if (env.LOG_LEVEL) {
    if (!['debug', 'info', 'warn', 'error'].includes(env.LOG_LEVEL)) throw new Error(`unknown LOG_LEVEL ${env.LOG_LEVEL}`);
    config.logLevel = env.LOG_LEVEL;
  }
  if (env.MAX_BATCH) config.maxBatch = Math.max(1, Number(env.MAX_BATCH) || DEFAULTS__S__.maxBatch);
  if (env.REGIONS) config.regions = env.REGIONS.split(',').map((r) => r.trim()).filter(Boolean);
  for (const name of Object.keys(config.features)) {
    const value = env[`FEATURE_${name.toUpperCase()}`];
    if (value !== undefined) (config.features« as any»)[name] = value === '1' || value === 'true';
  }
  return config;
}
