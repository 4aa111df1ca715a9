// Module resolution for the LiveAvatar SDK run: 'livekit-client' is our stub (no WebRTC in node),
// '@heygen/liveavatar-web-sdk' comes from the throw-away install named by LIVEAVATAR_SDK_MODULES,
// and 'webrtc-issue-detector' is loaded from its "module" build, as the browser bundlers the SDK
// is made for load it (node's CommonJS interop would hand the SDK an object, not the class).
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const stub = new URL('./livekit_stub.mjs', import.meta.url).href;
const inModules = (...parts) => pathToFileURL(path.join(process.env.LIVEAVATAR_SDK_MODULES, ...parts)).href;
const detector = () => inModules('webrtc-issue-detector', 'dist', 'bundle-esm.js');

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'livekit-client') {
    return { url: stub, shortCircuit: true };
  }
  if (specifier === '@heygen/liveavatar-web-sdk') {
    return { url: inModules('@heygen', 'liveavatar-web-sdk', 'lib', 'index.esm.js'), shortCircuit: true };
  }
  if (specifier === 'webrtc-issue-detector') {
    return { url: detector(), shortCircuit: true };
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (url === detector()) {
    return nextLoad(url, { ...context, format: 'module' });
  }
  return nextLoad(url, context);
}
