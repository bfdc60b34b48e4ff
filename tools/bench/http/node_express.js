// The JSON endpoint as an Express app (installed by `npm ci` in this folder).
// Usage: node node_express.js <port>
'use strict';

const express = require('express');

const app = express();
app.set('etag', false);
app.set('x-powered-by', false);
app.get('/json', (req, res) => {
  res.json({ message: 'Hello, World!' });
});
app.listen(Number.parseInt(process.argv[2], 10), '127.0.0.1');
