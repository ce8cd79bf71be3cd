// Draws web/public/favicon.ico from web/public/favicon.svg (run once after changing the SVG):
//   node scripts/favicon.mjs
// Chromium (the browser tests' own) renders the SVG at 16, 32 and 48 pixels; the three PNG images
// are packed into one ICO file (ICONDIR + ICONDIRENTRY headers, PNG payloads, as browsers and
// Windows have read since Vista). Browsers that ask for /favicon.ico without reading the page's
// <link rel="icon"> get it; the others use the SVG.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../tests/browser/helpers.mjs';

const publicDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web/public');
const svg = readFileSync(path.join(publicDir, 'favicon.svg'), 'utf8');
const sizes = [16, 32, 48];

const browser = await launchBrowser();
const images = [];
for (const size of sizes) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(`<style>html,body{margin:0}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`);
  images.push(await page.screenshot({ omitBackground: true }));
  await page.close();
}
await browser.close();

const header = Buffer.alloc(6 + 16 * sizes.length);
header.writeUInt16LE(0, 0); // reserved
header.writeUInt16LE(1, 2); // type: icon
header.writeUInt16LE(sizes.length, 4);
let offset = header.length;
sizes.forEach((size, i) => {
  const entry = 6 + 16 * i;
  header.writeUInt8(size, entry); // width (0 would mean 256)
  header.writeUInt8(size, entry + 1); // height
  header.writeUInt8(0, entry + 2); // no palette
  header.writeUInt8(0, entry + 3); // reserved
  header.writeUInt16LE(1, entry + 4); // colour planes
  header.writeUInt16LE(32, entry + 6); // bits per pixel
  header.writeUInt32LE(images[i].length, entry + 8);
  header.writeUInt32LE(offset, entry + 12);
  offset += images[i].length;
});
writeFileSync(path.join(publicDir, 'favicon.ico'), Buffer.concat([header, ...images]));
console.log(`web/public/favicon.ico: ${offset} bytes (${sizes.join(', ')} px)`);
