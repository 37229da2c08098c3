#!/usr/bin/env node
// rtcheck shim for real browsers: `node shim.js chromium|firefox`.
//
// Speaks the JSON-lines protocol of ../README.md on stdin/stdout and drives a
// headless browser: Chromium through Selenium (selenium-webdriver) and Debian's
// chromedriver, or over the DevTools protocol (CDP) with RTCHECK_CHROMIUM_DRIVER=cdp;
// Firefox ESR over WebDriver BiDi (no geckodriver needed). The browser loads a page served from
// http://127.0.0.1:<ephemeral>/ (page.js) that does the WebRTC work.
// stdout carries protocol lines only; everything else goes to stderr.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const http = require('http');
const readline = require('readline');
const { spawn } = require('child_process');
const WebSocket = require('ws');

// ---- stdout is the protocol: route every console method to stderr ----------
const out = process.stdout;
for (const m of ['log', 'info', 'warn', 'error', 'debug', 'trace']) {
  console[m] = (...a) => process.stderr.write(`[shim ${KIND()}] ${a.map(String).join(' ')}\n`);
}
function KIND() { return process.argv[2] || '?'; }
const log = (...a) => console.error(...a);

const BROWSER = process.argv[2];
const START_TIMEOUT_MS = 30000;
const EVAL_TIMEOUT_MS = 25000;
const PC_OPS = ['pc.create', 'dc.create', 'pc.offer', 'pc.answer', 'pc.accept-answer', 'pc.candidates',
  'pc.add-candidate', 'pc.wait', 'dc.wait-open', 'dc.send', 'dc.receive-check', 'pc.stats', 'pc.close',
  'pc.add-media', 'media.check', 'media.rtcp-check', 'pc.restart-ice'];
const CAPABILITIES = ['jsep.offer', 'jsep.answer', 'jsep.accept-answer', 'jsep.harvest', ...PC_OPS];
const PAGE_OPS = { 'jsep.offer': 'offer', 'jsep.answer': 'answer', 'jsep.accept-answer': 'acceptAnswer', 'jsep.harvest': 'harvest' };
for (const op of PC_OPS) PAGE_OPS[op] = op; // page.js passes them to pc-session.js

const CHROMIUM_BIN = process.env.RTCHECK_CHROMIUM || '/usr/bin/chromium';
const CHROMEDRIVER_BIN = process.env.RTCHECK_CHROMEDRIVER || '/usr/bin/chromedriver';
// 'webdriver' (Selenium + chromedriver, the default) or 'cdp' (no driver process).
const CHROMIUM_DRIVER = process.env.RTCHECK_CHROMIUM_DRIVER || 'webdriver';
// The grid environment (rtcheck.env=grid, rtcheck.grid.url; the engine passes both): Chromium
// comes from the Selenium Grid instead of a local chromedriver.
const GRID_URL = process.env.RTCHECK_ENV === 'grid' ? (process.env.RTCHECK_GRID_URL || '') : '';
// The docker environment (rtcheck.env=docker): the harness started Chromium and chromedriver in a
// container of the run (browsers-docker's DockerBrowserPlacement) and names chromedriver's URL,
// used like a Grid URL, and the image, which the version in the report names.
const CONTAINER_URL = process.env.RTCHECK_ENV === 'docker' ? (process.env.RTCHECK_WEBDRIVER_URL || '') : '';
const CONTAINER_IMAGE = process.env.RTCHECK_CONTAINER_IMAGE || 'a container';
const REMOTE_URL = GRID_URL || CONTAINER_URL;
// ... and Firefox in a container: its BiDi WebSocket, the Host header its agent requires, and the
// origin inside the container (a secure context) to load page.js into.
const CONTAINER_BIDI_URL = process.env.RTCHECK_ENV === 'docker' ? (process.env.RTCHECK_BIDI_URL || '') : '';
// The page's host as the browser sees it: loopback unless the browser runs elsewhere (a remote
// Grid node), then the harness's address, served on all interfaces and declared secure to
// Chromium so that getUserMedia works over plain http.
const PAGE_HOST = process.env.RTCHECK_PAGE_HOST || '127.0.0.1';
const PAGE_ON_LOOPBACK = PAGE_HOST === '127.0.0.1' || PAGE_HOST === 'localhost';
const FIREFOX_BIN = process.env.RTCHECK_FIREFOX || 'firefox-esr';

