// Drives a real VS Code: code-server serves the workbench, headless Chromium (playwright-core) uses it
// the way a person would — command palette, quick fixes, notifications, the chat webview.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url, timeoutMs, proc) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) {
      throw new Error(`code-server exited with ${proc.exitCode} before it served ${url}`);
    }
    try {
      const r = await fetch(url);
      if (r.ok) {
        return;
      }
      last = `HTTP ${r.status}`;
    } catch (e) {
      last = e.message;
    }
    await sleep(250);
  }
  throw new Error(`code-server did not answer ${url} within ${timeoutMs} ms (${last})`);
}

/** Kills a child started with detached: true, and everything it started, by its process group. */
export async function killGroup(proc, graceMs = 5000) {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) {
    return;
  }
  const exited = new Promise((r) => proc.once('exit', r));
  try {
    process.kill(-proc.pid, 'SIGTERM');
  } catch {
    return;
  }
  const done = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]);
  if (!done) {
    try {
      process.kill(-proc.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await exited;
  }
}

export async function installExtension({ codeServer, userDataDir, extensionsDir, vsix, env }) {
  await new Promise((resolve, reject) => {
    const p = spawn(codeServer, ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('error', reject);
    p.on('exit', (code) => (code === 0 && /successfully installed/.test(out) ? resolve() : reject(new Error(`--install-extension failed (${code}): ${out}`))));
  });
}

export async function startCodeServer({ codeServer, userDataDir, extensionsDir, workspace, env, logFile, extraArgs = [] }) {
  const port = await freePort();
  const config = join(userDataDir, 'code-server.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const args = [
    '--config', config,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    ...extraArgs,
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    workspace,
  ];
  const log = createWriteStream(logFile);
  const proc = spawn(codeServer, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  proc.stdout.pipe(log);
  proc.stderr.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/healthz`, 60_000, proc);
  return { url, proc, stop: () => killGroup(proc) };
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export async function launchBrowser(executablePath) {
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/** A VS Code window in the browser, with the actions the scenarios use. */
export class Workbench {
  constructor(page, { screenshotDir, log }) {
    this.page = page;
    this.screenshotDir = screenshotDir;
    this.log = log;
    this.shots = [];
    mkdirSync(screenshotDir, { recursive: true });
  }

  static async open(browser, url, workspace, options) {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const wb = new Workbench(page, options);
    page.on('console', (m) => {
      if (m.type() === 'error') {
        options.log(`[browser console] ${m.text()}`);
      }
    });
    page.on('pageerror', (e) => options.log(`[page error] ${e.message}`));
    await page.goto(`${url}/?folder=${encodeURIComponent(workspace)}`, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    await page.locator('.statusbar').waitFor({ timeout: 90_000 });
    return wb;
  }

  async screenshot(name) {
    const path = join(this.screenshotDir, `${name}.png`);
    await this.page.screenshot({ path });
    this.shots.push(path);
    this.log(`screenshot ${path}`);
    return path;
  }

  /** Runs a command from the palette by its full title ("ironclaw4j: Open Chat"). */
  async runCommand(title) {
    const page = this.page;
    await this.closeQuickInput();
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input.input');
      try {
        await input.waitFor({ state: 'visible', timeout: 10_000 });
        await input.fill(`>${title}`);
        const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
        await row.waitFor({ timeout: 15_000 });
        await input.press('Enter');
        return;
      } catch (e) {
        if (attempt >= 3) {
          throw new Error(`command "${title}" not found in the palette: ${e.message}`);
        }
        await this.closeQuickInput();
        await sleep(1000);
      }
    }
  }

  async closeQuickInput() {
    const widget = this.page.locator('.quick-input-widget');
    if (await widget.isVisible().catch(() => false)) {
      await this.page.keyboard.press('Escape');
      await widget.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
    }
  }

  /** Opens a workspace file with Quick Open. */
  async openFile(name) {
    const page = this.page;
    await this.closeQuickInput();
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible' });
    await input.fill(name);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
    await input.press('Enter');
    await page.locator(`.tab[aria-label^="${name}"]`).first().waitFor();
    await page.locator('.monaco-editor .view-lines').first().waitFor();
  }

  /** The visible text of the active editor. */
  async editorText() {
    // Monaco renders spaces as no-break spaces.
    const text = await this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().innerText();
    return text.replace(/\u00a0/g, ' ');
  }

  /** Waits until the quick input shows and types a value into it (input boxes of commands). */
  async answerInput(value, { titleContains } = {}) {
    const widget = this.page.locator('.quick-input-widget');
    await widget.waitFor({ state: 'visible' });
    if (titleContains) {
      await this.page.locator('.quick-input-widget .quick-input-title', { hasText: titleContains }).waitFor();
    }
    const input = this.page.locator('.quick-input-widget input.input');
    await input.fill(value);
    await input.press('Enter');
  }

  /** Picks an entry of the visible quick pick by its label. */
  async pick(label, { titleContains } = {}) {
    const widget = this.page.locator('.quick-input-widget');
    await widget.waitFor({ state: 'visible' });
    if (titleContains) {
      await this.page.locator('.quick-input-widget .quick-input-title', { hasText: titleContains }).waitFor();
    }
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
    await row.waitFor();
    await row.click();
  }

  /** Waits for a notification toast whose text matches, and returns its text. */
  async notification(pattern, timeout = 60_000) {
    const toast = this.page.locator('.notifications-toasts .notification-toast', { hasText: pattern }).first();
    await toast.waitFor({ timeout });
    return toast.innerText();
  }

  async statusBarLabel(label, timeout = 120_000) {
    await this.page.locator(`.statusbar [aria-label="${label}"]`).first().waitFor({ timeout });
  }

  async statusBarText() {
    return this.page.locator('.statusbar [aria-label^="ironclaw4j:"]').first().getAttribute('aria-label');
  }

  /** The content frame of the (only) webview panel. */
  webview() {
    return this.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  }
}
