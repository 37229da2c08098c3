#!/usr/bin/env node
// rtcheck shim for three Node WebRTC stacks, one per process:
//   node shim.js werift | libdatachannel | libwebrtc
// Speaks the JSON-lines protocol of interop/shims/README.md on stdin/stdout.
'use strict';

const fs = require('fs');
const path = require('path');
const readline = require('readline');
const util = require('util');

// stdout carries protocol lines only: every library log goes to stderr, which
// rtcheck keeps as evidence. Done before any stack is loaded.
const writeOut = process.stdout.write.bind(process.stdout);
const toStderr = (...a) => process.stderr.write(util.format(...a) + '\n');
console.log = console.info = console.debug = console.warn = console.trace = toStderr;
const note = (msg) => toStderr(`[shim ${process.argv[2]}] ${msg}`);

const GATHER_TIMEOUT_MS = 10_000; // then answer with what was gathered (and say so on stderr)
// Below rtcheck's default 30 s deadline, so we report instead of being killed; a harness with longer
// deadlines (netem's LanPeer, for slow transfers over impaired links) raises it.
const OP_TIMEOUT_MS = Number(process.env.RTCHECK_SHIM_OP_TIMEOUT_MS) || 25_000;
const EXIT_GRACE_MS = 3_000; // closing peer connections must not keep us alive longer than this

class ShimError extends Error {
  constructor(kind, message) {
    super(message);
    this.kind = kind;
  }
}

const withTimeout = (promise, ms, what) =>
  new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new ShimError('timeout', `${what} took more than ${ms} ms`)), ms);
    promise.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e) => (clearTimeout(t), reject(e)),
    );
  });

// Non-trickle: wait until gathering is complete. Polling the state works the
// same on all three APIs (werift has its own event type, libdatachannel a
// callback setter that holds one listener) and costs nothing at 20 ms.
function waitGathering(getState, what) {
  return new Promise((resolve) => {
    const start = Date.now();
    const tick = () => {
      if (getState() === 'complete') return resolve();
      if (Date.now() - start >= GATHER_TIMEOUT_MS) {
        note(`${what}: ICE gathering not complete after ${GATHER_TIMEOUT_MS} ms (state ${getState()}); using the candidates gathered so far`);
        return resolve();
      }
      setTimeout(tick, 20);
    };
    tick();
  });
}

const pkgVersion = (name) =>
  JSON.parse(fs.readFileSync(path.join(__dirname, 'node_modules', name, 'package.json'), 'utf8')).version;

// --- W3C-style stacks (werift, libwebrtc via @roamhq/wrtc) -------------------

function w3cStack(name, version, RTCPeerConnection, config) {
  const create = () => new RTCPeerConnection(config);
  const gathered = async (pc, what) => {
    await waitGathering(() => pc.iceGatheringState, what);
    return pc.localDescription.sdp;
  };
  return {
    name,
    version,
    async offer({ audio, video, datachannel }) {
      const pc = create();
      try {
        if (audio) pc.addTransceiver('audio', { direction: 'sendrecv' });
        if (video) pc.addTransceiver('video', { direction: 'sendrecv' });
        if (datachannel) pc.createDataChannel('rtcheck');
        await pc.setLocalDescription(await pc.createOffer());
        return { pc, sdp: await gathered(pc, 'offer') };
      } catch (e) {
        await this.close(pc);
        throw e;
      }
    },
    async answer(offerSdp) {
      const pc = create();
      try {
        try {
          await pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
        } catch (e) {
          throw new ShimError('rejected', `setRemoteDescription(offer): ${e.message}`);
        }
        // Transceivers made by the remote offer start recvonly; we answer with
        // our own media where offered, as a browser app calling addTrack would.
        for (const t of pc.getTransceivers()) if (t.direction === 'recvonly') t.direction = 'sendrecv';
        await pc.setLocalDescription(await pc.createAnswer());
        return { pc, sdp: await gathered(pc, 'answer') };
      } catch (e) {
        await this.close(pc);
        throw e;
      }
    },
    async acceptAnswer(pc, sdp) {
      await pc.setRemoteDescription({ type: 'answer', sdp });
    },
    async close(pc) {
      await pc.close(); // werift returns a promise, libwebrtc undefined
    },
    shutdown() {},
  };
}

