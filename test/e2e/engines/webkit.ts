/**
 * WebKit: WebKitGTK's MiniBrowser driven by its WebDriver (`WebKitWebDriver`), on a virtual
 * display of its own (MiniBrowser has no headless mode). The few W3C WebDriver commands a test
 * needs are plain HTTP calls, so no client library. Xvfb picks a free display itself
 * (`-displayfd`); the driver gets a free port. Both are stopped on close, and on exit if a test
 * dies before that.
 */
import { assertVersion, packageVersionOf, WEBKITGTK } from '../../browser-versions.ts';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { findWebKit } from '../../engines.ts';
import type { Engine, Tab } from './driver.ts';
import { waitFor } from '../../wait-for.ts';
import { READ_ERRORS, SHADOW, waitInPage } from './driver.ts';

const HEIGHT = 2000;
/**
 * MiniBrowser's toolbar holds its window at 447 px or wider; a phone is 360. Its own GTK styles,
 * shrunk through a config folder of ours, let the page area be any width. The page is untouched.
 */
const GTK_CSS =
  '* { min-width: 0; min-height: 0; padding: 0; margin: 0; font-size: 1px; -gtk-icon-transform: scale(0.1); }';
/** How W3C WebDriver names an element reference in JSON. */
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Starts Xvfb on a display it picks; resolves with that display's number. */
function startXvfb(xvfb: string): Promise<{ child: ChildProcess; display: string }> {
  const child = spawn(
    xvfb,
    ['-displayfd', '3', '-screen', '0', `1280x${HEIGHT + 200}x24`, '-nolisten', 'tcp'],
    {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  child.stderr!.on('data', (chunk) => (log += chunk));
  return new Promise((resolve, reject) => {
    (child.stdio[3] as NodeJS.ReadableStream).once('data', (chunk) =>
      resolve({ child, display: `:${String(chunk).trim()}` }),
    );
    child.once('exit', (code) => reject(new Error(`Xvfb exited with ${code}: ${log}`)));
  });
}

/** Starts Xvfb and WebKitWebDriver; each tab is a new WebDriver session (a fresh MiniBrowser). */
export async function launchWebKit(): Promise<Engine> {
  const paths = findWebKit();
  if (!paths)
    throw new Error(
      'No WebKit: npm test installs webkit2gtk-driver and xvfb as root (see test/engines.ts).',
    );
  const version = packageVersionOf(paths.browser);
  if (version !== null) assertVersion(WEBKITGTK, version);
  const children: ChildProcess[] = [];
  const config = fs.mkdtempSync(path.join(os.tmpdir(), 'petition-webkit-'));
  fs.mkdirSync(path.join(config, 'gtk-3.0'));
  fs.writeFileSync(path.join(config, 'gtk-3.0/gtk.css'), GTK_CSS);
  const killAll = () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(config, { recursive: true, force: true });
  };
  process.once('exit', killAll);
  try {
    const xvfb = await startXvfb(paths.xvfb);
    children.push(xvfb.child);
    const port = await freePort();
    const driver = spawn(paths.driver, [`--port=${port}`, '--host=127.0.0.1'], {
      env: { ...process.env, DISPLAY: xvfb.display, XDG_CONFIG_HOME: config },
      stdio: 'ignore',
    });
    children.push(driver);
    const base = `http://127.0.0.1:${port}`;
    await waitFor(
      async () => {
        // Another process may have taken the port between our look and the driver's bind.
        if (driver.exitCode !== null)
          throw new Error(`WebKitWebDriver exited (${driver.exitCode}) on port ${port}`);
        return fetch(`${base}/status`).then(
          (response) => response.ok,
          () => false,
        );
      },
      'WebKitWebDriver',
      { timeout: 10_000, every: 50 },
    );
    return {
      name: 'webkit',
      open: (width = 1280) => openSession(base, paths.browser, width),
      async close() {
        const exits = children.map(
          (child) =>
            new Promise((done) =>
              child.exitCode === null ? child.once('exit', done) : done(null),
            ),
        );
        for (const child of children.reverse()) child.kill('SIGTERM');
        await Promise.all(exits);
        killAll();
        process.off('exit', killAll);
      },
    };
  } catch (error) {
    killAll();
    throw error;
  }
}

/**
 * One WebDriver command. A command the driver never answers fails after 60 s with its name, not
 * after fetch's own 5 minutes (page loads and scripts have shorter timeouts of their own, below).
 */
async function call<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  }).catch((error: Error) => {
    throw new Error(`WebDriver ${method} ${path}: ${error.message}`);
  });
  const answer = (await response.json()) as { value: T & { error?: string; message?: string } };
  if (!response.ok)
    throw new Error(`WebDriver ${method} ${path}: ${answer.value.error} ${answer.value.message}`);
  return answer.value;
}