const FIREFOX_PREFS = {
  // WebRTC on loopback, fake media, no prompts (see /work/shared/PEERS.md)
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  'media.peerconnection.ice.obfuscate_host_addresses': false,
  'media.peerconnection.ice.loopback': true,
  'media.peerconnection.ice.default_address_only': false,
  'permissions.default.microphone': 1,
  'permissions.default.camera': 1,
  // no background network, no first-run UI
  'app.update.enabled': false,
  'app.update.auto': false,
  'app.update.checkInstallTime': false,
  'app.normandy.enabled': false,
  'app.shield.optoutstudies.enabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'datareporting.healthreport.uploadEnabled': false,
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.unified': false,
  'toolkit.telemetry.archive.enabled': false,
  'toolkit.telemetry.server': '',
  'browser.shell.checkDefaultBrowser': false,
  'browser.startup.homepage_override.mstone': 'ignore',
  'browser.startup.page': 0,
  'browser.aboutwelcome.enabled': false,
  'browser.newtabpage.enabled': false,
  'browser.newtabpage.activity-stream.feeds.system.topstories': false,
  'browser.newtabpage.activity-stream.feeds.snippets': false,
  'browser.search.update': false,
  'browser.search.geoip.url': '',
  'browser.region.network.url': '',
  'browser.region.update.enabled': false,
  'browser.discovery.enabled': false,
  'browser.ping-centre.telemetry': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'browser.safebrowsing.downloads.remote.enabled': false,
  'browser.safebrowsing.blockedURIs.enabled': false,
  'browser.safebrowsing.passwords.enabled': false,
  'browser.safebrowsing.provider.google.updateURL': '',
  'browser.safebrowsing.provider.google4.updateURL': '',
  'browser.safebrowsing.provider.mozilla.updateURL': '',
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
  'network.predictor.enabled': false,
  'network.proxy.type': 0,
  'extensions.update.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'extensions.blocklist.enabled': false,
  'media.gmp-manager.updateEnabled': false,
  'geo.provider.network.url': '',
  'dom.push.connection.enabled': false,
  'identity.fxaccounts.enabled': false,
  'services.settings.poll_interval': 2147483647,
  'security.OCSP.enabled': 0,
  'messaging-system.rsexperimentloader.enabled': false,
  'app.normandy.api_url': '',
  'remote.prefs.recommended': true, // also points services.settings.server at a dummy
};

// ---- JSON-RPC over WebSocket (CDP and BiDi differ only in the reply shape) --
class Rpc {
  constructor(url, label, headers = {}) {
    this.label = label;
    this.nextId = 1;
    this.pending = new Map();
    this.ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024, headers });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', resolve);
      this.ws.once('error', reject);
    });
    this.ws.on('message', (data) => {
      let m;
      try { m = JSON.parse(data.toString('utf8')); } catch (e) { return; }
      if (m.id !== undefined && this.pending.has(m.id)) {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        clearTimeout(p.timer);
        if (m.error) {
          const msg = typeof m.error === 'object' ? (m.error.message || JSON.stringify(m.error)) : `${m.error}: ${m.message || ''}`;
          p.reject(new Error(`${label} ${p.method}: ${msg}`));
        } else {
          p.resolve(m.result);
        }
      }
    });
    this.ws.on('close', () => {
      for (const p of this.pending.values()) { clearTimeout(p.timer); p.reject(new Error(`${label} connection closed during ${p.method}`)); }
      this.pending.clear();
    });
    this.ws.on('error', (e) => log(`${label} websocket error: ${e.message}`));
  }

  send(method, params = {}, extra = {}, timeoutMs = EVAL_TIMEOUT_MS) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        const e = new Error(`${this.label} ${method}: no reply in ${timeoutMs} ms`);
        e.kind = 'timeout';
        reject(e);
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer, method });
      this.ws.send(JSON.stringify({ id, method, params, ...extra }));
    });
  }

  close() { try { this.ws.terminate(); } catch (e) { /* ignore */ } }
}

