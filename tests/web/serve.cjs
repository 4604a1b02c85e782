// `sahelmap serve --port 0` for the browser tests: the process, and a promise of its port (read
// from the "serving http://127.0.0.1:PORT/" line).
const { spawn } = require('child_process');

function startServer(exe, args = []) {
  const server = spawn(exe, ['serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/127\.0\.0\.1:(\d+)/);
      if (m) resolve(Number(m[1]));
    });
    server.on('exit', (code) => reject(new Error('sahelmap serve exited with ' + code)));
    setTimeout(() => reject(new Error('sahelmap serve did not start in 60 s')), 60000).unref();
  });
  return { server, port };
}

module.exports = { startServer };
