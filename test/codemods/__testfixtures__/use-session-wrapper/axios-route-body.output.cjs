// A CommonJS router whose sign-in reads the credentials from the request body itself.
const axios = require('axios');
const express = require('express');

const tableau = axios.create({ baseURL: 'https://tableau.example.com/api/3.21' });
const router = express.Router();
let token;

router.post('/tableau/login', async function (req, res) {
  const { data } = await tableau.post('/auth/signin', {
    credentials: { personalAccessTokenName: req.body.patName, personalAccessTokenSecret: req.body.patSecret, site: { contentUrl: '' } },
  }, { headers: { Accept: 'application/json' } });
  token = data.credentials.token;
  res.json({ site: data.credentials.site.id });
});

router.get('/tableau/users/:site', async (req, res) => {
  const { data } = await tableau.get(`/sites/${req.params.site}/users`, { headers: { 'X-Tableau-Auth': token, Accept: 'application/json' } });
  res.json(data.users.user);
});

module.exports = router;
