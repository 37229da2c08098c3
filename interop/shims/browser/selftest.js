#!/usr/bin/env node
// Self-test for the browser shims: drives `node shim.js chromium` and
// `node shim.js firefox` through the JSON-lines protocol, same-browser and
// cross-browser, then checks that no browser process or profile dir is left.
// Usage: node selftest.js [chromium] [firefox]   (default: both)
'use strict';

const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const readline = require('readline');

const browsers = process.argv.slice(2).length ? process.argv.slice(2) : ['chromium', 'firefox'];
const timings = {};   // "browser op" -> [ms]
let failures = 0;

function check(cond, what) {
  if (cond) { console.log(`  ok   ${what}`); } else { failures++; console.log(`  FAIL ${what}`); }
}

class Shim {
  constructor(kind) {
    this.kind = kind;
    this.nextId = 1;
    this.pending = new Map();
    this.stderr = '';
    this.browserPids = new Set();
    this.profiles = new Set();
    this.proc = spawn(process.execPath, [path.join(__dirname, 'shim.js'), kind], { cwd: __dirname, stdio: ['pipe', 'pipe', 'pipe'] });
    this.exited = new Promise((r) => this.proc.once('exit', (code, sig) => r({ code, sig })));
    this.badLines = [];
    readline.createInterface({ input: this.proc.stdout }).on('line', (line) => {
      let m;
      try { m = JSON.parse(line); } catch (e) { this.badLines.push(line); return; }
      const p = this.pending.get(m.id);
      if (!p) { this.badLines.push(line); return; }
      this.pending.delete(m.id);
      p(m);
    });
    this.proc.stderr.on('data', (d) => {
      const s = d.toString();
      this.stderr += s;
      for (const m of s.matchAll(/\[(?:chromium|firefox) (\d+)\]/g)) this.browserPids.add(Number(m[1]));
      for (const m of s.matchAll(/(\/tmp\/rtcheck-(?:chromium|firefox)-\w+)/g)) this.profiles.add(m[1]);
      if (process.env.SELFTEST_VERBOSE) process.stderr.write(s);
    });
  }

  async req(op, args = {}) {
    const id = this.nextId++;
    const t0 = Date.now();
    const reply = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.kind} ${op}: no reply in 30 s`)), 30000);
      this.pending.set(id, (m) => { clearTimeout(timer); resolve(m); });
      this.proc.stdin.write(JSON.stringify({ id, op, args }) + '\n');
    });
    const ms = Date.now() - t0;
    (timings[`${this.kind} ${op}`] = timings[`${this.kind} ${op}`] || []).push(ms);
    return reply;
  }
}

function sections(sdp) { return (sdp.match(/^m=\w+/gm) || []).map((x) => x.slice(2)); }
function hasLoopbackCandidate(sdp) { return /^a=candidate:\S+ 1 udp \d+ 127\.0\.0\.1 \d+ typ host/im.test(sdp); }

function liveInGroup(pgid) {
  const ps = execFileSync('ps', ['-eo', 'pid=,pgid=,stat=']).toString();
  return ps.split('\n').map((l) => l.trim().split(/\s+/)).filter((f) => Number(f[1]) === pgid && f[2] && !f[2].startsWith('Z'));
}

async function sameBrowser(shim) {
  const k = shim.kind;
  console.log(`\n== ${k}`);
  const d = await shim.req('describe');
  check(d.ok && d.ok.name === k && /^\d+\./.test(d.ok.version), `${k} describe → ${d.ok && d.ok.name} ${d.ok && d.ok.version}`);

  const u = await shim.req('sdp.nonsense');
  check(u.error && u.error.kind === 'unimplemented', `${k} unknown op → unimplemented`);

  const o = await shim.req('jsep.offer', { audio: true, video: true, datachannel: true });
  check(o.ok && o.ok.type === 'offer', `${k} jsep.offer`);
  if (o.ok) {
    check(sections(o.ok.sdp).join() === 'audio,video,application', `${k} offer sections ${sections(o.ok.sdp)}`);
    check(hasLoopbackCandidate(o.ok.sdp), `${k} offer has a 127.0.0.1 host candidate`);
    check(!/\.local /.test(o.ok.sdp), `${k} offer has no mDNS candidates`);
  }
  const a = await shim.req('jsep.answer', { sdp: o.ok.sdp });
  check(a.ok && a.ok.type === 'answer' && sections(a.ok.sdp).join() === 'audio,video,application', `${k} jsep.answer (own offer)`);
  check(a.ok && /^a=sendrecv/m.test(a.ok.sdp), `${k} answer sends media (sendrecv)`);
  const acc = await shim.req('jsep.accept-answer', { sdp: a.ok.sdp });
  check(acc.ok && Object.keys(acc.ok).length === 0, `${k} jsep.accept-answer → {}`);

  await shim.req('jsep.offer', { audio: true, video: false, datachannel: true });
  const bad = await shim.req('jsep.accept-answer', { sdp: 'v=0\r\nthis is not sdp\r\n' });
  check(bad.error && bad.error.kind === 'rejected' && bad.error.message, `${k} garbage answer → rejected: ${bad.error && bad.error.message.slice(0, 120)}`);

  const dc = await shim.req('jsep.offer', { audio: false, video: false, datachannel: true });
  check(dc.ok && sections(dc.ok.sdp).join() === 'application', `${k} datachannel-only offer`);

  const h = await shim.req('jsep.harvest', { audio: true, video: true, datachannel: true });
  check(h.ok && sections(h.ok.offer).length === 3 && sections(h.ok.answer).length === 3, `${k} jsep.harvest`);
  return { offer: o.ok.sdp };
}

async function cross(offerer, answerer) {
  const name = `${offerer.kind} → ${answerer.kind}`;
  const o = await offerer.req('jsep.offer', { audio: true, video: true, datachannel: true });
  const a = await answerer.req('jsep.answer', { sdp: o.ok.sdp });
  check(a.ok && sections(a.ok.sdp).join() === 'audio,video,application', `${name}: ${answerer.kind} answered ${offerer.kind}'s offer`);
  if (!a.ok) { console.log('   ', JSON.stringify(a.error)); return; }
  const acc = await offerer.req('jsep.accept-answer', { sdp: a.ok.sdp });
  check(acc.ok, `${name}: ${offerer.kind} accepted ${answerer.kind}'s answer${acc.error ? ': ' + acc.error.message : ''}`);
}

