// The JSON endpoint as a Fastify app (installed by `npm ci` in this folder), with a response
// schema, which is how Fastify's documentation serialises JSON quickly.
// Usage: node node_fastify.js <port>
'use strict';

const fastify = require('fastify')({ logger: false });

fastify.get(
  '/json',
  {
    schema: {
      response: {
        200: { type: 'object', properties: { message: { type: 'string' } } },
      },
    },
  },
  async () => ({ message: 'Hello, World!' }),
);

fastify.listen({ port: Number.parseInt(process.argv[2], 10), host: '127.0.0.1' }).catch((err) => {
  console.error(err);
  process.exit(1);
});
