// Loaded into every Node.js process of a CI run (.ci/run sets NODE_OPTIONS=--require <this file>).
// The build may reach the npm registry and this machine, and nothing else: a tool that connects to
// any other host (usage telemetry, install analytics, an update check elsewhere) fails the process
// at its exit, naming the host, even when the tool itself ignores the connection's failure.
'use strict';
const net = require('net');

const allowed = new Set(['localhost', '127.0.0.1', '::1', '']);
for (const host of (process.env.RALLY_CI_NETWORK_ALLOW || '').split(/[\s,]+/)) {
  allowed.add(host);
}
const reached = new Set();

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  let host;
  if (first !== null && typeof first === 'object') {
    // A Unix socket has a path and no port (an HTTP request's options also have a path: the URL's).
    host = first.port === undefined && typeof first.path === 'string' ? '' : (first.host || 'localhost');
  } else if (typeof first === 'string' && !/^\d+$/.test(first)) {
    host = ''; // a Unix socket path
  } else {
    host = typeof args[1] === 'string' ? args[1] : 'localhost';
  }
  if (!allowed.has(host)) {
    reached.add(host);
  }
  return connect.apply(this, args);
};

// A tool that ends with process.exit(0) whatever happened still fails.
const exit = process.exit;
process.exit = function (code) {
  return exit.call(process, reached.size > 0 ? 1 : code);
};
process.on('exit', () => {
  if (reached.size > 0) {
    process.stderr.write(`error: ${process.argv.slice(1).join(' ')} connected to ${[...reached].join(', ')};`
      + ' the build may reach only the npm registry and this machine (.ci/node-network-guard.cjs).\n');
    process.exitCode = 1;
  }
});
