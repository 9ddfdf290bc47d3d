// Shared test helpers: spawn the real server.mjs CLI, talk to its control API,
// and run a small webhook receiver that verifies with the SDK's WebhookReceiver.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { WebhookReceiver } from 'livekit-server-sdk';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const API_KEY = 'APItestkey';
export const API_SECRET = 'test-secret-0123456789abcdef0123456789abcdef';

export async function startStandin({ webhookUrl, apiKey = API_KEY, apiSecret = API_SECRET } = {}) {
  const args = [path.join(ROOT, 'server.mjs'), '--port', '0', '--api-key', apiKey, '--api-secret', apiSecret];
  if (webhookUrl) args.push('--webhook-url', webhookUrl);
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += d));
  const port = await new Promise((resolve, reject) => {
    let out = '';
    const onData = (d) => {
      out += d;
      const m = out.match(/^LISTENING (\d+)\n/);
      if (m) {
        proc.stdout.off('data', onData);
        resolve(Number(m[1]));
      }
    };
    proc.stdout.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`server.mjs exited ${code}: ${stderr}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    proc,
    async control(p, body) {
      const res = await fetch(url + p, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
      const json = await res.json();
      if (!res.ok) throw new Error(`control ${p} -> ${res.status} ${JSON.stringify(json)}`);
      return json;
    },
    async stop() {
      if (proc.exitCode !== null) return;
      proc.kill('SIGTERM');
      await once(proc, 'exit');
    },
  };
}

// Raw Twirp call (no SDK) to see exactly what comes back on the wire.
export async function twirp(url, service, method, body, { token, contentType = 'application/json', rawBody, headers = {} } = {}) {
  const h = { 'Content-Type': contentType, ...headers };
  if (token) h.Authorization = `Bearer ${token}`;
  const res = await fetch(`${url}/twirp/livekit.${service}/${method}`, {
    method: 'POST',
    headers: h,
    body: rawBody ?? JSON.stringify(body),
  });
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, contentType: res.headers.get('content-type'), text, json };
}

// Webhook receiver: every POST is checked with WebhookReceiver.receive()
// exactly as an SDK user would; results are kept in `received`.
export async function startReceiver({ apiKey = API_KEY, apiSecret = API_SECRET, status = 200 } = {}) {
  const receiver = new WebhookReceiver(apiKey, apiSecret);
  const received = [];
  const waiters = [];
  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const raw = Buffer.concat(chunks).toString('utf8');
    const rec = { headers: req.headers, raw, event: null, error: null, at: Date.now() };
    try {
      rec.event = await receiver.receive(raw, req.headers.authorization);
    } catch (err) {
      rec.error = err.message;
    }
    received.push(rec);
    res.writeHead(rec.error ? 401 : status);
    res.end(rec.error ?? 'ok');
    for (const w of [...waiters]) w();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${server.address().port}/webhook`,
    received,
    clear() {
      received.length = 0;
    },
    // wait until `n` webhooks have arrived (or fail after timeoutMs)
    async waitFor(n, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < n) {
        if (Date.now() > deadline) throw new Error(`expected ${n} webhooks, got ${received.length}`);
        await new Promise((r) => {
          waiters.push(r);
          setTimeout(r, 50);
        });
        waiters.length = 0;
      }
      return received;
    },
    close: () => new Promise((r) => server.close(r)),
  };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Poll `fn` until it returns a truthy value (robust against slow CI machines).
export async function waitUntil(fn, timeoutMs = 3000, stepMs = 20) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(stepMs);
  }
}