// ---- browser process handling ----------------------------------------------
let child = null;        // the spawned browser (its own process group)
let tmpDir = null;       // profile / user-data dir
let server = null;       // http server for the page
let driver = null;       // { version, evaluate(expr), close() }

function spawnBrowser(cmd, args, listenRe) {
  return new Promise((resolve, reject) => {
    log(`spawn ${cmd} ${args.join(' ')}`);
    child = spawn(cmd, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const pid = child.pid;
    let settled = false;
    let buf = '';
    const timer = setTimeout(() => {
      if (!settled) { settled = true; reject(new Error(`${cmd}: no "${listenRe}" on stderr in ${START_TIMEOUT_MS} ms`)); }
    }, START_TIMEOUT_MS);
    const onData = (d) => {
      const s = d.toString('utf8');
      process.stderr.write(s.replace(/^(?=.)/gm, `[${BROWSER} ${pid}] `));
      if (settled) return;
      buf += s;
      const m = buf.match(listenRe);
      if (m) { settled = true; clearTimeout(timer); resolve(m[1]); }
    };
    child.stderr.on('data', onData);
    child.stdout.on('data', onData);
    child.once('error', (e) => { if (!settled) { settled = true; clearTimeout(timer); reject(e); } });
    child.once('exit', (code, sig) => {
      log(`${cmd} (pid ${pid}) exited: code ${code} signal ${sig}`);
      const wasChild = child && child.pid === pid;
      if (wasChild) child.exited = true;
      if (!settled) { settled = true; clearTimeout(timer); reject(new Error(`${cmd} exited early: code ${code} signal ${sig}`)); }
    });
  });
}

function killGroup(sig) {
  if (!child || child.exited) return;
  try { process.kill(-child.pid, sig); } catch (e) { /* group gone */ }
}

function removeTmp() {
  if (!tmpDir) return;
  try { fs.rmSync(tmpDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }); } catch (e) { log(`rm ${tmpDir}: ${e.message}`); }
  tmpDir = null;
}

function waitExit(ms) {
  return new Promise((resolve) => {
    if (!child || child.exited) return resolve(true);
    const t = setTimeout(() => resolve(false), ms);
    child.once('exit', () => { clearTimeout(t); resolve(true); });
  });
}

// ---- the page ---------------------------------------------------------------
function startServer() {
  const pageJs = fs.readFileSync(path.join(__dirname, 'page.js'));
  // The peer-connection ops are the module the Node shims use too (../common).
  const sessionJs = fs.readFileSync(path.join(__dirname, '..', 'common', 'pc-session.js'));
  const html = '<!doctype html><meta charset="utf-8"><title>rtcheck</title>' +
    '<script src="/pc-session.js"></script><script src="/page.js"></script>';
  server = http.createServer((req, res) => {
    if (req.url === '/' || req.url.startsWith('/?')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(html);
    } else if (req.url === '/page.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
      res.end(pageJs);
    } else if (req.url === '/pc-session.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
      res.end(sessionJs);
    } else {
      res.writeHead(404); res.end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, PAGE_ON_LOOPBACK ? '127.0.0.1' : '0.0.0.0',
      () => resolve(`http://${PAGE_HOST}:${server.address().port}/`));
  });
}

function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }

// Poll until page.js ran and getUserMedia settled.
async function waitReady(evaluate) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    let v;
    try { v = await evaluate("typeof window.rtcheck === 'object' ? window.rtcheck.ready : 'no'"); } catch (e) { v = 'no'; }
    if (v === 'true') return;
    if (v !== 'no') throw new Error(`page not ready: ${v}`);
    if (Date.now() > deadline) throw new Error('page did not load');
    await sleep(50);
  }
}

// ---- Chromium ---------------------------------------------------------------
// Headless as root, fake media, host addresses in candidates (see /work/shared/PEERS.md).
function chromiumArgs() {
  return [
    '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--no-default-browser-check',
    '--disable-default-apps', '--disable-extensions', '--mute-audio', '--password-store=basic',
    `--user-data-dir=${tmpDir}`,
    '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
    '--disable-features=WebRtcHideLocalIpsWithMdns', '--allow-loopback-in-peer-connection',
  ];
}

