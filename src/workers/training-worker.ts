// The library's own worker (started by `trainInWorker`): serves training, queries and documents.
import { serveWorker, type WorkerScope } from './worker-service';

serveWorker(self as unknown as WorkerScope);
