#!/usr/bin/env node
// Data channel numbers for one stack, two peers in this process on loopback, for
// `rtcheck bench datachannel`:
//
//   node bench-datachannel.js --stack libwebrtc|libdatachannel|werift
//        [--runs N] [--bytes B] [--message M] [--rtt N]
//
// setup: new peer connection -> data channel open on both sides (signaling in
// memory, non-trickle candidates exchanged as they appear); throughput: B bytes
// in M-byte binary messages on a reliable ordered channel, the sender keeping
// bufferedAmount under a high-water mark (flow control), timed from the first
// send to the last byte received; rtt: N sequential echo round trips of 16-byte
// messages. One JSON line per result on stdout; logs go to stderr.
'use strict';

const util = require('util');
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');
console.log = console.info = console.debug = console.warn = (...a) =>
  process.stderr.write(util.format(...a) + '\n');

const STEP_TIMEOUT_MS = 20_000;
const HIGH_WATER = 1 << 20;
const LOW_WATER = 256 << 10;

function parseArgs(argv) {
  const a = { stack: null, runs: 5, bytes: 64 << 20, message: 16 << 10, rtt: 100 };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = argv[i + 1];
    if (k === '--stack') a.stack = v, i++;
    else if (k === '--runs') a.runs = Number(v), i++;
    else if (k === '--bytes') a.bytes = Number(v), i++;
    else if (k === '--message') a.message = Number(v), i++;
    else if (k === '--rtt') a.rtt = Number(v), i++;
    else throw new Error(`unknown argument ${k}`);
  }
  if (!['libwebrtc', 'libdatachannel', 'werift'].includes(a.stack)) {
    throw new Error('--stack must be libwebrtc, libdatachannel or werift');
  }
  for (const k of ['runs', 'bytes', 'message', 'rtt']) {
    if (!Number.isInteger(a[k]) || a[k] < 1) throw new Error(`--${k} must be a positive integer`);
  }
  return a;
}

