// The Streaming SDK's stand-in for livekit-client (../sdk/livekit_stub.mjs), plus what the
// LiveAvatar SDK also imports and reads: TrackEvent, supportsAdaptiveStream/Dynacast, the room's
// `state` (its cleanup disconnects a "connected" room) and removeAllListeners.
import { Room as StreamingRoom } from '../sdk/livekit_stub.mjs';

export * from '../sdk/livekit_stub.mjs';

export const TrackEvent = new Proxy({}, { get: (_, key) => (typeof key === 'string' ? key : undefined) });
export const supportsAdaptiveStream = () => false;
export const supportsDynacast = () => false;

export class Room extends StreamingRoom {
  constructor(options) {
    super(options);
    this.state = 'disconnected';
    this.localParticipant.removeAllListeners = () => this.localParticipant.listeners.clear();
    this.localParticipant.getTrackPublications = () => []; // no microphone in this test
  }
  async connect(url, token) {
    await super.connect(url, token);
    this.state = 'connected';
    // Whoever the test says is in the room (LiveAvatar's avatar and agent) is there on connect.
    for (const identity of globalThis.__livekit.remoteIdentities ?? []) {
      this.remoteParticipants.set(identity, { identity });
    }
  }
  async disconnect() {
    await super.disconnect();
    this.state = 'disconnected';
  }
  removeAllListeners() {
    this.listeners.clear();
    return this;
  }
}
