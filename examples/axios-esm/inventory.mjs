import { setTimeout as sleep } from 'node:timers/promises';
import { datasources, groups, signIn } from './tableau-api.mjs';

try {
  const siteId = await signIn();
  console.log(`${(await groups(siteId)).length} groups`);
  await sleep(Number(process.env.PAUSE_MS ?? 0));
  console.log(`${(await datasources(siteId)).length} data sources`);
  console.log(`${(await groups(siteId)).length} groups after the pause`);
} catch (err) {
  console.error(`inventory failed: ${err.message}`);
  process.exitCode = 1;
}
