#!/usr/bin/env bash
# Refresh the committed front-end assets from the npm registry (versions pinned in
# package.json). Run by `make assets`; the results under static/ are committed so that
# neither `make run` nor production needs Node.js or a CDN.
set -euo pipefail
cd "$(dirname "$0")/.."
npm install --no-audit --no-fund --no-save
mkdir -p static/fonts static/vendor
cp node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf node_modules/dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf static/fonts/
cp node_modules/dejavu-fonts-ttf/LICENSE static/fonts/LICENSE-DejaVu.txt
# The BarcodeDetector ponyfill (zxing-cpp compiled to WebAssembly) for browsers without a native
# BarcodeDetector; its .wasm is served from our static files, never from a CDN.
cp node_modules/barcode-detector/dist/iife/ponyfill.js static/vendor/barcode-detector-ponyfill.js
cp node_modules/zxing-wasm/dist/reader/zxing_reader.wasm static/vendor/zxing_reader.wasm
cp node_modules/barcode-detector/LICENSE static/vendor/LICENSE-barcode-detector.txt
cp node_modules/signature_pad/dist/signature_pad.umd.min.js node_modules/signature_pad/dist/signature_pad.umd.min.js.map static/vendor/
echo "assets vendored into static/"