async function openSession(driver: string, binary: string, width: number): Promise<Tab> {
  const capabilities = {
    browserName: 'MiniBrowser',
    'webkitgtk:browserOptions': { binary, args: ['--automation'] },
    timeouts: { script: 15_000, pageLoad: 20_000 },
  };
  const session = await call<{ sessionId: string }>(driver, 'POST', '/session', {
    capabilities: { alwaysMatch: capabilities },
  });
  const base = `${driver}/session/${session.sessionId}`;
  const run = <T>(body: string, ...args: unknown[]) =>
    call<T>(base, 'POST', '/execute/sync', { script: body, args });
  // The window has a frame of its own: size it so that the page area is `width` wide.
  await call(base, 'POST', '/window/rect', { width, height: HEIGHT });
  const inner = await run<number>('return innerWidth');
  if (inner !== width)
    await call(base, 'POST', '/window/rect', { width: 2 * width - inner, height: HEIGHT });
  const element = async (selector: string) => {
    const found = await run<Record<string, string> | null>(
      `return ${SHADOW}?.querySelector(arguments[0]) ?? null`,
      selector,
    );
    if (!found) throw new Error(`nothing matches ${selector} in the widget`);
    return `${base}/element/${found[ELEMENT]}`;
  };
  /** The page's own context, for what reads the page whatever frame a test is in. */
  const onPage = async <T>(read: () => Promise<T>) => {
    if (!inFrame) return read();
    await call(base, 'POST', '/frame', { id: null });
    try {
      return await read();
    } finally {
      await call(base, 'POST', '/frame', { id: inFrame });
    }
  };
  let inFrame: Record<string, string> | null = null;
  return {
    goto: async (url) => {
      inFrame = null;
      await call(base, 'POST', '/frame', { id: null });
      await call(base, 'POST', '/url', { url });
    },
    async frame(selector) {
      await call(base, 'POST', '/frame', { id: null });
      inFrame = null;
      if (selector === null) return;
      const found = await waitFor(
        () =>
          run<Record<string, string> | null>(
            'return document.querySelector(arguments[0])',
            selector,
          ),
        `a frame ${selector}`,
        { timeout: 10_000, every: 50 },
      );
      await call(base, 'POST', '/frame', { id: found });
      inFrame = found;
    },
    run,
    text: (selector) =>
      run(`return ${SHADOW}?.querySelector(arguments[0])?.textContent ?? null`, selector),
    async type(selector, text) {
      if (!inFrame) return void (await call(await element(selector), 'POST', '/value', { text }));
      // In a frame WebKitWebDriver calls a shadow root's input "not focusable": click it with
      // the pointer, then type real keys, as a person would (the Actions API).
      const frame = inFrame;
      await onPage(() => run(`arguments[0].scrollIntoView({ block: 'center' })`, frame));
      const target = await run<Record<string, string>>(
        `return ${SHADOW}.querySelector(arguments[0])`,
        selector,
      );
      const keys = [...text].flatMap((value) => [
        { type: 'keyDown', value },
        { type: 'keyUp', value },
      ]);
      await call(base, 'POST', '/actions', {
        actions: [
          {
            type: 'pointer',
            id: 'mouse',
            parameters: { pointerType: 'mouse' },
            actions: [
              { type: 'pointerMove', origin: target, x: 0, y: 0 },
              { type: 'pointerDown', button: 0 },
              { type: 'pointerUp', button: 0 },
            ],
          },
        ],
      });
      await call(base, 'POST', '/actions', {
        actions: [{ type: 'key', id: 'keyboard', actions: keys }],
      });
    },
    click: async (selector) => void (await call(await element(selector), 'POST', '/click', {})),
    waitFor: waitInPage(run),
    // Element screenshots paint black areas in WebKitGTK: the whole page area instead.
    async screenshot(file) {
      // The shot is of what WebKit last painted: let a scroll or a change reach the screen first
      // (two frames; a window the display does not show may get none, so half a second at most).
      await run(`return new Promise((done) => {
        requestAnimationFrame(() => requestAnimationFrame(done));
        setTimeout(done, 500);
      })`);
      fs.writeFileSync(file, Buffer.from(await call<string>(base, 'GET', '/screenshot'), 'base64'));
    },
    errors: () => onPage(() => run<string[]>(READ_ERRORS)),
    // The driver shows no network traffic: the tests count requests on the server instead.
    requests: () => null,
    close: async () => void (await call(base, 'DELETE', '')),
  };
}
