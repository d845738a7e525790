import { type RunningDemo, startDemo } from '../../demo/start-demo.js';
import { createOfflineApp, type OfflineApp } from './offline-app.js';

/** The real demo on ephemeral ports, and the app's wiring on the fake Electron beside it. */
export async function startDemoWithOfflineApp(): Promise<{ demo: RunningDemo; app: OfflineApp }> {
  const demo = await startDemo({ providerPort: 0, apiPort: 0 });
  return { demo, app: await createOfflineApp() };
}

/** Stop what {@link startDemoWithOfflineApp} started. */
export async function stopDemoWithOfflineApp(started: { demo: RunningDemo; app: OfflineApp }): Promise<void> {
  await started.app.cleanup();
  await started.demo.close();
}
