// @uses: superagent
// superagent with the token set per request and a callback that drops the error.
const TOKEN__S__ = process.env.TABLEAU_AUTH_TOKEN;

EXPORT function remove__NAME____S__(siteId«: string», id«: string», done«: (ok: boolean) => void»)«: void» {
  superagent
    .delete(`__HOST__/api/__VER__/sites/${siteId}/__COLL__/${id}`)
    .set('X-Tableau-Auth', TOKEN__S__«!»)
    .set('Accept', 'application/json')
    .end((err«: any», res«: any») => {
      done(Boolean(res && res.status === 204));
    });
}
