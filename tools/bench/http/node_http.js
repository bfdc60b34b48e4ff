// The JSON endpoint on Node's built-in http module.
// Usage: node node_http.js <port>
'use strict';

const http = require('node:http');

const port = Number.parseInt(process.argv[2], 10);
http
  .createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/json') {
      res.writeHead(404).end();
      return;
    }
    const body = JSON.stringify({ message: 'Hello, World!' });
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
    });
    res.end(body);
  })
  .listen(port, '127.0.0.1');
