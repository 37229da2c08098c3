#!/usr/bin/env node
// The WebRTC Echo Test contract (HTTP POST /offer with an RTCSessionDescriptionInit,
// answered non-trickle; every data channel message echoed on its channel) for the
// Node stacks, both sides, so rtcheck's own peer can be tested against them and
// they against it:
//
//   node echo.js serve --stack S [--port P]
//       prints {"listening": "http://127.0.0.1:P/offer"}; serves until stdin closes
//       or SIGTERM
//   node echo.js offer URL --stack S [--messages N] [--size B] [--timeout-ms T]
//       opens a data channel, sends N messages (text and binary in turn, B bytes),
//       checks each echo; prints one JSON result line; exit 0 all echoed, 1 not
//
// S is libwebrtc (@roamhq/wrtc), libdatachannel (node-datachannel's W3C polyfill)
// or werift. Logs go to stderr, results to stdout.
'use strict';

const http = require('http');
const util = require('util');

const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');
console.log = console.info = console.debug = console.warn = (...a) =>
  process.stderr.write(util.format(...a) + '\n');

const GATHER_TIMEOUT_MS = 10_000;

function stackFactory(stack) {
  if (stack === 'libwebrtc') {
    const { RTCPeerConnection } = require('@roamhq/wrtc');
    return { create: () => new RTCPeerConnection({ iceServers: [] }), cleanup: () => {} };
  }
  if (stack === 'werift') {
    const { RTCPeerConnection } = require('werift');
    // PEERS.md: werift skips lo without the extra host address.
    return {
      create: () => new RTCPeerConnection({ iceServers: [], iceAdditionalHostAddresses: ['127.0.0.1'] }),
      cleanup: () => {},
    };
  }
  if (stack === 'libdatachannel') {
    const ndc = require('node-datachannel');
    ndc.initLogger('Warning', (level, msg) => process.stderr.write(`[libdatachannel ${level}] ${msg}\n`));
    const { RTCPeerConnection } = require('node-datachannel/polyfill');
    // PEERS.md: bindAddress, or no host candidate on lo.
    return {
      create: () => new RTCPeerConnection({ iceServers: [], bindAddress: '127.0.0.1' }),
      cleanup: () => ndc.cleanup(),
    };
  }
  throw new Error(`--stack must be libwebrtc, libdatachannel or werift, not ${stack}`);
}

function gathered(pc) {
  return new Promise((resolve) => {
    const start = Date.now();
    const tick = () => {
      if (pc.iceGatheringState === 'complete' || Date.now() - start > GATHER_TIMEOUT_MS) return resolve();
      setTimeout(tick, 10);
    };
    tick();
  });
}

function step(promise, ms, what) {
  let t;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      t = setTimeout(() => reject(Object.assign(new Error(`${what}: nothing within ${ms} ms`), { step: what })), ms);
    }),
  ]).finally(() => clearTimeout(t));
}

function parse(argv) {
  const a = { mode: argv[0], url: null, stack: null, port: 0, messages: 20, size: 1024, timeoutMs: 15_000 };
  let i = 1;
  if (a.mode === 'offer') a.url = argv[i++];
  for (; i < argv.length; i++) {
    const k = argv[i];
    const v = argv[++i];
    if (k === '--stack') a.stack = v;
    else if (k === '--port') a.port = Number(v);
    else if (k === '--messages') a.messages = Number(v);
    else if (k === '--size') a.size = Number(v);
    else if (k === '--timeout-ms') a.timeoutMs = Number(v);
    else throw new Error(`unknown argument ${k}`);
  }
  if (a.mode !== 'serve' && a.mode !== 'offer') throw new Error('first argument must be serve or offer');
  if (a.mode === 'offer' && !/^https?:\/\//.test(a.url || '')) throw new Error('offer needs an http URL');
  for (const k of ['port', 'messages', 'size', 'timeoutMs']) {
    if (!Number.isInteger(a[k]) || a[k] < 0) throw new Error(`--${k} must be a non-negative integer`);
  }
  return a;
}

async function serve(a, factory) {
  const pcs = new Set();
  const server = http.createServer((req, res) => {
    const fail = (status, kind, message) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: { kind, message } }));
    };
    if (req.url !== '/offer') return fail(404, 'not-found', `no resource ${req.url}`);
    if (req.method !== 'POST') return fail(405, 'method', 'only POST');
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', async () => {
      let offer;
      try {
        offer = JSON.parse(body);
      } catch (e) {
        return fail(400, 'malformed_json', e.message);
      }
      if (offer?.type !== 'offer' || typeof offer.sdp !== 'string') return fail(400, 'wrong_type', 'expected {type: "offer", sdp}');
      const pc = factory.create();
      pcs.add(pc);
      pc.ondatachannel = (e) => {
        const dc = e.channel;
        dc.binaryType = 'arraybuffer';
        dc.onmessage = (m) => dc.send(m.data);
      };
      pc.onconnectionstatechange = () => {
        if (pc.connectionState === 'failed' || pc.connectionState === 'closed') pcs.delete(pc);
      };
      try {
        await pc.setRemoteDescription(offer);
        await pc.setLocalDescription(await pc.createAnswer());
        await gathered(pc);
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ type: 'answer', sdp: pc.localDescription.sdp }));
      } catch (e) {
        pcs.delete(pc);
        try { pc.close(); } catch (_) { /* closing anyway */ }
        fail(422, 'rejected', e.message);
      }
    });
  });
  await new Promise((resolve) => server.listen(a.port, '127.0.0.1', resolve));
  out({ listening: `http://127.0.0.1:${server.address().port}/offer` });
  const stop = () => {
    server.close();
    for (const pc of pcs) {
      try { pc.close(); } catch (_) { /* already closed */ }
    }
    factory.cleanup();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
}