function werift() {
  const { RTCPeerConnection } = require('werift');
  // PEERS.md: without the extra host address werift skips lo and gathers no usable candidate here.
  return w3cStack('werift', pkgVersion('werift'), RTCPeerConnection, {
    iceServers: [],
    iceAdditionalHostAddresses: ['127.0.0.1'],
  });
}

function libwebrtc() {
  const { RTCPeerConnection } = require('@roamhq/wrtc');
  return w3cStack('libwebrtc', `${pkgVersion('@roamhq/wrtc')} (@roamhq/wrtc, libwebrtc M106)`, RTCPeerConnection, {
    iceServers: [],
  });
}

// --- libdatachannel via node-datachannel --------------------------------------

function libdatachannel() {
  const ndc = require('node-datachannel');
  // Route libdatachannel's own logger to stderr (its default appender could reach stdout).
  ndc.initLogger('Warning', (level, msg) => toStderr(`[libdatachannel ${level}] ${msg}`));
  let seq = 0;
  const create = () => {
    // bindAddress: PEERS.md — otherwise no host candidate on lo and gathering hangs.
    // disableAutoNegotiation: we decide when the description is made (after all tracks are added).
    const pc = new ndc.PeerConnection(`rtcheck-${++seq}`, {
      iceServers: [],
      bindAddress: '127.0.0.1',
      disableAutoNegotiation: true,
    });
    // Tracks and channels are closed when garbage-collected: keep them with the pc.
    pc.rtcheckKeep = [];
    pc.onTrack((t) => pc.rtcheckKeep.push(t));
    pc.onDataChannel((dc) => pc.rtcheckKeep.push(dc));
    return pc;
  };
  const gathered = async (pc, what) => {
    await waitGathering(() => pc.gatheringState(), what);
    return pc.localDescription().sdp;
  };
  const ssrc = () => 1 + Math.floor(Math.random() * 0xfffffffe);
  return {
    name: 'libdatachannel',
    version: `${pkgVersion('node-datachannel')} (node-datachannel; libdatachannel ${ndc.getLibraryVersion()})`,
    async offer({ audio, video, datachannel }) {
      const pc = create();
      try {
        let mid = 0;
        if (audio) {
          const a = new ndc.Audio(String(mid++), 'SendRecv');
          a.addOpusCodec(111);
          a.addSSRC(ssrc(), 'rtcheck-audio', 'rtcheck', 'rtcheck-audio');
          pc.rtcheckKeep.push(pc.addTrack(a));
        }
        if (video) {
          const v = new ndc.Video(String(mid++), 'SendRecv');
          v.addVP8Codec(96);
          v.addH264Codec(102);
          v.addSSRC(ssrc(), 'rtcheck-video', 'rtcheck', 'rtcheck-video');
          pc.rtcheckKeep.push(pc.addTrack(v));
        }
        if (datachannel) pc.rtcheckKeep.push(pc.createDataChannel('rtcheck'));
        pc.setLocalDescription('offer');
        return { pc, sdp: await gathered(pc, 'offer') };
      } catch (e) {
        this.close(pc);
        throw e;
      }
    },
    async answer(offerSdp) {
      const pc = create();
      try {
        try {
          // Offered media become tracks (onTrack) whose answer direction mirrors the offer.
          pc.setRemoteDescription(offerSdp, 'offer');
        } catch (e) {
          throw new ShimError('rejected', `setRemoteDescription(offer): ${e.message}`);
        }
        pc.setLocalDescription('answer');
        return { pc, sdp: await gathered(pc, 'answer') };
      } catch (e) {
        this.close(pc);
        throw e;
      }
    },
    async acceptAnswer(pc, sdp) {
      pc.setRemoteDescription(sdp, 'answer');
    },
    close(pc) {
      for (const x of pc.rtcheckKeep) {
        try {
          x.close();
        } catch (e) {
          /* already closed */
        }
      }
      pc.close();
    },
    // Joins libdatachannel's threads; without it the process does not exit.
    shutdown() {
      ndc.cleanup();
    },
  };
}

// --- protocol -------------------------------------------------------------------