async function closeAndCheck(shim) {
  const c = await shim.req('close');
  const ex = await shim.exited;
  check(c.ok && ex.code === 0, `${shim.kind} close → {} and exit 0 (code ${ex.code})`);
  check(shim.badLines.length === 0, `${shim.kind} stdout had only protocol lines${shim.badLines.length ? ': ' + shim.badLines[0] : ''}`);
  await checkLeftovers(shim);
}

async function checkLeftovers(shim) {
  await new Promise((r) => setTimeout(r, 300));
  const live = [...shim.browserPids].flatMap(liveInGroup);
  check(live.length === 0, `${shim.kind} no browser process left${live.length ? ': ' + live.map((f) => f[0]).join(',') : ''}`);
  const dirs = [...shim.profiles].filter((p) => fs.existsSync(p));
  check(dirs.length === 0, `${shim.kind} profile dir removed ${[...shim.profiles].join(' ')}`);
}

async function signalPath(kind, how) {
  console.log(`\n== ${kind}: cleanup on ${how}`);
  const s = new Shim(kind);
  await s.req('describe');
  await s.req('jsep.offer', {});
  if (how === 'EOF') s.proc.stdin.end(); else s.proc.kill('SIGTERM');
  const ex = await s.exited;
  check(ex.code !== null, `${kind} exited after ${how} (code ${ex.code})`);
  await checkLeftovers(s);
}

(async () => {
  const t0 = Date.now();
  const shims = {};
  for (const b of browsers) shims[b] = new Shim(b);
  for (const b of browsers) await sameBrowser(shims[b]);
  if (shims.chromium && shims.firefox) {
    console.log('\n== cross');
    await cross(shims.chromium, shims.firefox);
    await cross(shims.firefox, shims.chromium);
  }
  console.log('\n== close');
  for (const b of browsers) await closeAndCheck(shims[b]);
  await signalPath(browsers[0], 'SIGTERM');
  await signalPath(browsers[browsers.length - 1], 'EOF');

  console.log('\n== timings (ms; describe includes browser start-up)');
  for (const [k, v] of Object.entries(timings)) {
    const s = [...v].sort((x, y) => x - y);
    console.log(`  ${k.padEnd(32)} n=${String(v.length).padStart(2)} median=${String(s[s.length >> 1]).padStart(5)} max=${String(s[s.length - 1]).padStart(5)}`);
  }
  console.log(`\n${failures ? 'FAILED' : 'PASSED'} (${failures} failures) in ${Date.now() - t0} ms`);
  process.exit(failures ? 1 : 0);
})().catch((e) => { console.log(`FAIL ${e.stack}`); process.exit(2); });
