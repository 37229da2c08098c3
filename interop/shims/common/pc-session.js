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

  /**
   * @param env.RTCPeerConnection the stack's constructor
   * @param env.config extra RTCConfiguration the stack needs on loopback (PEERS.md)
   * @param env.sha256 (Uint8Array) => Promise<hex>
   * @param env.log (text) => void, to stderr / the console
   * @param env.sendable optional (Uint8Array) => what the stack's send() takes (werift: a Buffer)
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
    function stuckIn(s, label) {
      const pc = s.pc;
      const ice = pc.iceConnectionState;
      const conn = pc.connectionState;
      const facts = `(signaling ${pc.signalingState}, gathering ${pc.iceGatheringState}, ice ${ice}, connection ${conn}, ` +
        `${s.localCandidates.length} local / ${s.remoteCandidates} remote candidates added)`;
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

    const countCandidates = (sdp) => (sdp.match(/^a=candidate:/gm) || []).length;

    async function localDescription(s, type) {
      const complete = s.trickle ? null : await gathered(s);
      const sdp = s.pc.localDescription.sdp;
      return { type, sdp, trickle: s.trickle, gatheringComplete: complete, candidatesInSdp: countCandidates(sdp) };
    }

    const ops = {
      async 'pc.create'(args) {
        const id = 'pc' + ++seq;
        const config = Object.assign({}, env.config, { iceServers: args.iceServers || [] });
        const pc = new env.RTCPeerConnection(config);
        const s = { id, pc, trickle: !!args.trickle, channels: new Map(), localCandidates: [], drained: 0, endOfCandidates: false, remoteCandidates: 0, remoteSet: false, createdAt: now() };
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
        await s.pc.setLocalDescription(await s.pc.createOffer());
        return localDescription(s, 'offer');
      },
      async 'pc.answer'(args) {
        const s = session(args);
        if (typeof args.sdp !== 'string') throw fail('malformed', 'args.sdp (a string) is required');
        try {
          await s.pc.setRemoteDescription({ type: 'offer', sdp: args.sdp });
        } catch (e) {
          throw fail('rejected', 'setRemoteDescription(offer): ' + (e && e.message));
        }
        s.remoteSet = true;
        await s.pc.setLocalDescription(await s.pc.createAnswer());
        return localDescription(s, 'answer');
      },
      async 'pc.accept-answer'(args) {
        const s = session(args);
        if (typeof args.sdp !== 'string') throw fail('malformed', 'args.sdp (a string) is required');
        try {
          await s.pc.setRemoteDescription({ type: 'answer', sdp: args.sdp });
        } catch (e) {
          throw fail('rejected', 'setRemoteDescription(answer): ' + (e && e.message));
        }
        s.remoteSet = true;
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
        const ms = await waitFor(() => {
          const state = s.pc.connectionState || s.pc.iceConnectionState;
          // failed and closed are final: say so at once rather than at the timeout.
          if ((state === 'failed' || state === 'closed') && want !== state) throw fail('failed', `${s.id} ${state} while waiting for ${want}: ${stuckIn(s)}`);
          return state === want;
        }, timeoutMs, (t) => fail('timeout', `${s.id} not ${want} after ${t} ms; stuck in ${stuckIn(s)}`));
        return { state: want, ms, sinceCreateMs: now() - s.createdAt, iceConnectionState: s.pc.iceConnectionState };
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
        await s.pc.close();
        return {};
      },
    };

    async function closeAll() {
      const all = [...sessions.values()];
      sessions.clear();
      await Promise.allSettled(all.map(async (s) => s.pc.close()));
    }

    return { ops, closeAll, message };
  }

  return { create, message };
});