const STACKS = { werift, libdatachannel, libwebrtc };
const which = process.argv[2];
if (!STACKS[which]) {
  toStderr(`usage: node shim.js ${Object.keys(STACKS).join('|')}`);
  process.exit(2);
}
const stack = STACKS[which]();

// RTCHECK_SHIM_NETWORK=lan: the shim runs in an emulated LAN host's namespace (rtcheck's netem),
// where the loopback settings of PEERS.md would hurt: libdatachannel must bind to the LAN address
// or any (127.0.0.1 reaches nothing there) and werift needs no extra host address.
const onLan = process.env.RTCHECK_SHIM_NETWORK === 'lan';

// Peer-connection ops (pc.*, dc.*): the W3C API of each stack through the module the browser
// page shares. libdatachannel goes through node-datachannel's W3C polyfill here.
const W3C = {
  werift: () => ({
    RTCPeerConnection: require('werift').RTCPeerConnection,
    config: onLan ? {} : { iceAdditionalHostAddresses: ['127.0.0.1'] }, // PEERS.md
    sendable: (b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength), // werift sends Buffers only
    media: weriftMedia(),
  }),
  libwebrtc: () => ({ RTCPeerConnection: require('@roamhq/wrtc').RTCPeerConnection, config: {}, media: libwebrtcMedia() }),
  libdatachannel: () => ({ RTCPeerConnection: libdatachannelW3c(), config: {}, media: libdatachannelMedia() }),
};

const { opusSilenceSender } = require('../common/pc-session.js');
const randomSsrc = () => 1 + Math.floor(Math.random() * 0xfffffffe);
// The negotiated Opus payload type: the remote description's (we send what the peer accepts).
const opusPt = (pc, sdpOf) => {
  const d = sdpOf(pc);
  const m = d && /^a=rtpmap:(\d+) opus\/48000/im.exec(d);
  return m ? Number(m[1]) : null;
};
const VIDEO_UNSENDABLE = 'VP8 cannot be synthesized without an encoder (ops contract); this stack has none';

// libwebrtc: its own encoders behind the nonstandard RTCAudioSource / RTCVideoSource, fed here with
// 10 ms of silence and a grey I420 frame every 33 ms; received media counted by getStats.
function libwebrtcMedia() {
  const { nonstandard, MediaStream } = require('@roamhq/wrtc');
  return {
    receive: 'stats',
    source(s, kind) {
      const stream = new MediaStream();
      if (kind === 'audio') {
        const source = new nonstandard.RTCAudioSource();
        const track = source.createTrack();
        const samples = new Int16Array(480); // 10 ms, 48 kHz mono
        const timer = setInterval(() => source.onData({ samples, sampleRate: 48000, bitsPerSample: 16, channelCount: 1, numberOfFrames: 480 }), 10);
        stream.addTrack(track);
        return { kind, track, stream, stop: () => (clearInterval(timer), track.stop()) };
      }
      const source = new nonstandard.RTCVideoSource();
      const track = source.createTrack();
      const width = 320;
      const height = 240;
      const data = new Uint8ClampedArray(width * height * 1.5).fill(128);
      let n = 0;
      const timer = setInterval(() => {
        data[n++ % (width * height)] = 255; // a changing pixel, so frames are not identical
        source.onFrame({ width, height, data });
      }, 33);
      stream.addTrack(track);
      return { kind, track, stream, stop: () => (clearInterval(timer), track.stop()) };
    },
  };
}

// werift: no encoders; audio is Opus silence written as RTP into a track, received RTP is
// counted from each remote track's onReceiveRtp.
function weriftMedia() {
  const { MediaStreamTrack } = require('werift');
  return {
    receive: 'rtp',
    watch(s, count) {
      s.pc.onTrack.subscribe((track) => track.onReceiveRtp.subscribe((rtp) => count(track.kind, rtp.serialize())));
    },
    source(s, kind) {
      if (kind !== 'audio') throw new ShimError('unimplemented', `werift cannot send ${kind}: ${VIDEO_UNSENDABLE}`);
      const track = new MediaStreamTrack({ kind: 'audio' });
      const sender = opusSilenceSender((p) => track.writeRtp(Buffer.from(p)), () => opusPt(s.pc, (pc) => pc.remoteDescription && pc.remoteDescription.sdp), randomSsrc());
      return { kind, track, stream: null, stop: () => (sender.stop(), track.stop()) };
    },
  };
}

