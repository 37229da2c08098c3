// Runs inside the browser page the shim serves (Chromium and Firefox alike).
// Every entry point is window.rtcheck.call(op, args), which resolves to a JSON
// string {"ok": …} or {"error": {"kind", "message"}} and never rejects, so the
// shim needs no browser-specific exception handling.
(() => {
  'use strict';
  const GATHER_TIMEOUT_MS = 10000;
  const state = { pcs: [], lastOffer: null, media: null };

  function fail(kind, message) {
    const e = new Error(message);
    e.kind = kind;
    return e;
  }

  function errText(e) {
    if (!e) return String(e);
    const name = e.name && e.name !== 'Error' ? e.name + ': ' : '';
    return name + (e.message || String(e));
  }

  function media() {
    if (!state.media) {
      state.media = navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    }
    return state.media;
  }

  function track(stream, kind) {
    const t = stream.getTracks().find((x) => x.kind === kind);
    if (!t) throw fail('unavailable', 'getUserMedia gave no ' + kind + ' track');
    return t;
  }

  function newPc() {
    const pc = new RTCPeerConnection({ iceServers: [] });
    state.pcs.push(pc);
    return pc;
  }

  // Resolves true once gathering completed, false after the timeout (the SDP
  // then carries what was gathered so far; the shim logs it).
  function gathered(pc, ms) {
    if (pc.iceGatheringState === 'complete') return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (v) => {
        clearTimeout(timer);
        pc.removeEventListener('icegatheringstatechange', onState);
        pc.removeEventListener('icecandidate', onCand);
        resolve(v);
      };
      const onState = () => { if (pc.iceGatheringState === 'complete') done(true); };
      const onCand = (e) => { if (!e.candidate) done(true); };
      const timer = setTimeout(() => done(false), ms);
      pc.addEventListener('icegatheringstatechange', onState);
      pc.addEventListener('icecandidate', onCand);
    });
  }

  function flag(v) { return v === undefined ? true : !!v; }

  async function makeOffer(args) {
    args = args || {};
    const pc = newPc();
    if (flag(args.audio) || flag(args.video)) {
      const stream = await media();
      if (flag(args.audio)) pc.addTrack(track(stream, 'audio'), stream);
      if (flag(args.video)) pc.addTrack(track(stream, 'video'), stream);
    }
    if (flag(args.datachannel)) pc.createDataChannel('rtcheck');
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    const complete = await gathered(pc, GATHER_TIMEOUT_MS);
    return { pc, sdp: pc.localDescription.sdp, complete };
  }

  async function makeAnswer(offerSdp) {
    const pc = newPc();
    try {
      await pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
    } catch (e) {
      throw fail('rejected', 'setRemoteDescription: ' + errText(e));
    }
    // Send our own audio/video on every offered section of that kind (each
    // m-section gets its own clone of the fake track).
    const kinds = pc.getTransceivers()
      .filter((t) => t.receiver && t.receiver.track && !t.sender.track)
      .map((t) => t.receiver.track.kind);
    if (kinds.length) {
      const stream = await media();
      for (const t of pc.getTransceivers()) {
        if (!t.receiver || !t.receiver.track || t.sender.track || t.stopped) continue;
        const kind = t.receiver.track.kind;
        const src = track(stream, kind);
        await t.sender.replaceTrack(src.clone());
        if (t.sender.setStreams) t.sender.setStreams(stream);
        // recvonly (what SRD creates) → sendrecv; the answer still intersects
        // with the offered direction.
        if (t.direction === 'recvonly') t.direction = 'sendrecv';
        else if (t.direction === 'inactive') t.direction = 'sendonly';
      }
    }
    let answer;
    try {
      answer = await pc.createAnswer();
      await pc.setLocalDescription(answer);
    } catch (e) {
      throw fail('rejected', 'createAnswer/setLocalDescription: ' + errText(e));
    }
    const complete = await gathered(pc, GATHER_TIMEOUT_MS);
    return { pc, sdp: pc.localDescription.sdp, complete };
  }

  const ops = {
    async offer(args) {
      const r = await makeOffer(args);
      state.lastOffer = r.pc;
      return { type: 'offer', sdp: r.sdp, gatheringComplete: r.complete };
    },
    async answer(args) {
      if (!args || typeof args.sdp !== 'string') throw fail('malformed', 'args.sdp (a string) is required');
      const r = await makeAnswer(args.sdp);
      return { type: 'answer', sdp: r.sdp, gatheringComplete: r.complete };
    },
    async acceptAnswer(args) {
      if (!args || typeof args.sdp !== 'string') throw fail('malformed', 'args.sdp (a string) is required');
      if (!state.lastOffer) throw fail('invalid-state', 'no jsep.offer has been made');
      try {
        await state.lastOffer.setRemoteDescription({ type: 'answer', sdp: args.sdp });
      } catch (e) {
        throw fail('rejected', 'setRemoteDescription: ' + errText(e));
      }
      return {};
    },
    async harvest(args) {
      const o = await makeOffer(args);
      const a = await makeAnswer(o.sdp);
      const result = {
        offer: o.sdp, answer: a.sdp,
        gatheringComplete: o.complete && a.complete,
      };
      for (const pc of [o.pc, a.pc]) {
        pc.close();
        state.pcs.splice(state.pcs.indexOf(pc), 1);
      }
      return result;
    },
    async close() {
      for (const pc of state.pcs) { try { pc.close(); } catch (e) { /* ignore */ } }
      state.pcs = [];
      state.lastOffer = null;
      if (state.media) {
        try { (await state.media).getTracks().forEach((t) => t.stop()); } catch (e) { /* ignore */ }
      }
      return {};
    },
  };

  // pc.* and dc.*: the shared module (../common/pc-session.js), loaded before this script.
  const sessions = window.rtcheckPcSession.create({
    RTCPeerConnection,
    config: {},
    sha256: async (bytes) => Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)))
      .map((b) => b.toString(16).padStart(2, '0')).join(''),
    log: (text) => console.log(text),
    // The fake getUserMedia devices (Chromium --use-fake-device-for-media-stream, Firefox
    // media.navigator.streams.fake); each source is a clone, so closing one pc stops only its own.
    media: {
      receive: 'stats',
      // Chromium decodes remote audio only while something plays it (totalSamplesReceived stays 0
      // otherwise): every remote track goes into a media element of the page.
      watch(s) {
        s.pc.addEventListener('track', (e) => {
          const el = document.createElement(e.track.kind === 'video' ? 'video' : 'audio');
          el.autoplay = true;
          el.srcObject = new MediaStream([e.track]);
          document.body.appendChild(el);
          const played = el.play();
          if (played && played.catch) played.catch((err) => console.log(s.id + ': play(): ' + errText(err)));
          e.track.addEventListener('ended', () => el.remove());
        });
      },
      async source(s, kind) {
        const stream = await media();
        const t = track(stream, kind).clone();
        return { kind, track: t, stream: new MediaStream([t]), stop: () => t.stop() };
      },
    },
  });
  Object.assign(ops, sessions.ops);
  const closePage = ops.close;
  ops.close = async (args) => { await sessions.closeAll(); return closePage(args); };

  async function call(op, args) {
    try {
      if (!Object.prototype.hasOwnProperty.call(ops, op)) throw fail('unimplemented', 'page op ' + op);
      return JSON.stringify({ ok: await ops[op](args) });
    } catch (e) {
      return JSON.stringify({ error: { kind: e.kind || 'internal', message: errText(e) } });
    }
  }

  // Warm up getUserMedia once; `ready` resolves "true" or the error text.
  const ready = media().then(() => 'true', (e) => 'getUserMedia: ' + errText(e));
  window.rtcheck = { call, ready };
})();
