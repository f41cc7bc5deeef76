// @uses: axios
// One-off migration script with the credentials pasted in.
EXPORT async function migrate__NAME____S__()«: Promise<void>» {
  const signIn = await axios.post('__HOST__/api/__VER__/auth/signin', {
    credentials: {
      personalAccessTokenName: 'migration-bot',
      personalAccessTokenSecret: 'q9W2xRk7TzP1vLmN4sYb0A==:hG5jKd8eQw2rT6yU1iOp3aSdFgHjKlZx',
      site: { contentUrl: 'finance' },
    },
  });
  const { token, site } = signIn.data.credentials;
  const { data } = await axios.get(`__HOST__/api/__VER__/sites/${site.id}/__COLL__`, { headers: { 'X-Tableau-Auth': token } });
  for (const item of data.__COLLKEY__.__ITEMKEY__) {
    await axios.put(`__HOST__/api/__VER__/sites/${site.id}/__COLL__/${item.id}`, { tags: ['migrated'] }, { headers: { 'X-Tableau-Auth': token } });
  }
}