// libdatachannel: native tracks (the polyfill has none); Opus silence sent raw on the track, the
// track's messages (RTP and RTCP) counted. The W3C polyfill makes one offer/answer per connection
// and libdatachannel has no ICE restart API: both answer unimplemented.
function libdatachannelMedia() {
  const ndc = require('node-datachannel');
  const nativeTracks = (s) => s.pc.rtcheckTracks;
  const trackOf = (s, kind) => nativeTracks(s).find((t) => t.type() === kind && t.rtcheckSends !== false);
  const startSender = (s, src) => {
    let said = false;
    src.sender = opusSilenceSender((p) => {
      const t = src.native || trackOf(s, 'audio');
      if (!t || !t.isOpen()) return false;
      if (!said) {
        said = true;
        note(`${s.id}: sending Opus silence on track mid ${t.mid()} (${t.direction()}), payload type ${p[1] & 0x7f}`);
      }
      return t.sendMessageBinary(Buffer.from(p.buffer, p.byteOffset, p.byteLength));
    }, () => opusPt(s.pc, (pc) => pc.rtcheckNative.remoteDescription() && pc.rtcheckNative.remoteDescription().sdp), src.ssrc);
  };
  return {
    receive: 'rtp',
    renegotiate: false,
    restartIce: false,
    unsupported: {
      renegotiate: "node-datachannel's W3C polyfill resolves a single offer and answer per connection",
      restartIce: 'libdatachannel has no ICE restart (node-datachannel 0.33 exposes none; the polyfill throws Not implemented)',
    },
    watch(s, count) {
      s.pc.rtcheckOnTrack = (t) => t.onMessage((m) => count(t.type(), new Uint8Array(m.buffer, m.byteOffset, m.byteLength)));
    },
    source(s, kind) {
      if (kind !== 'audio') throw new ShimError('unimplemented', `libdatachannel cannot send ${kind}: ${VIDEO_UNSENDABLE}`);
      const src = { kind, track: null, stream: null, ssrc: randomSsrc(), sender: null, native: null };
      src.stop = () => src.sender && src.sender.stop();
      return src;
    },
    attachOffer(s, src) {
      const a = new ndc.Audio(`audio${s.pc.rtcheckTracks.length}`, 'SendRecv');
      a.addOpusCodec(111);
      a.addSSRC(src.ssrc, 'rtcheck-audio', 'rtcheck', 'rtcheck-audio');
      src.native = s.pc.rtcheckNative.addTrack(a);
      s.pc.rtcheckTracks.push(src.native);
      s.pc.rtcheckOnTrack(src.native);
      startSender(s, src);
    },
    // The answer would mirror the offered section without an a=ssrc of ours (and libwebrtc then
    // drops our unsignaled RTP): as an application does, our track replaces the offered one of the
    // same mid (libdatachannel updates the description of an existing mid) with its SSRC.
    attachAnswer(s, src) {
      const sdp = s.pc.rtcheckNative.remoteDescription().sdp;
      const section = sdp.split(/\r?\n(?=m=)/).find((m) => m.startsWith('m=audio '));
      const mid = section && /^a=mid:(\S+)/m.exec(section);
      const pt = section && /^a=rtpmap:(\d+) opus\/48000/im.exec(section);
      if (!mid || !pt) {
        note(`${s.id}: the offer has no audio section with Opus; our audio is not sent`);
        return;
      }
      const a = new ndc.Audio(mid[1], 'SendRecv');
      a.addOpusCodec(Number(pt[1]));
      a.addSSRC(src.ssrc, 'rtcheck-audio', 'rtcheck', 'rtcheck-audio');
      src.native = s.pc.rtcheckNative.addTrack(a);
      s.pc.rtcheckTracks.push(src.native);
      s.pc.rtcheckOnTrack(src.native);
      startSender(s, src);
    },
  };
}

