#!/usr/bin/env node
// Runs one interop cell between two shims, the way the vectors of
// interop/datachannel.json do, without the JVM:
//   node pair-selftest.js OFFERER ANSWERER [trickle] [unreliable]
// where a peer is werift | libdatachannel | libwebrtc | chromium | firefox | gstreamer.
'use strict';
const { spawn } = require('child_process');
const path = require('path');
const readline = require('readline');

const SHIMS = {
  werift: ['node', ['shim.js', 'werift'], '../node'],
  libdatachannel: ['node', ['shim.js', 'libdatachannel'], '../node'],
  libwebrtc: ['node', ['shim.js', 'libwebrtc'], '../node'],
  chromium: ['node', ['shim.js', 'chromium'], '../browser'],
  firefox: ['node', ['shim.js', 'firefox'], '../browser'],
  gstreamer: ['/usr/bin/python3', ['shim.py'], '../gstreamer'],
};

function start(name) {
  const [cmd, args, dir] = SHIMS[name];
  const p = spawn(cmd, args, { cwd: path.join(__dirname, dir), stdio: ['pipe', 'pipe', process.env.VERBOSE ? 'inherit' : 'ignore'] });
  const waiting = new Map();
  let id = 0;
  readline.createInterface({ input: p.stdout }).on('line', (l) => {
    const m = JSON.parse(l);
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.error) w.reject(Object.assign(new Error(`${name}: ${m.error.kind}: ${m.error.message}`), m.error));
    else w.resolve(m.ok);
  });
  return {
    name,
    call(op, a) {
      const t0 = Date.now();
      return new Promise((resolve, reject) => {
        waiting.set(++id, { resolve: (v) => { console.log(`${name} ${op} ${Date.now() - t0} ms`); resolve(v); }, reject });
        p.stdin.write(JSON.stringify({ id, op, args: a || {} }) + '\n');
      });
    },
    end() { p.stdin.end(); },
  };
}

async function main() {
  const [o, a, ...flags] = process.argv.slice(2);
  const trickle = flags.includes('trickle');
  const unreliable = flags.includes('unreliable');
  const A = start(o);
  const B = o === a ? A : start(a);
  const t0 = Date.now();
  try {
    const pa = (await A.call('pc.create', { trickle })).pc;
    const pb = (await B.call('pc.create', { trickle })).pc;
    await A.call('dc.create', unreliable ? { pc: pa, label: 'rtcheck', ordered: false, maxRetransmits: 0 } : { pc: pa, label: 'rtcheck' });
    const offer = await A.call('pc.offer', { pc: pa });
    const answer = await B.call('pc.answer', { pc: pb, sdp: offer.sdp });
    await A.call('pc.accept-answer', { pc: pa, sdp: answer.sdp });
    if (trickle) {
      const ca = await A.call('pc.candidates', { pc: pa });
      await B.call('pc.add-candidate', { pc: pb, candidates: ca.candidates, endOfCandidates: ca.endOfCandidates });
      const cb = await B.call('pc.candidates', { pc: pb });
      await A.call('pc.add-candidate', { pc: pa, candidates: cb.candidates, endOfCandidates: cb.endOfCandidates });
      console.log(`candidates ${ca.candidates.length}/${cb.candidates.length}`);
    }
    await A.call('pc.wait', { pc: pa, state: 'connected' });
    await B.call('pc.wait', { pc: pb, state: 'connected' });
    console.log(JSON.stringify(await A.call('dc.wait-open', { pc: pa })));
    console.log(JSON.stringify(await B.call('dc.wait-open', { pc: pb })));
    const n = unreliable ? 64 : 64;
    const size = unreliable ? 1024 : 16384;
    const sent = await A.call('dc.send', { pc: pa, count: n, messageSize: size, seed: 7 });
    const got = await B.call('dc.receive-check', { pc: pb, bytes: n * size });
    console.log(JSON.stringify(sent), JSON.stringify(got), sent.sha256 === got.sha256 ? 'INTACT' : 'MISMATCH');
    const st = await B.call('pc.stats', { pc: pb });
    console.log(`stats entries ${st.stats.length}`);
    await A.call('pc.close', { pc: pa });
    await B.call('pc.close', { pc: pb });
    console.log(`cell ${o} -> ${a} ok in ${Date.now() - t0} ms`);
  } catch (e) {
    console.log(`cell ${o} -> ${a} FAILED after ${Date.now() - t0} ms: ${e.message}`);
    process.exitCode = 1;
  } finally {
    A.end();
    if (B !== A) B.end();
  }
}
if (require.main === module) main();
module.exports = { start };
