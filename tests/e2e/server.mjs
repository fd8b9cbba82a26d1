// A tiny, dependency-free static file server for the built app (dist/), for the e2e tests
// and the browser benchmark.
//
//   import { startServer } from './server.mjs';
//   const { url, close } = await startServer({ root: 'dist', prefix: '/' });
//   // url === 'http://127.0.0.1:PORT/'  (PORT chosen by the OS)
//   await close();
//
// With `prefix: '/sub/path/'` the files are served under that path only (to test a build
// made with `trunk build --public-url /sub/path/`); everything else is 404.
//
// Run directly:  node tests/e2e/server.mjs [root=dist] [prefix=/] [port=0]
//
// No SPA fallback: a missing file is a 404, so a broken asset reference shows up in tests.
import { createServer } from 'node:http';
import { stat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

function normalizePrefix(prefix) {
  let p = prefix || '/';
  if (!p.startsWith('/')) p = '/' + p;
  if (!p.endsWith('/')) p += '/';
  return p;
}

/**
 * Serve `root` on 127.0.0.1 at a free port.
 * `headers` are added to every successful response (the CSP test serves the build with a
 * Content-Security-Policy header this way).
 * @param {{root?: string, prefix?: string, port?: number, headers?: Record<string, string>}} [options]
 * @returns {Promise<{url: string, origin: string, port: number, requests: string[], close: () => Promise<void>}>}
 *   `url` ends with the prefix; `requests` logs "STATUS METHOD PATH" of every request served.
 */
export async function startServer({ root = 'dist', prefix = '/', port = 0, headers: extraHeaders = {} } = {}) {
  const rootDir = path.resolve(root);
  const mount = normalizePrefix(prefix);
  const requests = [];

  const server = createServer(async (req, res) => {
    const send = (status, body, headers = {}) => {
      requests.push(`${status} ${req.method} ${req.url}`);
      res.writeHead(status, { 'Cache-Control': 'no-store', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        return send(405, 'method not allowed\n', { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' });
      }
      let pathname;
      try {
        pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
      } catch {
        return send(400, 'bad request\n', { 'Content-Type': 'text/plain' });
      }
      // "/sub/path" (without the trailing slash) redirects to the mount point.
      if (mount !== '/' && pathname === mount.slice(0, -1)) {
        return send(301, '', { Location: mount });
      }
      if (!pathname.startsWith(mount) || pathname.includes('\0')) {
        return send(404, 'not found\n', { 'Content-Type': 'text/plain' });
      }
      let file = path.resolve(rootDir, '.' + path.posix.normalize('/' + pathname.slice(mount.length)));
      if (file !== rootDir && !file.startsWith(rootDir + path.sep)) {
        return send(404, 'not found\n', { 'Content-Type': 'text/plain' });
      }
      let info = await stat(file).catch(() => null);
      if (info && info.isDirectory()) {
        file = path.join(file, 'index.html');
        info = await stat(file).catch(() => null);
      }
      if (!info || !info.isFile()) {
        return send(404, 'not found\n', { 'Content-Type': 'text/plain' });
      }
      const body = await readFile(file);
      const type = MIME_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
      return send(200, body, { ...extraHeaders, 'Content-Type': type, 'Content-Length': body.length });
    } catch (err) {
      return send(500, `internal error: ${err && err.message}\n`, { 'Content-Type': 'text/plain' });
    }
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const actualPort = server.address().port;
  const origin = `http://127.0.0.1:${actualPort}`;

  return {
    url: origin + mount,
    origin,
    port: actualPort,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}

// CLI: node tests/e2e/server.mjs [root] [prefix] [port]
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const [root = 'dist', prefix = '/', port = '0'] = process.argv.slice(2);
  const { url } = await startServer({ root, prefix, port: Number(port) });
  console.log(`serving ${path.resolve(root)} at ${url}  (Ctrl-C stops)`);
}
