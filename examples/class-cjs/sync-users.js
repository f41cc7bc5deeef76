'use strict';
// Copies Tableau users and views into the company directory (here: prints them).
const { TableauClient } = require('./tableau-client');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const client = new TableauClient({
    server: process.env.TABLEAU_SERVER || 'https://tableau.example.com',
    username: process.env.TABLEAU_USER,
    password: process.env.TABLEAU_PASSWORD,
    site: process.env.TABLEAU_SITE || '',
  });
  await client.signIn();
  const users = await client.users();
  console.log(`${users.length} users`);
  await sleep(Number(process.env.PAUSE_MS || 0));
  const views = await client.views();
  console.log(`${views.length} views`);
}

main().catch((err) => {
  console.error(`sync failed: ${err.message}`);
  process.exitCode = 1;
});
