// Before the tests: the system packages they need (Debian's Chromium for the browser tests and
// its SwiftShader for WebGPU without a GPU, the Vulkan loader for Dawn in Node, gensim as the
// peer). As root it installs what is missing with apt-get; otherwise it stops with the command.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const needs = [
  { pkg: 'chromium', present: () => existsSync('/usr/bin/chromium') && existsSync('/usr/lib/chromium/vk_swiftshader_icd.json') },
  { pkg: 'libvulkan1', present: () => ['/usr/lib/x86_64-linux-gnu/libvulkan.so.1', '/usr/lib/aarch64-linux-gnu/libvulkan.so.1'].some(existsSync) },
  { pkg: 'python3-gensim', present: () => existsSync('/usr/bin/python3') && run('/usr/bin/python3', ['-c', 'import gensim']) },
];

function run(cmd, args) {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const missing = needs.filter((n) => !n.present()).map((n) => n.pkg);
if (missing.length > 0) {
  const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    console.error(`The tests need Debian packages that are missing: ${missing.join(', ')}.\nInstall them as root:\n  ${command}`);
    process.exit(1);
  }
  console.log(`Installing ${missing.join(', ')} (${command})`);
  execFileSync('sh', ['-c', `${command} >/dev/null`], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  const still = needs.filter((n) => !n.present()).map((n) => n.pkg);
  if (still.length > 0) {
    console.error(`Still missing after apt-get: ${still.join(', ')}. Install them by hand: ${command}`);
    process.exit(1);
  }
}
