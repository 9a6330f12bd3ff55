// No browser download works on our machines; docs tests use Debian's chromium.
module.exports = { skipDownload: true };