// Grid sessions not yet handed over or closed. A start given up on (a slow page on a loaded node)
// leaves its session on the Grid, holding the slot until the node's session-timeout (300 s) and
// making every later start wait: such sessions are ended when the start is given up and at exit.
const gridSessions = new Set();
async function endGridSessions() {
  const all = [...gridSessions];
  gridSessions.clear();
  await Promise.all(all.map((d) => Promise.race([d.quit().catch(() => {}), sleep(3000)])));
}

// Through Selenium's WebDriver client and Debian's chromedriver. chromedriver runs in its own
// process group and Chromium inherits it, so shutdown's group kill reaches both. The client is
// given the driver's URL, so Selenium Manager (which would download drivers) never runs.
async function startChromiumWebDriver(url) {
  let server = REMOTE_URL;
  const args = chromiumArgs();
  if (server) {
    // The profile folder is the node's business: chromedriver there makes a fresh one.
    args.splice(args.findIndex((a) => a.startsWith('--user-data-dir=')), 1);
    log(`chromium: a session from ${GRID_URL ? 'the Selenium Grid' : 'chromedriver in ' + CONTAINER_IMAGE} at ${server}`);
  } else {
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rtcheck-chromium-'));
    args.splice(args.findIndex((a) => a.startsWith('--user-data-dir=')), 1, `--user-data-dir=${tmpDir}`);
    const port = await spawnBrowser(CHROMEDRIVER_BIN, ['--port=0'], /started successfully on port (\d+)/);
    server = `http://127.0.0.1:${port}`;
  }
  if (!PAGE_ON_LOOPBACK) args.push(`--unsafely-treat-insecure-origin-as-secure=${new URL(url).origin}`);
  const { Builder } = require('selenium-webdriver');
  const chrome = require('selenium-webdriver/chrome');
  const options = new chrome.Options().addArguments(...args);
  // A Grid node knows its own Chromium; locally (or when told) the binary is named.
  if (!REMOTE_URL || process.env.RTCHECK_CHROMIUM) options.setChromeBinaryPath(CHROMIUM_BIN);
  const d = await new Builder().usingServer(server).forBrowser('chrome')
    .setChromeOptions(options).build();
  if (GRID_URL) gridSessions.add(d);
  const caps = await d.getCapabilities();
  let version = String(caps.get('browserVersion') || '');
  if (GRID_URL) {
    // Which node ran the session, for the report (Grid 4's GraphQL endpoint knows it).
    let node = 'an unknown node';
    try {
      const id = (await d.getSession()).getId();
      const r = await fetch(new URL('graphql', GRID_URL.endsWith('/') ? GRID_URL : GRID_URL + '/'), {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `{ session (id: "${id}") { nodeUri } }` }),
        signal: AbortSignal.timeout(5000),
      });
      node = (await r.json()).data.session.nodeUri;
    } catch (e) { log(`grid: node of the session unknown: ${e.message}`); }
    version = `${version} on grid node ${node}`;
  } else if (CONTAINER_URL) {
    version = `${version} in container ${CONTAINER_IMAGE}`;
  }
  await d.manage().setTimeouts({ script: EVAL_TIMEOUT_MS, pageLoad: START_TIMEOUT_MS });
  await d.get(url);
  // The expression's value, awaited in the page; a rejection or throw comes back as text.
  const evaluate = async (expression) => {
    const r = await d.executeAsyncScript(
      'const done = arguments[arguments.length - 1];'
      + ' Promise.resolve().then(() => (0, eval)(arguments[0]))'
      + '.then((v) => done({ v }), (e) => done({ x: String((e && e.stack) || e) }));',
      expression);
    if (r && r.x !== undefined) throw new Error(`page exception: ${r.x}`);
    return r && r.v;
  };
  await waitReady(evaluate);
  // A Grid node ends a session idle for its session-timeout (300 s by default). Under a pooled
  // Chromium (one shim per Grid slot) an instance can wait that long between cells, so an idle
  // session is touched every minute (RTCHECK_GRID_KEEPALIVE_MS; 0: never).
  const every = Number(process.env.RTCHECK_GRID_KEEPALIVE_MS || 60000);
  let lastUse = Date.now();
  const keepAlive = GRID_URL && every > 0 ? setInterval(() => {
    if (Date.now() - lastUse < every) return;
    lastUse = Date.now();
    d.getTitle().catch((e) => log(`grid: keep-alive failed: ${e.message}`));
  }, every) : null;
  if (keepAlive) keepAlive.unref();
  return {
    name: 'chromium', version, via: `selenium-webdriver, ${GRID_URL ? 'grid ' + GRID_URL : CONTAINER_URL ? 'container ' + CONTAINER_URL : 'chromedriver'} ${((caps.get('chrome') || {}).chromedriverVersion || '').split(' ')[0]}`,
    evaluate: (expression) => { lastUse = Date.now(); return evaluate(expression); },
    async close() {
      if (keepAlive) clearInterval(keepAlive);
      gridSessions.delete(d);
      await Promise.race([d.quit().catch(() => {}), sleep(3000)]);
    },
  };
}

