// @uses: https
// Plain node:https call with the token from the environment and a status check.
EXPORT function serverInfo__S__(host«: string»)«: Promise<string>» {
  return new Promise((resolve, reject) => {
    const req = https.request(
      { host, path: '/api/__VER__/sites/__LUID__/__COLL__', method: 'GET', headers: { 'X-Tableau-Auth': process.env.TABLEAU_TOKEN«!», Accept: 'application/json' } },
      (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`HTTP ${res.statusCode}`));
          res.resume();
          return;
        }
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk«: string») => (body += chunk));
        res.on('end', () => resolve(body));
      },
    );
    req.on('error', reject);
    req.end();
  });
}
