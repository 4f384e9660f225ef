// Cross-origin isolation gives the page SharedArrayBuffer, and so the CPU path a thread a core
// where there is no WebGPU. Without these headers it still works, on one thread.
const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default { server: { headers: isolation }, preview: { headers: isolation }, worker: { format: 'es' } };