// Over the DevTools protocol, no driver process.
async function startChromium(url) {
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rtcheck-chromium-'));
  const args = [...chromiumArgs(), '--remote-debugging-port=0', 'about:blank'];
  const wsUrl = await spawnBrowser(CHROMIUM_BIN, args, /DevTools listening on (ws:\/\/\S+)/);
  const rpc = new Rpc(wsUrl, 'cdp');
  await rpc.opened;
  const v = await rpc.send('Browser.getVersion');
  const version = String(v.product || '').replace(/^[^/]*\//, '');
  const { targetId } = await rpc.send('Target.createTarget', { url });
  const { sessionId } = await rpc.send('Target.attachToTarget', { targetId, flatten: true });
  const evaluate = async (expression) => {
    const r = await rpc.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, { sessionId });
    if (r.exceptionDetails) {
      const d = r.exceptionDetails;
      throw new Error(`page exception: ${(d.exception && d.exception.description) || d.text}`);
    }
    return r.result.value;
  };
  await waitReady(evaluate);
  return {
    name: 'chromium', version, evaluate,
    async close() { await rpc.send('Browser.close', {}, {}, 2000).catch(() => {}); rpc.close(); },
  };
}

// ---- Firefox over WebDriver BiDi --------------------------------------------
async function startFirefox(url) {
  if (CONTAINER_BIDI_URL) return startContainerFirefox();
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rtcheck-firefox-'));
  const userJs = Object.entries(FIREFOX_PREFS)
    .map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`).join('\n') + '\n';
  fs.writeFileSync(path.join(tmpDir, 'user.js'), userJs);
  const args = ['--headless', '--no-remote', '--remote-debugging-port=0', '--profile', tmpDir, 'about:blank'];
  const base = await spawnBrowser(FIREFOX_BIN, args, /WebDriver BiDi listening on (ws:\/\/\S+)/);
  const rpc = new Rpc(`${base.replace(/\/$/, '')}/session`, 'bidi');
  await rpc.opened;
  const { version, evaluate } = await bidiTab(rpc, url);
  log('bidi: page loaded; waiting for page.js and getUserMedia');
  await waitReady(evaluate);
  return {
    name: 'firefox', version, evaluate,
    async close() {
      await rpc.send('browser.close', {}, {}, 2000).catch(() => {});
      rpc.close();
    },
  };
}

// A BiDi session on the browser's first tab (or a new one), navigated to url: the browser's
// version and an evaluate(expression) that awaits promises and turns exceptions into errors.
async function bidiTab(rpc, url) {
  log('bidi: session.new');
  const s = await rpc.send('session.new', { capabilities: {} });
  const version = s.capabilities && s.capabilities.browserVersion;
  const tree = await rpc.send('browsingContext.getTree', {});
  let context = tree.contexts && tree.contexts[0] && tree.contexts[0].context;
  if (!context) context = (await rpc.send('browsingContext.create', { type: 'tab' })).context;
  log(`bidi: navigate ${url}`);
  await rpc.send('browsingContext.navigate', { context, url, wait: 'complete' });
  const evaluate = async (expression) => {
    const r = await rpc.send('script.evaluate', {
      expression, target: { context }, awaitPromise: true, resultOwnership: 'none',
    });
    if (r.type === 'exception') {
      const d = r.exceptionDetails || {};
      throw new Error(`page exception: ${d.text || JSON.stringify(d)}`);
    }
    return r.result && r.result.value;
  };
  return { version, evaluate };
}

// Firefox in a container of the run (rtcheck.env=docker), its agent already answering. Our page
// would be an insecure origin there (no getUserMedia), so the tab goes to the agent's own origin
// and the page's scripts are evaluated in it.
async function startContainerFirefox() {
  const rpc = new Rpc(CONTAINER_BIDI_URL, 'bidi', { Host: process.env.RTCHECK_BIDI_HOST || '127.0.0.1:9222' });
  await rpc.opened;
  const origin = process.env.RTCHECK_BIDI_ORIGIN || 'http://127.0.0.1:9222/';
  log(`bidi: ${CONTAINER_BIDI_URL}`);
  const tab = await bidiTab(rpc, origin);
  const version = `${tab.version} in container ${CONTAINER_IMAGE}`;
  const evaluate = tab.evaluate;
  for (const f of [path.join(__dirname, '..', 'common', 'pc-session.js'), path.join(__dirname, 'page.js')]) {
    await evaluate(`${fs.readFileSync(f, 'utf8')}\n;undefined`);
  }
  await waitReady(evaluate);
  return {
    name: 'firefox', version, via: `bidi ${CONTAINER_BIDI_URL}`, evaluate,
    // The container is the harness's to remove; the session ends here.
    async close() { await rpc.send('session.end', {}, {}, 2000).catch(() => {}); rpc.close(); },
  };
}

// Starting a browser on a loaded machine is slow (Firefox took 12 s at load 15
// on 2 cores) and now and then fails outright. The start gets most of rtcheck's
// 25 s for describe; a try that failed early is repeated once if the rest of
// that budget still allows a start. A Grid session takes longer (a node of a Grid on this loaded
// 2-core machine took 10-17 s to start one, then the page loads): 50 s there, within the 60 s
// per call rtcheck gives a Grid browser shim (ShimSubjectProvider).
const START_BUDGET_MS = GRID_URL ? 50000 : 22000;
const MIN_RETRY_MS = 8000;
async function startWithRetry(url) {
  const t0 = Date.now();
  for (let attempt = 1; ; attempt++) {
    const left = START_BUDGET_MS - (Date.now() - t0);
    let timer;
    try {
      const start = BROWSER === 'firefox' ? startFirefox(url)
        : CHROMIUM_DRIVER === 'cdp' ? startChromium(url) : startChromiumWebDriver(url);
      start.catch(() => {}); // a late failure of an abandoned try is not news
      return await Promise.race([start, new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`not ready in ${left} ms`)), left);
      })]);
    } catch (e) {
      log(`${BROWSER} start, try ${attempt}, failed after ${Date.now() - t0} ms: ${e.message}`);
      await endGridSessions();
      killGroup('SIGKILL');
      await waitExit(2000);
      removeTmp();
      if (attempt >= 2 || START_BUDGET_MS - (Date.now() - t0) < MIN_RETRY_MS) throw e;
    } finally {
      clearTimeout(timer);
    }
  }
}

// ---- lifecycle --------------------------------------------------------------
let shuttingDown = null;
function shutdown(code) {
  if (shuttingDown) return shuttingDown;
  shuttingDown = (async () => {
    const t0 = Date.now();
    if (driver) { try { await driver.close(); } catch (e) { /* ignore */ } }
    await endGridSessions();
    if (!(await waitExit(1500))) {
      killGroup('SIGTERM');
      if (!(await waitExit(2000))) { killGroup('SIGKILL'); await waitExit(1000); }
    }
    killGroup('SIGKILL'); // leftover helpers in the group, if any
    removeTmp();
    if (server) { server.closeAllConnections && server.closeAllConnections(); server.close(); }
    log(`shutdown in ${Date.now() - t0} ms`);
    // The flush callback never comes when rtcheck is gone (stdout broken): exit anyway.
    setTimeout(() => process.exit(code), 500).unref();
    out.write('', () => process.exit(code));
  })();
  return shuttingDown;
}

// Last resort for paths that exit without shutdown() (synchronous only).
process.on('exit', () => {
  if (child && !child.exited) { try { process.kill(-child.pid, 'SIGKILL'); } catch (e) { /* ignore */ } }
  removeTmp();
});
process.on('SIGTERM', () => { log('SIGTERM'); shutdown(143); });
process.on('SIGINT', () => { log('SIGINT'); shutdown(130); });
process.on('SIGHUP', () => { log('SIGHUP'); shutdown(129); });
process.on('uncaughtException', (e) => { log(`uncaught: ${e && e.stack}`); shutdown(70); });
process.on('unhandledRejection', (e) => { log(`unhandled rejection: ${e && e.stack}`); shutdown(70); });

function reply(obj) { out.write(JSON.stringify(obj) + '\n'); }

function errorOf(e, kind) {
  return { kind: (e && e.kind) || kind, message: String((e && e.message) || e) };
}

async function main() {
  if (BROWSER !== 'chromium' && BROWSER !== 'firefox') {
    process.stderr.write('usage: node shim.js chromium|firefox\n');
    process.exit(64);
  }
  const tStart = Date.now();
  const ready = (async () => {
    const url = await startServer();
    driver = await startWithRetry(url);
    log(`${driver.name} ${driver.version} ready in ${Date.now() - tStart} ms (page ${url}, via ${driver.via || 'cdp/bidi'})`);
    return driver;
  })();
  ready.catch((e) => log(`browser start failed: ${e.stack || e}`));

  // Requests run one at a time: page state (the last offer) is sequential.
  let queue = Promise.resolve();
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  rl.on('line', (line) => {
    if (!line.trim()) return;
    let req;
    try { req = JSON.parse(line); } catch (e) { log(`not JSON, ignored: ${line.slice(0, 200)}`); return; }
    if (!req || typeof req !== 'object' || req.id === undefined) { log(`no id, ignored: ${line.slice(0, 200)}`); return; }
    const { id, op } = req;
    const args = req.args || {};
    if (op !== 'describe' && op !== 'close' && !PAGE_OPS[op]) {
      reply({ id, error: { kind: 'unimplemented', message: `${BROWSER} shim does not implement ${op}` } });
      return;
    }
    queue = queue.then(async () => {
      const t0 = Date.now();
      if (op === 'close') {
        if (driver) { try { await driver.evaluate("window.rtcheck.call('close', {})"); } catch (e) { /* ignore */ } }
        reply({ id, ok: {} });
        log(`close after ${Date.now() - tStart} ms`);
        rl.close();
        await shutdown(0);
        return;
      }
      let d;
      try { d = await ready; } catch (e) {
        reply({ id, error: { kind: 'unavailable', message: `${BROWSER} did not start: ${e.message}` } });
        return;
      }
      if (op === 'describe') {
        reply({ id, ok: { name: d.name, version: d.version, capabilities: CAPABILITIES } });
        return;
      }
      try {
        const expr = `window.rtcheck.call(${JSON.stringify(PAGE_OPS[op])}, ${JSON.stringify(args)})`;
        const r = JSON.parse(await d.evaluate(expr));
        if (r.ok && r.ok.gatheringComplete === false) log(`${op}: ICE gathering did not complete in 10 s; SDP has the candidates so far`);
        if (r.ok && op.startsWith('jsep.')) delete r.ok.gatheringComplete;
        reply(r.error ? { id, error: r.error } : { id, ok: r.ok });
        log(`${op} id=${id} ${r.error ? 'error ' + r.error.kind : 'ok'} in ${Date.now() - t0} ms`);
      } catch (e) {
        reply({ id, error: errorOf(e, 'internal') });
        log(`${op} id=${id} failed in ${Date.now() - t0} ms: ${e.message}`);
      }
    }).catch((e) => log(`queue: ${e.stack || e}`));
  });
  rl.on('close', () => { queue.then(() => { log('stdin closed'); shutdown(0); }); });
}

main();
