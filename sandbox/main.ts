// Sandbox entry (skeleton until the billing service lands): a bare loopback
// server that prints its base URL on a line of its own, as the real one will.
import { createServer } from 'node:http';

const portArg = process.argv.indexOf('--port');
const port = Number(portArg >= 0 ? process.argv[portArg + 1] : (process.env.SANDBOX_PORT ?? 4242));
const server = createServer((_req, res) => {
  res.writeHead(404, { 'content-type': 'application/problem+json' });
  res.end(JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404 }));
});
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') console.log(`http://127.0.0.1:${address.port}`);
});
