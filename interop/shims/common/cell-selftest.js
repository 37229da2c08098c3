#!/usr/bin/env node
// Runs one generated interop cell (a vector of vectors/.../interop/*.json) between shims without
// the JVM, resolving "${name.field}" references the way the engine does:
//   node cell-selftest.js media.json audio.answerer-werift libwebrtc
// (the last argument is the offerer, the subject under test). Prints each step's time and result.
'use strict';
const fs = require('fs');
const path = require('path');
const { start } = require('./pair-selftest.js');

const VECTORS = path.join(__dirname, '../../../vectors/src/main/resources/rtcheck/vectors/interop');

function resolve(v, saved) {
  if (typeof v === 'string') {
    const whole = /^\$\{(\w+)\.(\w+)\}$/.exec(v);
    if (whole) return saved[whole[1]][whole[2]];
    return v.replace(/\$\{(\w+)\.(\w+)\}/g, (_, a, b) => saved[a][b]);
  }
  if (Array.isArray(v)) return v.map((x) => resolve(x, saved));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x, saved)]));
  return v;
}

async function main() {
  const [file, id, offerer] = process.argv.slice(2);
  const vector = JSON.parse(fs.readFileSync(path.join(VECTORS, file), 'utf8')).vectors.find((v) => v.id === id);
  if (!vector) throw new Error(`no vector ${id} in ${file}`);
  const shims = { [offerer]: start(offerer) };
  const saved = {};
  let failed = null;
  for (const st of vector.steps) {
    if (failed && !st.always) continue;
    const who = st.subject || offerer;
    if (!shims[who]) shims[who] = start(who);
    try {
      const r = await shims[who].call(st.op, resolve(st.args, saved));
      if (st.as) saved[st.as] = r;
      const shown = JSON.stringify(r, (k, x) => (k === 'sdp' || k === 'stats' ? undefined : x));
      console.log(`  ${st.op} (${who}) -> ${shown.slice(0, 300)}`);
    } catch (e) {
      console.log(`  ${st.op} (${who}) FAILED ${e.message}`);
      if (!failed) failed = e;
    }
  }
  Object.values(shims).forEach((s) => s.end());
  console.log(failed ? `FAIL ${failed.kind}: ${failed.message}` : 'PASS');
  setTimeout(() => process.exit(failed ? 1 : 0), 3000).unref();
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
