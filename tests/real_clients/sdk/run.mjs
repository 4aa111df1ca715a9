// HeyGen's JS SDK 2.1.0, run in node against the mock: createStartAvatar (as far as LiveKit),
// speak as a repeat/sync task, interrupt, start/stopListening, speak talk/sync, keepAlive, stopAvatar. Prints one JSON object: what each
// SDK call returned, what it did with LiveKit (stubbed) and the chat WebSocket (stubbed).
// Env: HEYGEN_BASE_URL, HEYGEN_SESSION_TOKEN (from create_token), HEYGEN_SDK_MODULES.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);

// Browser globals the SDK touches. The chat WebSocket opens at once and stays silent.
globalThis.window = globalThis;
const sockets = [];
globalThis.WebSocket = class extends EventTarget {
  constructor(url) {
    super();
    this.url = url;
    sockets.push(this);
    setTimeout(() => this.dispatchEvent(new Event('open')), 0);
  }
  send() {}
  close() { this.dispatchEvent(new Event('close')); }
};
globalThis.MediaStream = class {
  getVideoTracks() { return []; }
  getAudioTracks() { return []; }
  addTrack() {}
  removeTrack() {}
};

const sdk = await import('@heygen/streaming-avatar');
const StreamingAvatar = sdk.default;
const {
  AvatarQuality, ElevenLabsModel, VoiceEmotion, TaskType, TaskMode, STTProvider, VoiceChatTransport,
} = sdk;

const token = process.env.HEYGEN_SESSION_TOKEN;
const out = { steps: [] };
const step = async (name, call) => {
  try {
    const value = await call();
    out.steps.push({ name, ok: true, returned: value ?? null });
    return value;
  } catch (error) {
    out.steps.push({
      name, ok: false, error: String(error), status: error.status ?? null,
      responseText: error.responseText ?? null,
    });
    throw error;
  }
};

try {
  const avatar = new StreamingAvatar({ token, basePath: process.env.HEYGEN_BASE_URL });
  const info = await step('createStartAvatar', () => avatar.createStartAvatar({
    avatarName: 'Wayne_20240711',
    quality: AvatarQuality.Low,
    voice: {
      voiceId: '1bd001e7e50f421d891986aad5158bc8',
      rate: 1.2,
      emotion: VoiceEmotion.FRIENDLY,
      model: ElevenLabsModel.eleven_flash_v2_5,
      elevenlabsSettings: { stability: 0.5, similarity_boost: 0.75 },
    },
    language: 'en',
    knowledgeId: 'kb_2f0c9d7e',
    knowledgeBase: 'You are a helpful guide.',
    useSilencePrompt: false,
    sttSettings: { provider: STTProvider.DEEPGRAM, confidence: 0.55 },
    voiceChatTransport: VoiceChatTransport.WEBSOCKET,
    activityIdleTimeout: 300,
  }));
  // Tokens leave this process as lengths only.
  for (const key of ['access_token', 'livekit_agent_token']) {
    if (info && typeof info[key] === 'string') info[key] = `<${info[key].length} chars>`;
  }
  out.steps.at(-1).returned = info;
  await step('speak', () => avatar.speak({
    text: 'Hello, welcome to our store. How can I help you today?',
    taskType: TaskType.REPEAT,
    taskMode: TaskMode.SYNC,
  }));
  await step('interrupt', () => avatar.interrupt());
  await step('startListening', () => avatar.startListening());
  await step('stopListening', () => avatar.stopListening());
  // talk + sync goes over REST too (talk + async would use the WebSocket, esm:1015-1023).
  await step('speak talk', () => avatar.speak({
    text: 'What are your opening hours?', taskType: TaskType.TALK, taskMode: TaskMode.SYNC,
  }));
  await step('keepAlive', () => avatar.keepAlive());
  await step('stopAvatar', () => avatar.stopAvatar());
} catch {
  // recorded in out.steps
}
out.livekit = globalThis.__livekit?.calls ?? [];
out.websockets = sockets.map((s) => s.url.replace(/session_token=[^&]*/, 'session_token=<token>'));
process.stdout.write(JSON.stringify(out) + '\n');
process.exit(0);