function withTimeout(promise, what) {
  let timer;
  const t = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${STEP_TIMEOUT_MS} ms`)), STEP_TIMEOUT_MS);
  });
  return Promise.race([promise, t]).finally(() => clearTimeout(timer));
}

// A channel pair behind one interface: send(buf), buffered(), onMessage(cb), close().
function w3cChannel(dc) {
  dc.binaryType = 'arraybuffer';
  return {
    send: (buf) => dc.send(buf),
    buffered: () => dc.bufferedAmount,
    onMessage: (cb) => { dc.onmessage = (e) => cb(e.data); },
  };
}

async function w3cPair(RTCPeerConnection, config) {
  const a = new RTCPeerConnection(config);
  const b = new RTCPeerConnection(config);
  a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate).catch(() => {});
  b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate).catch(() => {});
  const dcA = a.createDataChannel('bench');
  const openA = new Promise((resolve) => { dcA.onopen = resolve; });
  const remote = new Promise((resolve) => {
    b.ondatachannel = (e) => {
      const dc = e.channel;
      if (dc.readyState === 'open') resolve(dc);
      else dc.onopen = () => resolve(dc);
    };
  });
  await a.setLocalDescription(await a.createOffer());
  await b.setRemoteDescription(a.localDescription);
  await b.setLocalDescription(await b.createAnswer());
  await a.setRemoteDescription(b.localDescription);
  const [, dcB] = await withTimeout(Promise.all([openA, remote]), 'data channel open');
  return {
    a: w3cChannel(dcA),
    b: w3cChannel(dcB),
    close: async () => { await a.close(); await b.close(); },
  };
}

async function ndcPair() {
  const ndc = require('node-datachannel');
  ndc.initLogger('Warning', (level, msg) => process.stderr.write(`[libdatachannel ${level}] ${msg}\n`));
  // PEERS.md: bindAddress or no host candidate on lo.
  const config = { iceServers: [], bindAddress: '127.0.0.1' };
  const a = new ndc.PeerConnection('bench-a', config);
  const b = new ndc.PeerConnection('bench-b', config);
  // node-datachannel hands each callback kind to JavaScript on its own queue, so a peer's first
  // candidate can arrive before its description; libdatachannel aborts the process on a remote
  // candidate without a remote description. Candidates wait for the description.
  const signal = (to) => {
    let described = false;
    const waiting = [];
    return {
      description: (sdp, type) => {
        to.setRemoteDescription(sdp, type);
        described = true;
        waiting.splice(0).forEach(([c, mid]) => to.addRemoteCandidate(c, mid));
      },
      candidate: (c, mid) => (described ? to.addRemoteCandidate(c, mid) : waiting.push([c, mid])),
    };
  };
  const toA = signal(a);
  const toB = signal(b);
  a.onLocalDescription(toB.description);
  b.onLocalDescription(toA.description);
  a.onLocalCandidate(toB.candidate);
  b.onLocalCandidate(toA.candidate);
  const wrap = (dc) => {
    let cb = () => {};
    dc.onMessage((m) => cb(m));
    return {
      send: (buf) => dc.sendMessageBinary(Buffer.from(buf)),
      buffered: () => dc.bufferedAmount(),
      onMessage: (f) => { cb = f; },
    };
  };
  const remote = new Promise((resolve) => b.onDataChannel((dc) => resolve(dc)));
  const dcA = a.createDataChannel('bench');
  const openA = new Promise((resolve) => dcA.onOpen(resolve));
  const [, dcB] = await withTimeout(Promise.all([openA, remote]), 'data channel open');
  return {
    a: wrap(dcA),
    b: wrap(dcB),
    close: async () => { a.close(); b.close(); },
    cleanup: () => ndc.cleanup(),
  };
}

function factory(stack) {
  if (stack === 'libwebrtc') {
    const { RTCPeerConnection } = require('@roamhq/wrtc');
    return () => w3cPair(RTCPeerConnection, { iceServers: [] });
  }
  if (stack === 'werift') {
    const { RTCPeerConnection } = require('werift');
    return () => w3cPair(RTCPeerConnection, { iceServers: [], iceAdditionalHostAddresses: ['127.0.0.1'] });
  }
  return ndcPair;
}

function size(m) {
  return typeof m === 'string' ? Buffer.byteLength(m) : m.byteLength ?? m.length;
}

async function throughput(pair, bytes, message) {
  const payload = new Uint8Array(message);
  let received = 0;
  const done = new Promise((resolve) => {
    pair.b.onMessage((m) => {
      received += size(m);
      if (received >= bytes) resolve();
    });
  });
  const start = process.hrtime.bigint();
  let sent = 0;
  while (sent < bytes) {
    // libwebrtc's binding has no bufferedamountlow event (PEERS.md): poll.
    while (pair.a.buffered() > HIGH_WATER) {
      await new Promise((r) => setTimeout(r, 1));
      while (pair.a.buffered() > LOW_WATER) await new Promise((r) => setTimeout(r, 1));
    }
    const n = Math.min(message, bytes - sent);
    pair.a.send(n === message ? payload : payload.subarray(0, n));
    sent += n;
  }
  await withTimeout(done, `throughput (${received}/${bytes} bytes received)`);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { ms, mbps: bytes / 1e6 / (ms / 1000) };
}

async function rtt(pair, count) {
  pair.b.onMessage((m) => pair.b.send(m));
  const times = [];
  const msg = new Uint8Array(16);
  for (let i = 0; i < count; i++) {
    const back = new Promise((resolve) => pair.a.onMessage(resolve));
    const t0 = process.hrtime.bigint();
    pair.a.send(msg);
    await withTimeout(back, `echo ${i}`);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((x, y) => x - y);
  return { median: times[Math.floor(times.length / 2)], p90: times[Math.ceil(times.length * 0.9) - 1] };
}

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    out({ error: e.message });
    process.exit(2);
  }
  const makePair = factory(args.stack);
  let cleanup = () => {};
  for (let i = 0; i < args.runs; i++) {
    const t0 = process.hrtime.bigint();
    try {
      const pair = await makePair();
      out({ metric: 'setup', run: i, ms: Number(process.hrtime.bigint() - t0) / 1e6 });
      if (pair.cleanup) cleanup = pair.cleanup;
      if (i === args.runs - 1) {
        out({ metric: 'throughput', bytes: args.bytes, message: args.message, ...(await throughput(pair, args.bytes, args.message)) });
        out({ metric: 'rtt', count: args.rtt, ...(await rtt(pair, args.rtt)) });
      }
      await pair.close();
    } catch (e) {
      out({ metric: 'error', run: i, error: e.message });
    }
  }
  cleanup();
  process.exit(0);
}

main();
