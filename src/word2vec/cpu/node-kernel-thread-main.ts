import { parentPort } from 'node:worker_threads';
import { serveKernels, type ThreadMessage } from './thread-service';

const port = parentPort!;
const serve = serveKernels((reply) => port.postMessage(reply));
port.on('message', (message: ThreadMessage) => serve(message));
