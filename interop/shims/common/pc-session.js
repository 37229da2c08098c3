// rtcheck peer-connection sessions over the W3C API, shared by the Node shims
// (werift, @roamhq/wrtc, node-datachannel's polyfill) and the browser page.
// The harness does the signaling: every op here is one step of it (see
// ../README.md, "Peer-connection ops"). Works as a CommonJS module and as a
// plain <script> (window.rtcheckPcSession).
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.rtcheckPcSession = factory();
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  const GATHER_TIMEOUT_MS = 10000; // non-trickle offers/answers wait this long for all candidates
  const DEFAULT_WAIT_MS = 15000; // below the shims' own 25 s op deadline
  const HIGH_WATER = 256 * 1024; // stop queueing above this bufferedAmount
  const POLL_MS = 2; // libwebrtc via wrtc has no bufferedamountlow event: poll (PEERS.md)

  function fail(kind, message) {
    const e = new Error(message);
    e.kind = kind;
    return e;
  }
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const now = () => Date.now();

  // Payload of message i: 4-byte big-endian index, then a pattern of the seed,
  // so a receiver can reorder unordered messages and the generator script can
  // precompute the SHA-256 the vector expects (vectors/tools/generate_interop_vectors.py).
  function message(i, size, seed) {
    const b = new Uint8Array(size);
    b[0] = (i >>> 24) & 0xff;
    b[1] = (i >>> 16) & 0xff;
    b[2] = (i >>> 8) & 0xff;
    b[3] = i & 0xff;
    for (let j = 4; j < size; j++) b[j] = (seed + i * 131 + j * 7) & 0xff;
    return b;
  }

  function bytesOf(data) {
    if (typeof data === 'string') return new TextEncoder().encode(data);
    if (data instanceof ArrayBuffer) return new Uint8Array(data);
    if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    throw fail('protocol-error', 'data channel message of unexpected type ' + Object.prototype.toString.call(data));
  }

  function concat(parts) {
    let n = 0;
    for (const p of parts) n += p.length;
    const all = new Uint8Array(n);
    let off = 0;
    for (const p of parts) {
      all.set(p, off);
      off += p.length;
    }
    return all;
  }


  // --- media (interop/shims/README.md, pc.add-media / media.check) -----------------------------

  const KINDS = ['audio', 'video'];
  // RFC 6716 §3.1: TOC 0xF8 = config 31 (CELT FB 20 ms), mono, code 0 (one frame); 0xFF 0xFE is
  // a silence frame. One packet per 20 ms, timestamp +960 at 48 kHz.
  const OPUS_SILENCE = [0xf8, 0xff, 0xfe];
  const AUDIO_PACKET_MS = 20;
  const DECODE_GAP_MS = 500; // decode counters are read twice at least this far apart

  // Payload types the SDP negotiated for each kind (m=audio / m=video format lists).
  function payloadTypes(sdp) {
    const out = { audio: new Set(), video: new Set() };
    let kind = null;
    for (const line of String(sdp || '').split(/\r?\n/)) {
      const m = /^m=(\w+) \d+(?:\/\d+)? \S+ (.*)$/.exec(line);
      if (m) {
        kind = out[m[1]] ? m[1] : null;
        if (kind) m[2].trim().split(/\s+/).forEach((pt) => /^\d+$/.test(pt) && out[kind].add(Number(pt)));
      }
    }
    return out;
  }

  // The payload type of a codec in the first m-section of kind, e.g. opus in m=audio.
  function codecPayloadType(sdp, kind, codec) {
    let inKind = false;
    for (const line of String(sdp || '').split(/\r?\n/)) {
      if (line.startsWith('m=')) inKind = line.startsWith('m=' + kind + ' ');
      const m = inKind && new RegExp('^a=rtpmap:(\\d+) ' + codec + '/', 'i').exec(line);
      if (m) return Number(m[1]);
    }
    return null;
  }

  // RFC 3550 §5.1 header of a synthetic Opus silence packet (no CSRC, no extension).
  function opusPacket(pt, ssrc, seq, ts) {
    const b = new Uint8Array(12 + OPUS_SILENCE.length);
    b[0] = 0x80; // V=2
    b[1] = pt & 0x7f;
    b[2] = (seq >>> 8) & 0xff; b[3] = seq & 0xff;
    b[4] = (ts >>> 24) & 0xff; b[5] = (ts >>> 16) & 0xff; b[6] = (ts >>> 8) & 0xff; b[7] = ts & 0xff;
    b[8] = (ssrc >>> 24) & 0xff; b[9] = (ssrc >>> 16) & 0xff; b[10] = (ssrc >>> 8) & 0xff; b[11] = ssrc & 0xff;
    b.set(OPUS_SILENCE, 12);
    return b;
  }

  /**
   * Sends Opus silence through send(packet) every 20 ms until stop(); for the stacks that have
   * no encoder (werift, libdatachannel). pt() is asked per packet: it is known once negotiated.
   */
  function opusSilenceSender(send, pt, ssrc) {
    let seq = Math.floor(Math.random() * 0x10000);
    let ts = Math.floor(Math.random() * 0x100000000);
    const timer = setInterval(() => {
      const p = pt();
      if (p === null || p === undefined) return;
      try {
        if (send(opusPacket(p, ssrc, seq, ts)) === false) return;
      } catch (e) {
        return; // not open yet (or closing): the next tick tries again
      }
      seq = (seq + 1) & 0xffff;
      ts = (ts + 960) >>> 0;
    }, AUDIO_PACKET_MS);
    return { stop: () => clearInterval(timer) };
  }

  // RFC 3550 A.1 validity of what a stack handed us raw, and RFC 5761 §4 RTCP apart.
  function parseRtp(b) {
    if (b.length < 12) return { valid: false, why: 'shorter than an RTP header' };
    if (b[1] >= 192 && b[1] <= 223) return { rtcp: true };
    if (b[0] >> 6 !== 2) return { valid: false, why: 'version ' + (b[0] >> 6) };
    const ssrc = ((b[8] << 24) | (b[9] << 16) | (b[10] << 8) | b[11]) >>> 0;
    return { valid: true, pt: b[1] & 0x7f, ssrc, bytes: b.length };
  }

  /**
   * @param env.RTCPeerConnection the stack's constructor
   * @param env.config extra RTCConfiguration the stack needs on loopback (PEERS.md)
   * @param env.sha256 (Uint8Array) => Promise<hex>
   * @param env.log (text) => void, to stderr / the console
   * @param env.sendable optional (Uint8Array) => what the stack's send() takes (werift: a Buffer)
   * @param env.media optional media adapter; without it pc.add-media / media.check answer
   *   unimplemented:
   *   source(s, kind) => Promise<{kind, track, stream, stop()}>, a sending test source (error kind
   *     unimplemented for a kind the stack cannot send);
   *   receive: 'stats' (inbound-rtp of getStats) or 'rtp' (watch(s, count) hands every received
   *     packet to count(kind, bytes));
   *   watch(s, count) optional, called at pc.create;
   *   attachOffer(s, src) / attachAnswer(s, src) optional, instead of addTrack / replaceTrack;
   *   decodes: {audio, video} whether stats counters tell decoding (else decoded: null);
   *   renegotiate (default true), restartIce (default true): false answers unimplemented, with
   *   the reason in unsupported;
   *   rtcpStats (default true): false when getStats has no remote-inbound/outbound-rtp, so
   *   media.rtcp-check answers unimplemented.
   */
  function create(env) {
    const sessions = new Map();
    let seq = 0;

    function session(args) {
      const id = args && args.pc;
      const s = sessions.get(id);
      if (!s) throw fail('invalid-state', 'no peer connection ' + JSON.stringify(id) + ' (pc.create first)');
      return s;
    }

    function channel(s, label) {
      const c = s.channels.get(label || 'rtcheck');
      if (!c) throw fail('invalid-state', 'no data channel ' + JSON.stringify(label) + ' on ' + s.id);
      return c;
    }

    // Which step a session is stuck in, for timeout messages: the issue asks
    // for "gathering, checking, DTLS, SCTP" rather than a bare timeout.
    function factsOf(s) {
      const pc = s.pc;
      return `(signaling ${pc.signalingState}, gathering ${pc.iceGatheringState}, ice ${pc.iceConnectionState}, connection ${pc.connectionState}, ` +
        `${s.localCandidates.length} local / ${s.remoteCandidates} remote candidates added)`;
    }

    function stuckIn(s, label) {
      const pc = s.pc;
      const ice = pc.iceConnectionState;
      const conn = pc.connectionState;
      const facts = factsOf(s);
      if (!s.remoteSet) return 'signaling: no remote description ' + facts;
      if (ice === 'failed') return 'checking: ICE failed ' + facts;
      if (pc.iceGatheringState !== 'complete' && s.localCandidates.length === 0) return 'gathering ' + facts;
      if (ice === 'new' || ice === 'checking') return 'checking (ICE) ' + facts;
      if (conn && conn !== 'connected') return 'DTLS ' + facts;
      const c = label && s.channels.get(label);
      if (label && (!c || c.dc.readyState !== 'open')) return 'SCTP: channel ' + label + ' ' + (c ? c.dc.readyState : 'not announced') + ' ' + facts;
      return 'data transfer ' + facts;
    }

    function track(s, dc, local) {
      const c = { dc, local, parts: new Map(), bytes: 0, messages: 0, inOrder: true, last: -1, duplicates: 0, openedAt: null };
      if ('binaryType' in dc) dc.binaryType = 'arraybuffer';
      const onOpen = () => { if (c.openedAt === null) c.openedAt = now(); };
      dc.addEventListener ? dc.addEventListener('open', onOpen) : (dc.onopen = onOpen);
      if (dc.readyState === 'open') onOpen();
      const onMessage = (e) => {
        const b = bytesOf(e && e.data !== undefined ? e.data : e);
        const i = b.length >= 4 ? ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0 : c.messages;
        if (c.parts.has(i)) c.duplicates++;
        else {
          // copy: some stacks reuse their receive buffers
          c.parts.set(i, b.slice());
          c.bytes += b.length;
        }
        c.messages++;
        if (i !== c.last + 1) c.inOrder = false;
        c.last = i;
      };
      if (dc.addEventListener) dc.addEventListener('message', onMessage);
      else dc.onmessage = onMessage;
      s.channels.set(dc.label, c);
      return c;
    }

    function describeChannel(c) {
      const dc = c.dc;
      // node-datachannel's polyfill does not learn a remote channel's reliability: null there.
      const known = (v) => (v === undefined ? null : v);
      return { label: dc.label, id: known(dc.id), ordered: known(dc.ordered), maxRetransmits: known(dc.maxRetransmits), protocol: known(dc.protocol) };
    }

    async function waitFor(cond, timeoutMs, onTimeout) {
      const t0 = now();
      for (;;) {
        const v = cond();
        if (v) return now() - t0;
        if (now() - t0 >= timeoutMs) throw onTimeout(now() - t0);
        await sleep(10);
      }
    }

    async function gathered(s) {
      try {
        await waitFor(() => s.pc.iceGatheringState === 'complete' || s.endOfCandidates, GATHER_TIMEOUT_MS, () => fail('timeout', 'x'));
        return true;
      } catch (e) {
        env.log(`${s.id}: ICE gathering not complete after ${GATHER_TIMEOUT_MS} ms; using the candidates so far`);
        return false;
      }
    }

    // A stack limitation the adapter declared: skip (unimplemented), naming the reason.
    function unsupported(feature, what) {
      const media = env.media || {};
      if (media[feature] === false || (feature === 'restartIce' && env.restartIce === false)) {
        const why = (media.unsupported && media.unsupported[feature]) || (env.unsupported && env.unsupported[feature]) || 'not supported by this stack';
        throw fail('unimplemented', `${what}: ${why}`);
      }
    }

    function rxCounter() {
      return { packets: 0, bytes: 0, ssrcs: new Set(), pts: new Set(), malformed: 0, track: false };
    }

    // A raw packet a stack handed us ('rtp' adapters); counted when well-formed with a
    // payload type the remote description negotiated for that kind.
    function countRtp(s, kind, bytes) {
      const rx = s.rx[kind];
      if (!rx) return;
      rx.track = true;
      const p = parseRtp(bytes);
      if (p.rtcp) return;
      const known = payloadTypes(s.pc.remoteDescription && s.pc.remoteDescription.sdp)[kind];
      if (!p.valid || !known.has(p.pt)) {
        rx.malformed++;
        return;
      }
      rx.packets++;
      rx.bytes += p.bytes;
      rx.ssrcs.add(p.ssrc);
      rx.pts.add(p.pt);
    }

    // What arrived of kind so far: {track, packets, bytes, ssrcs, payloadTypes, decodeCounter, malformed}.
    async function received(s, kind) {
      if (env.media.receive !== 'stats') {
        const rx = s.rx[kind];
        return { track: rx.track, packets: rx.packets, bytes: rx.bytes, ssrcs: [...rx.ssrcs], payloadTypes: [...rx.pts], decodeCounter: null, malformed: rx.malformed };
      }
      const report = await s.pc.getStats();
      const all = [];
      report.forEach((v) => all.push(v));
      const byId = new Map(all.map((v) => [v.id, v]));
      const inbound = all.filter((v) => v.type === 'inbound-rtp' && (v.kind || v.mediaType) === kind);
      const known = payloadTypes(s.pc.remoteDescription && s.pc.remoteDescription.sdp)[kind];
      const r = { track: inbound.length > 0, packets: 0, bytes: 0, ssrcs: [], payloadTypes: [], decodeCounter: null, malformed: 0 };
      const counter = kind === 'video' ? 'framesDecoded' : 'totalSamplesReceived';
      const decodes = !env.media.decodes || env.media.decodes[kind] !== false;
      for (const v of inbound) {
        const codec = v.codecId && byId.get(v.codecId);
        const pt = codec && typeof codec.payloadType === 'number' ? codec.payloadType : null;
        // Only a negotiated payload type counts (RFC 3550 A.1 asks for a known PT).
        if (pt !== null && !known.has(pt)) {
          r.malformed += v.packetsReceived || 0;
          continue;
        }
        r.packets += v.packetsReceived || 0;
        r.bytes += v.bytesReceived || 0;
        if (v.ssrc !== undefined) r.ssrcs.push(v.ssrc);
        if (pt !== null && !r.payloadTypes.includes(pt)) r.payloadTypes.push(pt);
        if (decodes && typeof v[counter] === 'number') r.decodeCounter = (r.decodeCounter || 0) + v[counter];
      }
      return r;
    }

    async function attachOffer(s, src) {
      if (env.media.attachOffer) return env.media.attachOffer(s, src);
      s.pc.addTrack(src.track, ...(src.stream ? [src.stream] : []));
    }

    // Answerer: our source goes on the offered transceiver of its kind (W3C: replaceTrack and
    // recvonly → sendrecv); an answer cannot add m-sections (RFC 8829 §5.3.1).
    async function attachAnswer(s, src) {
      if (env.media.attachAnswer) return env.media.attachAnswer(s, src);
      for (const t of s.pc.getTransceivers()) {
        const kind = (t.receiver && t.receiver.track && t.receiver.track.kind) || t.kind;
        if (kind !== src.kind || t.sender.track || t.stopped) continue;
        await t.sender.replaceTrack(src.track);
        if (src.stream && t.sender.setStreams) t.sender.setStreams(src.stream);
        if (t.direction === 'recvonly') t.direction = 'sendrecv';
        else if (t.direction === 'inactive') t.direction = 'sendonly';
        return;
      }
      env.log(`${s.id}: the offer has no ${src.kind} section free for our ${src.kind} source; not sent`);
    }

    function stopSources(s) {
      for (const src of s.sources.splice(0)) {
        try {
          src.stop();
        } catch (e) {
          env.log(`${s.id}: stopping a ${src.kind} source: ${e && e.message}`);
        }
      }
    }

    function localUfrag(s) {
      const d = s.pc.localDescription;
      const m = d && /^a=ice-ufrag:(\S+)/m.exec(d.sdp);
      return m ? m[1] : null;
    }

    // The candidate types of the selected pair: the transport's selectedCandidatePairId, else a
    // nominated succeeded pair (Firefox marks it selected).
    function selectedPair(stats) {
      const byId = new Map(stats.map((v) => [v.id, v]));
      const transport = stats.find((v) => v.type === 'transport' && v.selectedCandidatePairId);
      let pair = transport && byId.get(transport.selectedCandidatePairId);
      if (!pair) pair = stats.find((v) => v.type === 'candidate-pair' && (v.selected || (v.nominated && v.state === 'succeeded')));
      if (!pair) return null;
      const type = (id) => (byId.get(id) && byId.get(id).candidateType) || null;
      return { local: type(pair.localCandidateId), remote: type(pair.remoteCandidateId) };
    }

    const countCandidates = (sdp) => (sdp.match(/^a=candidate:/gm) || []).length;

    // The ICE session of the current generation, from getStats: the transport whose
    // iceLocalUsernameFragment is the current local ufrag, its iceState, and the ufrags of its
    // selected (else nominated) pair. After an ICE restart connectionState can go on reading
    // "connected" from the previous session, which may carry data meanwhile (RFC 8445 §9), so
    // only this tells whether the new session got a pair. tells: false where the stats have no
    // transport with iceLocalUsernameFragment and iceState.
    async function currentIceSession(s) {
      const ufrag = localUfrag(s);
      const stats = [];
      try {
        (await s.pc.getStats()).forEach((v) => stats.push(v));
      } catch (e) {
        return { tells: false, ufrag, state: null, pair: null };
      }
      const transports = stats.filter((v) => v.type === 'transport' && v.iceLocalUsernameFragment && v.iceState);
      const t = transports.find((v) => v.iceLocalUsernameFragment === ufrag);
      const byId = new Map(stats.map((v) => [v.id, v]));
      let pair = t && t.selectedCandidatePairId && byId.get(t.selectedCandidatePairId);
      if (!pair) pair = stats.find((v) => v.type === 'candidate-pair' && (v.selected || (v.nominated && v.state === 'succeeded')));
      const frag = (id) => (byId.get(id) && byId.get(id).usernameFragment) || null;
      return {
        tells: transports.length > 0,
        ufrag,
        state: t ? t.iceState : null,
        pair: pair ? { localUfrag: frag(pair.localCandidateId), remoteUfrag: frag(pair.remoteCandidateId), nominated: !!pair.nominated } : null,
      };
    }

    async function localDescription(s, type) {
      let complete = s.trickle ? null : await gathered(s);
      const ufrag = localUfrag(s);
      if (!s.trickle && s.lastUfrag && ufrag !== s.lastUfrag) {
        // An ICE restart (RFC 8445 §2.4): gathering starts again, but the state may still read
        // "complete" from the first round right after setLocalDescription; wait for the new
        // round's candidates in the description, or a non-trickle peer gets none.
        try {
          await waitFor(() => countCandidates(s.pc.localDescription.sdp) > 0 && s.pc.iceGatheringState === 'complete',
            GATHER_TIMEOUT_MS, () => fail('timeout', 'x'));
        } catch (e) {
          complete = false;
          env.log(`${s.id}: no candidates for the restarted ICE after ${GATHER_TIMEOUT_MS} ms`);
        }
      }
      s.lastUfrag = ufrag;
      const sdp = s.pc.localDescription.sdp;
      return { type, sdp, trickle: s.trickle, gatheringComplete: complete, candidatesInSdp: countCandidates(sdp) };
    }

    const ops = {
      async 'pc.create'(args) {
        const id = 'pc' + ++seq;
        const config = Object.assign({}, env.config, { iceServers: args.iceServers || [] });
        const pc = new env.RTCPeerConnection(config);
        const s = { id, pc, trickle: !!args.trickle, channels: new Map(), localCandidates: [], drained: 0, endOfCandidates: false, remoteCandidates: 0, remoteSet: false, createdAt: now(),
          pending: [], sources: [], rx: { audio: rxCounter(), video: rxCounter() }, negotiations: 0, iceRestart: false };
        pc.addEventListener('icecandidate', (e) => {
          if (!e.candidate || !e.candidate.candidate) {
            s.endOfCandidates = true;
            return;
          }
          // As an application would signal it (RTCIceCandidateInit): node-datachannel's polyfill
          // hands out "a=candidate:…" with sdpMLineIndex null, which other stacks refuse; the
          // polyfill is our adapter, not the stack under test, so its form is normalised here.
          const c = e.candidate;
          const init = { candidate: String(c.candidate).replace(/^a=/, '') };
          if (c.sdpMid !== undefined && c.sdpMid !== null) init.sdpMid = c.sdpMid;
          if (c.sdpMLineIndex !== undefined && c.sdpMLineIndex !== null) init.sdpMLineIndex = c.sdpMLineIndex;
          s.localCandidates.push(init);
        });
        pc.addEventListener('datachannel', (e) => track(s, e.channel, false));
        if (env.media && env.media.watch) env.media.watch(s, (kind, bytes) => countRtp(s, kind, bytes));
        sessions.set(id, s);
        return { pc: id, trickle: s.trickle };
      },
      async 'dc.create'(args) {
        const s = session(args);
        const init = {};
        if (args.ordered !== undefined) init.ordered = !!args.ordered;
        if (args.maxRetransmits !== undefined && args.maxRetransmits !== null) init.maxRetransmits = args.maxRetransmits;
        const dc = s.pc.createDataChannel(args.label || 'rtcheck', init);
        return describeChannel(track(s, dc, true));
      },
      async 'pc.offer'(args) {
        const s = session(args);
        if (s.negotiations > 0) unsupported('renegotiate', 'a second offer (renegotiation)');
        for (const src of s.pending.splice(0)) await attachOffer(s, src);
        const options = s.iceRestart ? { iceRestart: true } : undefined;
        s.iceRestart = false;
        await s.pc.setLocalDescription(await s.pc.createOffer(options));
        return localDescription(s, 'offer');
      },
      async 'pc.answer'(args) {
        const s = session(args);
        if (s.negotiations > 0) unsupported('renegotiate', 'answering a second offer (renegotiation)');
        if (typeof args.sdp !== 'string') throw fail('malformed', 'args.sdp (a string) is required');
        try {
          await s.pc.setRemoteDescription({ type: 'offer', sdp: args.sdp });
        } catch (e) {
          throw fail('rejected', 'setRemoteDescription(offer): ' + (e && e.message) + ' ' + factsOf(s));
        }
        s.remoteSet = true;
        for (const src of s.pending.splice(0)) await attachAnswer(s, src);
        await s.pc.setLocalDescription(await s.pc.createAnswer());
        s.negotiations++;
        return localDescription(s, 'answer');
      },
      async 'pc.accept-answer'(args) {
        const s = session(args);
        if (typeof args.sdp !== 'string') throw fail('malformed', 'args.sdp (a string) is required');
        try {
          await s.pc.setRemoteDescription({ type: 'answer', sdp: args.sdp });
        } catch (e) {
          // The states say whether the stack had already closed or failed the connection
          // (node-datachannel's "remote candidate without ICE transport" comes from that).
          throw fail('rejected', 'setRemoteDescription(answer): ' + (e && e.message) + ' ' + factsOf(s));
        }
        s.remoteSet = true;
        s.negotiations++;
        return {};
      },
      // Trickled candidates not yet drained, after end-of-candidates (or the timeout).
      async 'pc.candidates'(args) {
        const s = session(args);
        const timeoutMs = args.timeoutMs || GATHER_TIMEOUT_MS;
        let complete = true;
        try {
          await waitFor(() => s.endOfCandidates || s.pc.iceGatheringState === 'complete', timeoutMs, () => fail('timeout', 'x'));
        } catch (e) {
          complete = false;
        }
        const out = s.localCandidates.slice(s.drained);
        s.drained = s.localCandidates.length;
        return { candidates: out, endOfCandidates: complete };
      },
      async 'pc.add-candidate'(args) {
        const s = session(args);
        const list = Array.isArray(args.candidates) ? args.candidates : args.candidate ? [args.candidate] : [];
        for (const c of list) {
          try {
            await s.pc.addIceCandidate(c);
          } catch (e) {
            throw fail('rejected', 'addIceCandidate(' + JSON.stringify(c) + '): ' + (e && e.message));
          }
          s.remoteCandidates++;
        }
        let endOfCandidates = false;
        if (args.endOfCandidates) {
          // RFC 8838 §13 / W3C: an empty candidate signals end-of-candidates. Not every stack
          // takes it; that is not fatal for connectivity, so it is only reported.
          try {
            await s.pc.addIceCandidate({ candidate: '', sdpMid: list.length ? list[0].sdpMid : '0' });
            endOfCandidates = true;
          } catch (e) {
            env.log(`${s.id}: end-of-candidates not accepted: ${e && e.message}`);
          }
        }
        return { added: list.length, endOfCandidates };
      },
      async 'pc.wait'(args) {
        const s = session(args);
        const want = args.state || 'connected';
        const timeoutMs = args.timeoutMs || DEFAULT_WAIT_MS;
        const t0 = now();
        await waitFor(() => {
          const state = s.pc.connectionState || s.pc.iceConnectionState;
          // failed and closed are final: say so at once rather than at the timeout.
          if ((state === 'failed' || state === 'closed') && want !== state) throw fail('failed', `${s.id} ${state} while waiting for ${want}: ${stuckIn(s)}`);
          return state === want;
        }, timeoutMs, (t) => fail('timeout', `${s.id} not ${want} after ${t} ms; stuck in ${stuckIn(s)}`));
        let iceTransportState = null;
        if (args.currentIceSession) {
          // After an ICE restart: also the new session must have connected (RFC 8445 §9, §8.1.1).
          for (;;) {
            const ice = await currentIceSession(s);
            iceTransportState = ice.state;
            if (!ice.tells || ice.state === 'connected' || ice.state === 'completed') break;
            if (now() - t0 >= timeoutMs) {
              const pair = ice.pair
                ? `its selected pair has local ufrag ${ice.pair.localUfrag}, remote ufrag ${ice.pair.remoteUfrag}${ice.pair.nominated ? ', nominated' : ''}`
                : 'no pair of this generation is selected or nominated';
              throw fail('timeout', `${s.id} ${want}, but its ICE session of the current generation (local ufrag ${ice.ufrag}) is ` +
                `${ice.state || 'absent from getStats'} after ${now() - t0} ms: ${pair}; stuck in checking (ICE restart); the previous session: ${stuckIn(s)}`);
            }
            await sleep(50);
          }
        }
        return { state: want, ms: now() - t0, sinceCreateMs: now() - s.createdAt, iceConnectionState: s.pc.iceConnectionState, iceTransportState };
      },
      async 'dc.wait-open'(args) {
        const s = session(args);
        const label = args.label || 'rtcheck';
        const timeoutMs = args.timeoutMs || DEFAULT_WAIT_MS;
        const ms = await waitFor(() => {
          const c = s.channels.get(label);
          return c && c.dc.readyState === 'open';
        }, timeoutMs, (t) => fail('timeout', `${s.id} channel ${label} not open after ${t} ms; stuck in ${stuckIn(s, label)}`));
        return Object.assign(describeChannel(channel(s, label)), { ms, sinceCreateMs: now() - s.createdAt });
      },
      // count messages of messageSize bytes; resolves when all left the send buffer.
      async 'dc.send'(args) {
        const s = session(args);
        const c = channel(s, args.label);
        const count = args.count;
        const size = args.messageSize;
        const seed = args.seed || 0;
        if (!(count > 0) || !(size >= 4)) throw fail('invalid-args', 'dc.send needs count > 0 and messageSize >= 4');
        const timeoutMs = args.timeoutMs || DEFAULT_WAIT_MS;
        const t0 = now();
        const sent = [];
        for (let i = 0; i < count; i++) {
          while (c.dc.bufferedAmount > HIGH_WATER) {
            if (c.dc.readyState !== 'open') throw fail('closed', `channel ${c.dc.label} ${c.dc.readyState} after ${i} messages`);
            if (now() - t0 > timeoutMs) throw fail('timeout', `sent ${i} of ${count} messages in ${timeoutMs} ms; bufferedAmount stays ${c.dc.bufferedAmount}; stuck in ${stuckIn(s, c.dc.label)}`);
            await sleep(POLL_MS);
          }
          const m = message(i, size, seed);
          c.dc.send(env.sendable ? env.sendable(m) : m);
          sent.push(m);
        }
        await waitFor(() => c.dc.bufferedAmount === 0, Math.max(0, timeoutMs - (now() - t0)),
          () => fail('timeout', `send buffer not drained (${c.dc.bufferedAmount} bytes left); stuck in ${stuckIn(s, c.dc.label)}`));
        return { messages: count, bytes: count * size, sha256: await env.sha256(concat(sent)), ms: now() - t0 };
      },
      // Waits for `bytes` bytes; hashes the messages in index order (unordered channels reorder).
      async 'dc.receive-check'(args) {
        const s = session(args);
        const label = args.label || 'rtcheck';
        const timeoutMs = args.timeoutMs || DEFAULT_WAIT_MS;
        const want = args.bytes;
        const ms = await waitFor(() => {
          const c = s.channels.get(label);
          return c && c.bytes >= want;
        }, timeoutMs, (t) => {
          const c = s.channels.get(label);
          return fail('timeout', `${s.id} received ${c ? c.bytes : 0} of ${want} bytes (${c ? c.messages : 0} messages) on ${label} in ${t} ms; stuck in ${stuckIn(s, label)}`);
        });
        const c = channel(s, label);
        const order = [...c.parts.keys()].sort((a, b) => a - b);
        return {
          bytes: c.bytes,
          messages: c.messages,
          duplicates: c.duplicates,
          inOrder: c.inOrder,
          sha256: await env.sha256(concat(order.map((i) => c.parts.get(i)))),
          ms,
        };
      },
      // Test-source tracks, sent from the next offer or answer on (README, pc.add-media).
      async 'pc.add-media'(args) {
        const s = session(args);
        if (!env.media) throw fail('unimplemented', 'this shim has no media sources');
        const kinds = KINDS.filter((k) => args[k]);
        if (!kinds.length) throw fail('invalid-args', 'pc.add-media needs audio or video true');
        if (s.negotiations > 0) unsupported('renegotiate', 'adding media after the first negotiation');
        for (const kind of kinds) {
          const src = await env.media.source(s, kind);
          s.sources.push(src);
          s.pending.push(src);
        }
        return { mids: null, audio: kinds.includes('audio'), video: kinds.includes('video') };
      },
      // RTP of kind arrived from the peer (RFC 3550 A.1), and is decoded where the stack tells.
      async 'media.check'(args) {
        const s = session(args);
        if (!env.media) throw fail('unimplemented', 'this shim has no media receive counters');
        const kind = args.kind;
        if (!KINDS.includes(kind)) throw fail('invalid-args', 'media.check kind must be audio or video');
        const minPackets = args.minPackets || 50;
        const timeoutMs = args.timeoutMs || DEFAULT_WAIT_MS;
        const t0 = now();
        let r;
        for (;;) {
          r = await received(s, kind);
          if (r.packets >= minPackets) break;
          if (now() - t0 >= timeoutMs) {
            const step = !r.track ? 'no track' : r.packets === 0 ? 'no RTP' : 'too few packets';
            throw fail('timeout', `${s.id} received ${r.packets} of ${minPackets} ${kind} RTP packets in ${now() - t0} ms` +
              `${r.malformed ? ` (and ${r.malformed} malformed or of an unnegotiated payload type)` : ''}; stuck in ${step} ${stuckIn(s)}`);
          }
          await sleep(50);
        }
        const first = r;
        let decoded = null;
        if (first.decodeCounter !== null) {
          for (;;) {
            await sleep(DECODE_GAP_MS);
            r = await received(s, kind);
            if (r.decodeCounter > first.decodeCounter) {
              decoded = true;
              break;
            }
            if (now() - t0 >= timeoutMs) {
              throw fail('timeout', `${s.id} received ${r.packets} ${kind} RTP packets but its decode counter stays at ${r.decodeCounter}` +
                ` after ${now() - t0} ms; stuck in not decoding`);
            }
          }
        }
        return {
          kind,
          packets: r.packets,
          bytes: r.bytes,
          ssrcs: r.ssrcs,
          payloadTypes: r.payloadTypes,
          decoded,
          framesDecoded: kind === 'video' ? r.decodeCounter : null,
          totalSamplesReceived: kind === 'audio' ? r.decodeCounter : null,
          malformed: r.malformed,
          ms: now() - t0,
        };
      },
      // The peer's RTCP reached this side (RFC 3550 §6.4, RFC 8834 §4.1), from getStats: a
      // remote-inbound-rtp of kind with a round-trip time (the peer's report block echoed this side's
      // SR in LSR/DLSR) and, with senderReports, a remote-outbound-rtp of kind (the peer's own SR).
      async 'media.rtcp-check'(args) {
        const s = session(args);
        if (!env.media) throw fail('unimplemented', 'this shim has no media');
        if (env.media.rtcpStats === false) throw fail('unimplemented', 'this stack\'s getStats has no RTCP report statistics');
        const kind = args.kind;
        if (!KINDS.includes(kind)) throw fail('invalid-args', 'media.rtcp-check kind must be audio or video');
        const timeoutMs = args.timeoutMs || DEFAULT_WAIT_MS;
        const t0 = now();
        for (;;) {
          const all = [];
          (await s.pc.getStats()).forEach((v) => all.push(v));
          const ofKind = (type) => all.filter((v) => v.type === type && (v.kind || v.mediaType) === kind);
          // A measurement, not a placeholder: libwebrtc M106 shows roundTripTime 0 with
          // roundTripTimeMeasurements 0 before any report block echoed its SR.
          const rtt = ofKind('remote-inbound-rtp').find((v) => typeof v.roundTripTime === 'number' &&
            (typeof v.roundTripTimeMeasurements === 'number' ? v.roundTripTimeMeasurements > 0 : v.roundTripTime > 0));
          const sr = ofKind('remote-outbound-rtp')[0];
          if (rtt && (sr || !args.senderReports)) {
            return {
              kind,
              roundTripTime: rtt.roundTripTime,
              roundTripTimeMeasurements: rtt.roundTripTimeMeasurements === undefined ? null : rtt.roundTripTimeMeasurements,
              remotePacketsLost: rtt.packetsLost === undefined ? null : rtt.packetsLost,
              remoteJitter: rtt.jitter === undefined ? null : rtt.jitter,
              senderReports: sr ? (sr.reportsSent === undefined ? null : sr.reportsSent) : null,
              remotePacketsSent: sr ? (sr.packetsSent === undefined ? null : sr.packetsSent) : null,
              ms: now() - t0,
            };
          }
          if (now() - t0 >= timeoutMs) {
            const seen = ofKind('remote-inbound-rtp').concat(ofKind('remote-outbound-rtp'))
              .map((v) => JSON.stringify(v)).join(', ') || 'none';
            const missing = !rtt ? `no receiver report with a round-trip time about its ${kind} RTP (remote-inbound-rtp)`
              : `no sender report about the peer's ${kind} RTP (remote-outbound-rtp)`;
            throw fail('timeout', `${s.id}: ${missing} in ${now() - t0} ms; RTCP statistics seen: ${seen}`);
          }
          await sleep(100);
        }
      },
      // The next offer restarts ICE: new ufrag and password (RFC 8445 §2.4, RFC 8839 §4.4.1.1.1).
      async 'pc.restart-ice'(args) {
        const s = session(args);
        unsupported('restartIce', 'ICE restart');
        if (typeof s.pc.restartIce === 'function') s.pc.restartIce();
        s.iceRestart = true;
        return {};
      },
      async 'pc.stats'(args) {
        const s = session(args);
        let stats = [];
        try {
          const report = await s.pc.getStats();
          report.forEach((v) => stats.push(v));
          stats = JSON.parse(JSON.stringify(stats));
        } catch (e) {
          stats = [{ error: 'getStats: ' + (e && e.message) }];
        }
        return {
          localUfrag: localUfrag(s),
          selectedPair: selectedPair(stats),
          connectionState: s.pc.connectionState || null,
          iceConnectionState: s.pc.iceConnectionState,
          localCandidates: s.localCandidates.length,
          remoteCandidatesAdded: s.remoteCandidates,
          channels: [...s.channels.values()].map((c) => Object.assign(describeChannel(c), { bytesReceived: c.bytes, messagesReceived: c.messages })),
          stats,
        };
      },
      async 'pc.close'(args) {
        const s = session(args);
        sessions.delete(s.id);
        stopSources(s);
        await s.pc.close();
        return {};
      },
    };

    async function closeAll() {
      const all = [...sessions.values()];
      sessions.clear();
      await Promise.allSettled(all.map(async (s) => (stopSources(s), s.pc.close())));
    }

    return { ops, closeAll, message };
  }

  return { create, message, opusSilenceSender, parseRtp };
});
