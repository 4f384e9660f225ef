/** Puppeteer drives Debian's Chromium; it must never download a browser of its own. */
module.exports = {
  skipDownload: true,
  executablePath: '/usr/bin/chromium',
};
