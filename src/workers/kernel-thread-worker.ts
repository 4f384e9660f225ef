// A CPU training thread of the page (a Web Worker started by the page's worker): serves the kernels' twin
// on memory shared with it. It says it is ready first, so that the page can start it before it needs it.
import { serveKernels, type ThreadMessage } from '../index';

const serve = serveKernels((reply) => postMessage(reply));
self.onmessage = (event: MessageEvent<ThreadMessage>) => serve(event.data);
postMessage('ready');
