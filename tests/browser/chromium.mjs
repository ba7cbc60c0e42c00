// How the browser tests start Debian's chromium on these machines: without
// the background-networking flags it keeps trying to reach Google's hosts,
// which the closed network refuses.
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
];