// node-datachannel's polyfill over a libdatachannel peer connection we make ourselves, so that
// (1) it binds to 127.0.0.1 (PEERS.md: else no host candidate on lo) and (2) a remote candidate
// whose sdpMid is longer than 3 characters (GStreamer's "application0") reaches libdatachannel:
// the polyfill refuses those ("Invalid sdpMid format"), a rule of the polyfill, not of the stack.
function libdatachannelW3c() {
  const ndc = require('node-datachannel');
  const { RTCPeerConnection } = require('node-datachannel/polyfill');
  let n = 0;
  const urls = (servers) =>
    (servers || []).flatMap((s) => (Array.isArray(s.urls) ? s.urls : [s.urls]).map((u) => {
      if (!s.username || !s.credential) return u;
      const [scheme, rest] = u.split(/:(.*)/);
      return `${scheme}:${encodeURIComponent(s.username)}:${encodeURIComponent(s.credential)}@${rest}`;
    }));
  return class LibdatachannelPeerConnection extends RTCPeerConnection {
    constructor(config) {
      // disableAutoNegotiation: the description is made in createOffer/createAnswer, after the
      // media tracks were added (libdatachannel would otherwise make it at createDataChannel).
      const options = { iceServers: urls(config.iceServers), disableAutoNegotiation: true };
      if (!onLan) options.bindAddress = '127.0.0.1'; // PEERS.md; in a LAN namespace: any address
      const native = new ndc.PeerConnection(`rtcheck-${++n}`, options);
      super(Object.assign({}, config, { peerConnection: native }));
      this.rtcheckNative = native;
      // Native tracks (the polyfill has none); kept, as libdatachannel closes collected ones.
      this.rtcheckTracks = [];
      this.rtcheckOnTrack = () => {};
      native.onTrack((t) => {
        this.rtcheckTracks.push(t);
        this.rtcheckOnTrack(t);
      });
    }

    createOffer() {
      if (!this.rtcheckDescribed) {
        this.rtcheckDescribed = true;
        this.rtcheckNative.setLocalDescription('offer');
      }
      return super.createOffer();
    }

    createAnswer() {
      if (!this.rtcheckDescribed) {
        this.rtcheckDescribed = true;
        this.rtcheckNative.setLocalDescription('answer');
      }
      return super.createAnswer();
    }

    // The native description was set by createOffer/createAnswer above.
    async setLocalDescription() {}

    async addIceCandidate(c) {
      // libdatachannel makes its ICE transport on a worker thread after the descriptions are
      // set; a candidate that comes first is refused with "without ICE transport". Retry that one
      // refusal for up to 2 s: it is this adapter's timing, not something the peer sent.
      for (let waited = 0; ; waited += 50) {
        try {
          if (c && c.candidate && typeof c.sdpMid === 'string' && c.sdpMid.length > 3) {
            this.rtcheckNative.addRemoteCandidate(c.candidate, c.sdpMid);
            return undefined;
          }
          return await super.addIceCandidate(c);
        } catch (e) {
          if (waited >= 2000 || !/without ICE transport/.test(String(e && e.message))) throw e;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    }
  };
}
const pcSessions = require('../common/pc-session.js').create(
  Object.assign(W3C[which](), {
    sha256: async (bytes) => require('crypto').createHash('sha256').update(bytes).digest('hex'),
    log: note,
  }),
);

const pcs = new Set(); // every live peer connection, closed on exit
let lastOffer = null; // the pc that jsep.accept-answer applies to

const sdpArg = (args) => {
  if (typeof args.sdp !== 'string') throw new ShimError('invalid-args', 'args.sdp must be a string');
  return args.sdp;
};
const mediaArgs = (args) => {
  const m = { audio: !!args.audio, video: !!args.video, datachannel: !!args.datachannel };
  if (!m.audio && !m.video && !m.datachannel) throw new ShimError('invalid-args', 'offer needs audio, video or datachannel');
  return m;
};
const track = (r) => (pcs.add(r.pc), r);

const OPS = {
  async describe() {
    // In a container of the docker environment (browsers-docker's DockerBrowserPlacement) the
    // report says so, naming the image.
    const where = process.env.RTCHECK_CONTAINER_IMAGE ? ` in container ${process.env.RTCHECK_CONTAINER_IMAGE}` : '';
    return { name: stack.name, version: stack.version + where, capabilities: Object.keys(OPS) };
  },
  async 'jsep.offer'(args) {
    const r = track(await stack.offer(mediaArgs(args)));
    lastOffer = r.pc;
    return { type: 'offer', sdp: r.sdp };
  },
  async 'jsep.answer'(args) {
    const r = track(await stack.answer(sdpArg(args)));
    return { type: 'answer', sdp: r.sdp };
  },
  async 'jsep.accept-answer'(args) {
    const sdp = sdpArg(args);
    if (!lastOffer) throw new ShimError('invalid-args', 'jsep.accept-answer before any jsep.offer');
    try {
      await stack.acceptAnswer(lastOffer, sdp);
    } catch (e) {
      throw new ShimError('rejected', `setRemoteDescription(answer): ${e.message}`);
    }
    return {};
  },
  async 'jsep.harvest'(args) {
    const o = track(await stack.offer(mediaArgs(args)));
    const a = track(await stack.answer(o.sdp));
    return { offer: o.sdp, answer: a.sdp };
  },
  ...pcSessions.ops,
  async close() {
    return {};
  },
};

function send(obj) {
  return new Promise((resolve) => writeOut(JSON.stringify(obj) + '\n', resolve));
}

let current = null; // the request being handled: requests run one at a time
let exiting = false;

async function handle(req) {
  const op = OPS[req.op];
  let reply;
  try {
    if (!op) throw new ShimError('unimplemented', `${which} shim has no op ${JSON.stringify(req.op)}`);
    const args = req.args && typeof req.args === 'object' ? req.args : {};
    reply = { id: req.id, ok: await withTimeout(op(args), OP_TIMEOUT_MS, req.op) };
  } catch (e) {
    if (!(e instanceof ShimError)) note(`${req.op} failed: ${e && e.stack ? e.stack : e}`);
    reply = { id: req.id, error: { kind: e.kind || 'subject-failure', message: String(e && e.message ? e.message : e) } };
  }
  if (current === req) {
    // not already answered by the uncaught-exception handler
    current = null;
    await send(reply);
  }
}

// Last resort: an exception no handler caught fails the request in flight, or the shim.
function onUncaught(e) {
  note(`uncaught: ${e && e.stack ? e.stack : e}`);
  if (current && !exiting) {
    const req = current;
    current = null;
    send({ id: req.id, error: { kind: 'subject-failure', message: `uncaught: ${e && e.message ? e.message : e}` } });
  } else if (!exiting) {
    process.exit(1);
  }
}
process.on('uncaughtException', onUncaught);
// rtcheck went away (EPIPE): nobody can read replies any more, so just clean up.
process.stdout.on('error', () => shutdown('stdout closed'));
process.on('unhandledRejection', onUncaught);

async function shutdown(reason) {
  if (exiting) return;
  exiting = true;
  note(`exiting (${reason}); closing ${pcs.size} peer connection(s)`);
  setTimeout(() => {
    note(`closing took over ${EXIT_GRACE_MS} ms; exiting anyway`);
    process.exit(0);
  }, EXIT_GRACE_MS).unref();
  await Promise.allSettled([...pcs].map(async (pc) => stack.close(pc)).concat([pcSessions.closeAll()]));
  try {
    stack.shutdown();
  } catch (e) {
    note(`shutdown: ${e.message}`);
  }
  process.exit(0);
}

const queue = [];
let running = false;
async function pump() {
  if (running) return;
  running = true;
  while (queue.length && !exiting) {
    const req = queue.shift();
    current = req;
    await handle(req);
    if (req.op === 'close') return shutdown('close');
  }
  running = false;
  if (stdinEnded) shutdown('stdin closed');
}

let stdinEnded = false;
const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on('line', (line) => {
  if (!line.trim()) return;
  let req;
  try {
    req = JSON.parse(line);
  } catch (e) {
    note(`ignoring a line that is not JSON: ${line.slice(0, 200)}`);
    return;
  }
  if (!req || typeof req !== 'object' || req.id === undefined) {
    note(`ignoring a request without id: ${line.slice(0, 200)}`);
    return;
  }
  queue.push(req);
  pump();
});
rl.on('close', () => {
  stdinEnded = true;
  if (!running) shutdown('stdin closed');
});
