#!/usr/bin/env bash
# Refresh the committed front-end assets from the npm registry (versions pinned in
# package.json). Run by `make assets`; the results under static/ are committed so that
# neither `make run` nor production needs Node.js or a CDN.
set -euo pipefail
cd "$(dirname "$0")/.."
npm install --no-audit --no-fund --no-save
mkdir -p static/fonts static/vendor static/vendor/workbox
cp node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf node_modules/dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf static/fonts/
cp node_modules/dejavu-fonts-ttf/LICENSE static/fonts/LICENSE-DejaVu.txt
# The BarcodeDetector ponyfill (zxing-cpp compiled to WebAssembly) for browsers without a native
# BarcodeDetector; its .wasm is served from our static files, never from a CDN.
cp node_modules/barcode-detector/dist/iife/ponyfill.js static/vendor/barcode-detector-ponyfill.js
cp node_modules/zxing-wasm/dist/reader/zxing_reader.wasm static/vendor/zxing_reader.wasm
cp node_modules/barcode-detector/LICENSE static/vendor/LICENSE-barcode-detector.txt
cp node_modules/signature_pad/dist/signature_pad.umd.min.js node_modules/signature_pad/dist/signature_pad.umd.min.js.map static/vendor/
# The door page offline: idb (IndexedDB with promises) for the roster and the queue of scans, and
# Workbox for its service worker. workbox-sw loads its modules with importScripts from the URLs
# the service worker names (registration/door_views.py), never from Google's CDN; only the
# production builds are copied, with their source maps (collectstatic's manifest follows them).
cp node_modules/idb/build/umd.js static/vendor/idb.umd.js
cp node_modules/idb/LICENSE static/vendor/LICENSE-idb.txt
cp node_modules/workbox-sw/build/workbox-sw.js node_modules/workbox-sw/build/workbox-sw.js.map static/vendor/workbox/
for module in core precaching routing strategies; do
  cp "node_modules/workbox-$module/build/workbox-$module.prod.js" \
     "node_modules/workbox-$module/build/workbox-$module.prod.js.map" static/vendor/workbox/
done
cp node_modules/workbox-window/build/workbox-window.prod.umd.js \
   node_modules/workbox-window/build/workbox-window.prod.umd.js.map static/vendor/workbox/
cp node_modules/workbox-sw/LICENSE static/vendor/workbox/LICENSE-workbox.txt
echo "assets vendored into static/"
