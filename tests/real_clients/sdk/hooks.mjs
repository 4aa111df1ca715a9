// Module resolution for the SDK run: 'livekit-client' is our stub (no WebRTC in node), and
// '@heygen/streaming-avatar' comes from the throw-away install named by HEYGEN_SDK_MODULES.
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const stub = new URL('./livekit_stub.mjs', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'livekit-client') {
    return { url: stub, shortCircuit: true };
  }
  if (specifier === '@heygen/streaming-avatar') {
    const modules = process.env.HEYGEN_SDK_MODULES;
    const entry = path.join(modules, '@heygen', 'streaming-avatar', 'lib', 'index.esm.js');
    return { url: pathToFileURL(entry).href, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}
