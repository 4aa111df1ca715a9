// A stand-in for livekit-client: the SDK's REST calls are under test, not WebRTC. Every call the
// SDK makes on the room is recorded in globalThis.__livekit.calls (URLs, and tokens by length).
const names = () => new Proxy({}, { get: (_, key) => (typeof key === 'string' ? key : undefined) });

export const ConnectionQuality = names();
export const ParticipantEvent = names();
export const RoomEvent = names();
export const ConnectionState = names();
export const Track = { Kind: names(), Source: names() };
export const VideoPresets = { h720: { resolution: { width: 1280, height: 720, frameRate: 30 } } };

export async function createLocalAudioTrack() {
  throw new Error('livekit stub: no microphone in this test');
}

const record = (call, detail) => {
  globalThis.__livekit ??= { calls: [] };
  globalThis.__livekit.calls.push({ call, ...detail });
};

class Emitter {
  constructor() { this.listeners = new Map(); }
  on(event, listener) { this.listeners.set(event, listener); return this; }
  off(event) { this.listeners.delete(event); return this; }
}

export class Room extends Emitter {
  constructor(options) {
    super();
    record('new Room', { options });
    this.localParticipant = new Emitter();
    this.localParticipant.publishData = (data) => record('publishData', { bytes: data.length });
    // The SDK's WebRTC quality tracker reads the subscriber's RTCPeerConnection.
    const pc = {
      iceConnectionState: 'connected',
      connectionState: 'connected',
      getReceivers: () => [],
      getSenders: () => [],
    };
    this.engine = { pcManager: { subscriber: { _pc: pc } } };
    this.remoteParticipants = new Map();
  }
  async prepareConnection(url, token) {
    record('prepareConnection', { url, token_length: String(token).length });
  }
  async connect(url, token) {
    record('connect', { url, token_length: String(token).length });
  }
  async disconnect() {
    record('disconnect', {});
  }
}
