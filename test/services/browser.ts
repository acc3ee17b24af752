// A real headless Chromium for tests: Debian's /usr/bin/chromium (scripts/test-deps.sh installs
// it) driven through playwright-core. No browser is downloaded; playwright-core only speaks CDP.
//
//   const p = await openPage("test-output/x/report.html");     // a file path or a URL
//   expect(p.errors()).toEqual([]);                               // console errors + page errors
//   expect(await p.page.textContent("h1")).toBe("Report");
//   await p.screenshot("test-output/x/report.png");               // full page
//   await p.close();
//   afterAll(closeBrowser);                                       // once per test file
//
// One browser per test process (vitest runs each test file in its own fork), launched on first
// use; every openPage gets its own browser context (cookies, storage), closed by close().
// playwright-core gives each launch a fresh temporary --user-data-dir and removes it on close.

import { accessSync, constants, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

/** The browser binary: Debian's chromium, or $DISC_CHROMIUM. */
export const CHROMIUM_PATH = process.env.DISC_CHROMIUM ?? "/usr/bin/chromium";

/** Flags from shared/reference/services.md: no sandbox (root), no GPU, no network of its own. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
  "--allow-file-access-from-files",
];

export interface OpenPageOptions {
  /** Viewport size in CSS pixels; default 1024×768. */
  viewport?: { width: number; height: number };
  /** When navigation counts as done; default "load". */
  waitUntil?: "load" | "domcontentloaded" | "networkidle" | "commit";
  /** Navigation timeout; default 30 s. */
  timeoutMs?: number;
  /** Device pixel ratio for screenshots; default 1. */
  deviceScaleFactor?: number;
}

export interface OpenedPage {
  page: Page;
  context: BrowserContext;
  /** console.error messages, "text (url:line)". */
  consoleErrors: string[];
  /** Uncaught exceptions in the page. */
  pageErrors: string[];
  /** Requests that failed (a missing file next to the page, say): "url: reason". */
  failedRequests: string[];
  /** consoleErrors, pageErrors and failedRequests together. */
  errors(): string[];
  /** A full-page PNG screenshot written to `path` (folders made); returns the absolute path. */
  screenshot(path: string): Promise<string>;
  close(): Promise<void>;
}

/** Why Chromium cannot be used here, or null when it can. */
export function browserUnavailableReason(): string | null {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
    return null;
  } catch {
    return (
      `${CHROMIUM_PATH} not found: run scripts/test-deps.sh as root (npm test does), or: ` +
      `sudo apt-get install -y --no-install-recommends chromium fonts-dejavu-core`
    );
  }
}

let browser: Promise<Browser> | null = null;

function launch(): Promise<Browser> {
  if (!browser) {
    const reason = browserUnavailableReason();
    if (reason) return Promise.reject(new Error(`cannot start Chromium: ${reason}`));
    browser = chromium
      .launch({
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: CHROMIUM_ARGS,
        timeout: 60_000,
      })
      .catch((e: unknown) => {
        browser = null;
        throw e;
      });
  }
  return browser;
}

function toUrl(fileOrUrl: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(fileOrUrl) && !/^[a-z]:[\\/]/i.test(fileOrUrl)
    ? fileOrUrl
    : pathToFileURL(resolve(fileOrUrl)).href;
}

/** Opens a file (path) or URL in a new context of the shared headless Chromium. */
export async function openPage(fileOrUrl: string, opts: OpenPageOptions = {}): Promise<OpenedPage> {
  const b = await launch();
  const context = await b.newContext({
    viewport: opts.viewport ?? { width: 1024, height: 768 },
    deviceScaleFactor: opts.deviceScaleFactor ?? 1,
  });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const failedRequests: string[] = [];
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    const { url, lineNumber } = m.location();
    consoleErrors.push(url ? `${m.text()} (${url}:${lineNumber})` : m.text());
  });
  page.on("pageerror", (e) => pageErrors.push(e.stack ?? e.message));
  page.on("requestfailed", (r) =>
    failedRequests.push(`${r.url()}: ${r.failure()?.errorText ?? "failed"}`),
  );
  const response = await page.goto(toUrl(fileOrUrl), {
    waitUntil: opts.waitUntil ?? "load",
    timeout: opts.timeoutMs ?? 30_000,
  });
  if (response && !response.ok() && response.status() !== 0) {
    failedRequests.push(`${response.url()}: HTTP ${response.status()}`);
  }
  return {
    page,
    context,
    consoleErrors,
    pageErrors,
    failedRequests,
    errors: () => [...consoleErrors, ...pageErrors, ...failedRequests],
    async screenshot(path: string) {
      const abs = resolve(path);
      mkdirSync(dirname(abs), { recursive: true });
      await page.screenshot({ path: abs, fullPage: true });
      return abs;
    },
    close: () => context.close(),
  };
}

/** Closes the shared browser (and its temporary profile). Safe to call when none was launched. */
export async function closeBrowser(): Promise<void> {
  const b = browser;
  browser = null;
  if (b) await (await b.catch(() => null))?.close();
}
