#!/usr/bin/env node
// Draws media/icon.png (the 128×128 marketplace icon) from the activity-bar glyph media/isms.svg:
// the same shield and lines, white on the gallery banner's blue, rendered by headless Chromium.
//   node scripts/gen-icon.mjs   (needs Debian's chromium, as the integration tests do)
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { findChromium } from './vscode-host.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BANNER = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).galleryBanner.color;
const glyph = readFileSync(join(root, 'media', 'isms.svg'), 'utf8')
  .replace(/width="24" height="24"/, 'width="88" height="88"')
  .replace(/stroke="#C5C5C5"/, 'stroke="#FFFFFF"')
  .replace(/stroke-width="1.6"/, 'stroke-width="1.7"');
const html = `<!doctype html><html><body style="margin:0;background:transparent">
<div style="width:128px;height:128px;border-radius:24px;background:${BANNER};display:flex;align-items:center;justify-content:center">${glyph}</div>
</body></html>`;

const browser = await chromium.launch({ executablePath: findChromium(), headless: true, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
  await page.setContent(html);
  await page.screenshot({ path: join(root, 'media', 'icon.png'), omitBackground: true, clip: { x: 0, y: 0, width: 128, height: 128 } });
  console.log('wrote media/icon.png');
} finally {
  await browser.close();
}