async function offer(a, factory) {
  const pc = factory.create();
  const t0 = process.hrtime.bigint();
  const ms = () => Number(process.hrtime.bigint() - t0) / 1e6;
  let stage = 'offer';
  try {
    const dc = pc.createDataChannel('echo');
    dc.binaryType = 'arraybuffer';
    const open = new Promise((resolve) => { dc.onopen = resolve; });
    await pc.setLocalDescription(await pc.createOffer());
    stage = 'gathering';
    await step(gathered(pc), a.timeoutMs, stage);
    stage = 'signaling';
    const res = await step(
      fetch(a.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ type: 'offer', sdp: pc.localDescription.sdp }) }),
      a.timeoutMs, stage);
    const text = await res.text();
    if (res.status !== 200) throw Object.assign(new Error(`POST ${a.url} answered ${res.status}: ${text.slice(0, 300)}`), { step: stage });
    await pc.setRemoteDescription(JSON.parse(text));
    stage = 'data channel open';
    await step(open, a.timeoutMs, stage);
    const connectMs = ms();
    stage = 'echo';
    const rtts = [];
    const queue = [];
    dc.onmessage = (m) => queue.shift()?.(m.data);
    for (let i = 0; i < a.messages; i++) {
      const text = i % 2 === 0;
      const payload = text ? `${i}:`.padEnd(a.size, 'x') : new Uint8Array(a.size).map((_, j) => (i + j) & 0xff);
      const back = new Promise((resolve) => queue.push(resolve));
      const s = process.hrtime.bigint();
      dc.send(payload);
      const got = await step(back, a.timeoutMs, `echo ${i}`);
      rtts.push(Number(process.hrtime.bigint() - s) / 1e6);
      // werift hands binary messages over as a Buffer whatever binaryType says: compare bytes.
      const bytes = got instanceof ArrayBuffer ? Buffer.from(got)
        : ArrayBuffer.isView(got) ? Buffer.from(got.buffer, got.byteOffset, got.byteLength) : null;
      const same = text ? got === payload : bytes !== null && bytes.equals(Buffer.from(payload));
      if (!same) throw Object.assign(new Error(`echo ${i} differs from what was sent (${text ? 'text' : 'binary'}, ${a.size} bytes)`), { step: 'echo' });
    }
    rtts.sort((x, y) => x - y);
    out({ ok: true, connectMs, echoed: a.messages, rttMedianMs: rtts[Math.floor(rtts.length / 2)] ?? null });
    return 0;
  } catch (e) {
    out({ ok: false, step: e.step || stage, error: e.message });
    return 1;
  } finally {
    try { pc.close(); } catch (_) { /* closing anyway */ }
  }
}

async function main() {
  let a;
  try {
    a = parse(process.argv.slice(2));
  } catch (e) {
    out({ ok: false, step: 'arguments', error: e.message });
    process.exit(2);
  }
  let factory;
  try {
    factory = stackFactory(a.stack);
  } catch (e) {
    out({ ok: false, step: 'arguments', error: e.message });
    process.exit(2);
  }
  if (a.mode === 'serve') return serve(a, factory);
  const code = await offer(a, factory);
  factory.cleanup();
  process.exit(code);
}

main();
