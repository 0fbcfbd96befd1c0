// Runs every tests/browser/test_*.mjs against one real server; each test
// gets a fresh browser profile and a person of its own. Screenshots (one at
// the end of every test, and on failure) go to the artefact directory.
// Last line: "N passed, N failed". A test may call skip(reason) when this
// build lacks what it needs: it is then neither passed nor failed.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openBrowser, Server } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const artefacts = path.resolve(process.env.BROWSER_ARTEFACTS || 'build-asan/test-logs/browser');
const only = process.argv[2] ? new RegExp(process.argv[2]) : null;
const TEST_TIMEOUT_MS = 30000;

class Skip extends Error {}

async function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms); });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function main() {
  fs.mkdirSync(artefacts, { recursive: true });
  const files = fs.readdirSync(here).filter((f) => /^test_.*\.mjs$/.test(f)).sort();
  const tests = [];
  for (const f of files) {
    const mod = await import(path.join(here, f));
    for (const t of mod.tests) tests.push({ ...t, file: f });
  }
  const server = await Server.start();
  let passed = 0;
  let failed = 0;
  let index = 0;
  for (const t of tests) {
    if (only && !only.test(t.name)) continue;
    index++;
    const browser = await openBrowser();
    const shots = [];
    const ctx = {
      server,
      browser,
      person: t.person,
      skip: (why) => { throw new Skip(why); },
      // a screenshot kept as an artefact: NN-test-label.png
      shot: async (page, label) => {
        const file = path.join(artefacts, `${String(index).padStart(2, '0')}-${t.name}${label ? `-${label}` : ''}.png`);
        await page.screenshot({ path: file, fullPage: false });
        shots.push(file);
      },
    };
    const started = Date.now();
    try {
      await withTimeout(t.run(ctx), TEST_TIMEOUT_MS, t.name);
      for (const page of browser.context.pages()) await ctx.shot(page, 'end');
      if (browser.errors.length) throw new Error(`page errors: ${browser.errors.join('; ')}`);
      passed++;
      console.log(`ok   ${t.name} (${Date.now() - started} ms)`);
    } catch (e) {
      if (e instanceof Skip) {
        console.log(`skip ${t.name}: ${e.message}`);
      } else {
        failed++;
        console.log(`FAIL ${t.name}: ${e.stack || e.message}`);
        for (const page of browser.context.pages()) await ctx.shot(page, 'failure').catch(() => {});
      }
    } finally {
      await browser.close();
    }
  }
  const code = await server.stop();
  if (code !== 0) {
    failed++;
    console.log(`FAIL server exit: status ${code}; log: ${server.logPath}`);
    console.log(fs.readFileSync(server.logPath, 'utf8').split('\n').slice(-30).join('\n'));
  }
  console.log(`screenshots in ${artefacts}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => {
  console.log(`FAIL harness: ${e.stack || e.message}`);
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
});
