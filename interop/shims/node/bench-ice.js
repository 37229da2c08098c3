#!/usr/bin/env node
// Time from the start of ICE gathering to "connected" between two libwebrtc
// (@roamhq/wrtc) peer connections in one process, for `rtcheck bench ice`.
//
//   node bench-ice.js --runs N [--relay turn:HOST:PORT?transport=udp --user U --password P]
//
// Candidates are exchanged by trickle the moment they appear (no signaling
// delay), as the own agents are in the same benchmark. Prints one JSON line per
// run on stdout: {"run": i, "ms": t, "local": type, "remote": type}, or
// {"run": i, "error": "..."}; logs go to stderr.
'use strict';

const util = require('util');
const out = process.stdout.write.bind(process.stdout);
console.log = console.info = console.debug = console.warn = (...a) =>
  process.stderr.write(util.format(...a) + '\n');

const RUN_TIMEOUT_MS = 15_000;

function parseArgs(argv) {
  const a = { runs: 10, relay: null, user: null, password: null };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = argv[i + 1];
    if (k === '--runs') a.runs = Number(v), i++;
    else if (k === '--relay') a.relay = v, i++;
    else if (k === '--user') a.user = v, i++;
    else if (k === '--password') a.password = v, i++;
    else throw new Error(`unknown argument ${k}`);
  }
  if (!Number.isInteger(a.runs) || a.runs < 1) throw new Error('--runs must be a positive integer');
  if (a.relay && (a.user === null || a.password === null)) throw new Error('--relay needs --user and --password');
  return a;
}

async function selectedTypes(pc) {
  const stats = await pc.getStats();
  let pair = null;
  stats.forEach((s) => {
    if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') pair = s;
  });
  if (!pair) return { local: 'unknown', remote: 'unknown' };
  return { local: stats.get(pair.localCandidateId)?.candidateType, remote: stats.get(pair.remoteCandidateId)?.candidateType };
}

async function once(wrtc, args) {
  const config = args.relay
    ? { iceServers: [{ urls: args.relay, username: args.user, credential: args.password }], iceTransportPolicy: 'relay' }
    : { iceServers: [] };
  const a = new wrtc.RTCPeerConnection(config);
  const b = new wrtc.RTCPeerConnection(config);
  try {
    a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate).catch(() => {});
    b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate).catch(() => {});
    const connected = (pc) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const s = pc.iceConnectionState;
          if (s === 'connected' || s === 'completed') resolve();
          else if (s === 'failed') reject(new Error('ICE failed'));
        };
        pc.oniceconnectionstatechange = check;
        check();
      });
    a.createDataChannel('bench'); // one m= section to negotiate
    const start = process.hrtime.bigint();
    const offer = await a.createOffer();
    await a.setLocalDescription(offer); // gathering starts here
    await b.setRemoteDescription(offer);
    const answer = await b.createAnswer();
    await b.setLocalDescription(answer);
    await a.setRemoteDescription(answer);
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`not connected within ${RUN_TIMEOUT_MS} ms`)), RUN_TIMEOUT_MS);
    });
    await Promise.race([Promise.all([connected(a), connected(b)]), timeout]);
    clearTimeout(timer);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    return { ms, ...(await selectedTypes(a)) };
  } finally {
    a.close();
    b.close();
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const wrtc = require('@roamhq/wrtc');
  for (let i = 0; i < args.runs; i++) {
    try {
      out(JSON.stringify({ run: i, ...(await once(wrtc, args)) }) + '\n');
    } catch (e) {
      out(JSON.stringify({ run: i, error: String(e.message || e) }) + '\n');
    }
  }
}

main().then(
  () => setTimeout(() => process.exit(0), 200),
  (e) => {
    process.stderr.write(`bench-ice: ${e.message}\n`);
    process.exit(2);
  },
);
