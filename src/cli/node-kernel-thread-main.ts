import { parentPort } from 'node:worker_threads';
import { serveKernels, type ThreadMessage } from '../word2vec/cpu/thread-service';

const port = parentPort!;
const serve = serveKernels((reply) => port.postMessage(reply));
port.on('message', (message: ThreadMessage) => serve(message));
