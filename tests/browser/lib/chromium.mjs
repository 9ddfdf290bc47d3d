// Shared helpers for driving Debian's headless Chromium with playwright-core.
//
// No browser is downloaded: we always use the system Chromium (/usr/bin/chromium,
// override with ONAIR_CHROMIUM). The fake camera/microphone flags give every page a
// synthetic 640x480@20fps video track and a beeping audio track without prompts.
import { chromium } from 'playwright-core';
import http from 'node:http';

export const CHROMIUM_PATH = process.env.ONAIR_CHROMIUM || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launch headless Chromium. Extra args are appended to CHROMIUM_ARGS. */
export async function launchChromium({ args = [], headless = true, ...rest } = {}) {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless,
    args: [...CHROMIUM_ARGS, ...args],
    ...rest,
  });
}

/**
 * Serve a few in-memory pages on 127.0.0.1 with an ephemeral port.
 * getUserMedia needs a secure context; http://127.0.0.1 counts as one, about:blank may not.
 * routes: { '/path': { body: string|Buffer, type?: string } }
 * Returns { url, close() } where url is the origin (no trailing slash).
 */
export async function serveStatic(routes) {
  const server = http.createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const r = routes[path];
    if (!r && path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (!r) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': r.type || 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(r.body);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Forward page console messages and errors to stderr (useful while debugging). */
export function pipePageLogs(page, prefix = 'page') {
  page.on('console', (m) => process.stderr.write(`[${prefix}:${m.type()}] ${m.text()}\n`));
  page.on('pageerror', (e) => process.stderr.write(`[${prefix}:error] ${e.message}\n`));
}
