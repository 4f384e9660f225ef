// A CPU training thread (worker_threads): lets Node run the TypeScript sources in this thread too, then serves kernels.
import '../../../bin/register.mjs';

await import('./node-kernel-thread-main.ts');
