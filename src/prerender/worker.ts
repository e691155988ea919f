/**
 * The prerender worker thread (started by worker-client.fs.ts): loads the same prerender
 * bundle Astro's own prerenderer loads on the main thread and renders the pages it is sent,
 * one at a time in the order they arrive. Each answer carries the request's id; a page that
 * fails to render is answered with its error, never thrown (that would end the worker).
 *
 * Astro's build app needs two things from the build beyond the bundle: each page's
 * stylesheets (the `pages` map Astro hands to integrations) and the scripts integrations
 * inject; both are cloned into the worker as plain data.
 */
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { installWorkerImages } from './images.ts';
import { describeError, type FromWorker, type ToWorker, type WorkerSetup } from './protocol.ts';

interface BuildApp {
  manifest: { routes: { routeData: { route: string; component: string } }[] };
  setInternals(internals: unknown): void;
  setOptions(options: unknown): void;
  render(request: Request, options: { routeData: unknown }): Promise<Response>;
}

const port = parentPort!;
const send = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
const setup = workerData as WorkerSetup;

// Before the bundle loads: pages read Astro's image registry from globalThis while they render.
const referencedImages = installWorkerImages(setup.images, (args) => send({ image: args }));

async function start(): Promise<BuildApp> {
  const { app } = (await import(pathToFileURL(setup.entry).href)) as { app: BuildApp };
  app.setInternals({ pagesByKeys: new Map(setup.pages), entrySpecifierToBundleMap: new Map() });
  app.setOptions({
    settings: { scripts: setup.scripts },
    logger: {
      options: {
        destination: {
          // Warnings and errors reach the build log through the main thread; the rest is per-page noise.
          write(event: { level: string; label: string | null; message: string }) {
            if (event.level === 'warn' || event.level === 'error') send({ log: { level: event.level, label: event.label, message: event.message } });
            return true;
          },
        },
      },
    },
  });
  return app;
}

try {
  const app = await start();
  const routes = new Map(app.manifest.routes.map(({ routeData }) => [`${routeData.route}\n${routeData.component}`, routeData]));
  let queue = Promise.resolve();
  port.on('message', (message: ToWorker) => {
    if ('collect' in message) {
      queue = queue.then(() => send({ referencedImages: referencedImages() }));
      return;
    }
    const { id, url, route, component } = message;
    queue = queue.then(async () => {
      const started = performance.now();
      try {
        const routeData = routes.get(`${route}\n${component}`);
        if (!routeData) throw new Error(`The prerender bundle has no route ${route} (${component}).`);
        const response = await app.render(new Request(url), { routeData });
        const hasBody = response.body !== null;
        const body = await response.arrayBuffer();
        const page = { status: response.status, statusText: response.statusText, headers: [...response.headers], body, hasBody, millis: performance.now() - started };
        send({ id, page }, [body]);
      } catch (error) {
        send({ id, error: describeError(error) });
      }
    });
  });
  send({ ready: true });
} catch (error) {
  send({ startupError: describeError(error) });
}
