// A CPU training thread in a browser (a Web Worker started by the training worker): serves the
// kernels' twin on memory shared with it. It says it is ready first, so that it can be started
// before it is needed.
import { serveKernels, type ThreadMessage } from '../word2vec/cpu/thread-service';

const serve = serveKernels((reply) => postMessage(reply));
self.onmessage = (event: MessageEvent<ThreadMessage>) => serve(event.data);
postMessage('ready');
