// Start and stop the real onair server binary for browser tests.
//
// The server gets a fresh data directory and an ephemeral port; it serves the built web client
// (web/dist) so the browser talks to exactly what ships. Nothing here builds anything: the
// binary (ONAIR_BINARY, default build/onair) and web/dist must already exist.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(here, '../../..');
export const SERVER_BINARY = process.env.ONAIR_BINARY || path.join(REPO_ROOT, 'build/onair');
export const WEB_DIST = process.env.ONAIR_WEB_DIR || path.join(REPO_ROOT, 'web/dist');

/**
 * Starts the server and resolves once it prints `onair listening on http://HOST:PORT`.
 * Returns { url, pid, log(), admin(), pause(), resume(), stop() }; stop() sends SIGTERM (SIGKILL
 * after 5 s) and removes the data directory unless keepData is set. The binary is waited for (up to waitForBinaryMs) when it is
 * missing, e.g. while it is being rebuilt.
 */
export async function startOnair({
  env = {},
  startTimeoutMs = 20_000,
  waitForBinaryMs = 120_000,
  keepData = !!process.env.ONAIR_E2E_KEEP_DATA,
} = {}) {
  await waitForFile(SERVER_BINARY, waitForBinaryMs);
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html')))
    throw new Error(`${WEB_DIST}/index.html is missing: run \`npm run build\` in web/ first`);

  warnIfStale(WEB_DIST, path.join(REPO_ROOT, 'web/src'));

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'onair-e2e-'));
  const serverEnv = {
    ...process.env,
    ONAIR_DATA_DIR: dataDir,
    ONAIR_LISTEN: '127.0.0.1:0',
    ONAIR_WEB_DIR: WEB_DIST,
    ONAIR_LOG_LEVEL: 'info',
    ...env,
  };
  const child = spawn(SERVER_BINARY, [], {
    env: serverEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = [];
  const remember = (stream) => (chunk) => {
    for (const line of chunk.toString().split('\n')) if (line !== '') lines.push(`[${stream}] ${line}`);
    if (lines.length > 5000) lines.splice(0, lines.length - 5000);
  };
  child.stderr.on('data', remember('err'));

  let exited = null;
  const exitPromise = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
  });

  const url = await new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error(`onair did not start within ${startTimeoutMs} ms`)), startTimeoutMs);
    child.stdout.on('data', (chunk) => {
      remember('out')(chunk);
      buffered += chunk.toString();
      const match = /onair listening on (http:\/\/[^\s]+)/.exec(buffered);
      if (match) {
        clearTimeout(timer);
        resolve(match[1].replace(/\/$/, ''));
      }
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    exitPromise.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`onair exited before listening (code ${code}, signal ${signal})\n${lines.join('\n')}`));
    });
  }).catch(async (error) => {
    child.kill('SIGKILL');
    if (!keepData) fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });

  let stopping = null;
  // A paused server must never outlive the tests stopped: whatever ends this process continues it.
  const continueOnExit = () => {
    if (exited === null) child.kill('SIGCONT');
  };
  let paused = false;
  const resume = () => {
    if (!paused) return;
    paused = false;
    process.removeListener('exit', continueOnExit);
    if (exited === null) child.kill('SIGCONT');
  };
  return {
    url,
    dataDir,
    pid: child.pid,
    /** The server's output so far (stdout and stderr lines). */
    log: () => lines.join('\n'),
    /** `onair admin grant|revoke HANDLE` beside the running server, as an operator runs it. */
    admin(verb, handle) {
      return execFileSync(SERVER_BINARY, ['admin', verb, handle], { env: serverEnv, encoding: 'utf8' });
    },
    /**
     * Freezes the server (SIGSTOP): its sockets stay open but nothing is read, sent or answered,
     * as when a server hangs. Always resume() (e.g. in a finally); stop() resumes it too.
     */
    pause() {
      if (exited !== null || paused) return;
      process.once('exit', continueOnExit);
      child.kill('SIGSTOP');
      paused = true;
    },
    /** Continues a paused server (SIGCONT). */
    resume,
    /** Null while running; {code, signal} once it has exited. */
    exitStatus: () => exited,
    stop() {
      stopping ??= (async () => {
        if (exited === null) {
          resume(); // a stopped process would not act on SIGTERM
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
          await exitPromise;
          clearTimeout(timer);
        }
        if (!keepData) fs.rmSync(dataDir, { recursive: true, force: true });
        return exited;
      })();
      return stopping;
    },
  };
}

async function waitForFile(file, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`${file} is missing or not executable`);
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}

/** The web client is built separately: say so when web/src has changed since the last build. */
function warnIfStale(dist, src) {
  if (!fs.existsSync(src)) return;
  const built = fs.statSync(path.join(dist, 'index.html')).mtimeMs;
  const newer = fs
    .readdirSync(src, { recursive: true })
    .filter((f) => fs.statSync(path.join(src, f)).mtimeMs > built);
  if (newer.length > 0)
    process.stderr.write(
      `warning: web/dist is older than ${newer.length} file(s) in web/src (e.g. ${newer[0]}); ` +
        'run `npm run build` in web/ to test the current client\n',
    );
}
