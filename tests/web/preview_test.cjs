// End to end in a real browser: `sahelmap serve` on a free loopback port, the preview page in
// headless Chromium (Debian's, driven by playwright-core), the pixel over Niamey read from a
// screenshot: the AES colour today, ECOWAS after choosing 2023-07-01 in the date picker.
//   node tests/web/preview_test.cjs build/sahelmap   (SAHELMAP_NODE_MODULES=.cache/web/node_modules)
const path = require('path');
const { startServer } = require('./serve.cjs');

const modules = path.resolve(process.env.SAHELMAP_NODE_MODULES || path.join(__dirname, '..', '..', '.cache', 'web', 'node_modules'));
const { chromium } = require(path.join(modules, 'playwright-core'));
const { PNG } = require(path.join(modules, 'pngjs'));
const exe = process.argv[2];
const AES = [0xc0, 0x39, 0x2b];
const ECOWAS = [0x28, 0x74, 0xa6];
const NIAMEY = [13.5167, 2.1167];

async function pixelOverNiamey(page) {
  const pt = await page.evaluate(([lat, lon]) => {
    const p = window.sahelmap.map.latLngToContainerPoint([lat, lon]);
    return { x: Math.round(p.x), y: Math.round(p.y) };
  }, NIAMEY);
  const raw = await page.screenshot();
  if (process.env.SAHELMAP_SHOT) require('fs').writeFileSync(process.env.SAHELMAP_SHOT + '-' + Date.now() + '.png', raw);
  const shot = PNG.sync.read(raw);
  const i = (shot.width * pt.y + pt.x) * 4;
  return { at: pt, rgb: [shot.data[i], shot.data[i + 1], shot.data[i + 2]] };
}

function expectColour(got, want, what) {
  const ok = got.rgb.every((c, k) => Math.abs(c - want[k]) <= 4);
  const hex = (c) => '#' + c.map((v) => v.toString(16).padStart(2, '0')).join('');
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}: pixel at ${got.at.x},${got.at.y} is ${hex(got.rgb)}, want ${hex(want)}`);
  if (!ok) throw new Error(what);
}

// Every tile image of the map has loaded, for this date (not relying on Leaflet's events, which
// a busy machine can race).
function tilesLoaded(page, date) {
  return page.waitForFunction((d) => {
    const imgs = [...document.querySelectorAll('img.leaflet-tile')];
    return imgs.length > 0 && imgs.every((i) => i.complete && i.naturalWidth > 0 && i.src.includes('date=' + d));
  }, date, { timeout: 90000, polling: 100 });
}

// The legend (fetched on its own) names `present` and not `absent`.
async function legendShows(page, present, absent, what) {
  try {
    await page.waitForFunction(([p, a]) => {
      const t = document.getElementById('legend').textContent;
      return t.includes(p) && !(a && t.includes(a));
    }, [present, absent], { timeout: 10000, polling: 100 });
  } catch (e) {
    throw new Error(`${what}: the legend reads '${await page.textContent('#legend')}'`);
  }
}

(async () => {
  const { server, port } = startServer(exe);
  let browser;
  try {
    const p = await port;
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--no-proxy-server',
             '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage({ viewport: { width: 1000, height: 700 }, deviceScaleFactor: 1 });
    await page.goto(`http://127.0.0.1:${p}/?date=2026-11-22&labels=0&events=0`);
    await tilesLoaded(page, '2026-11-22');
    expectColour(await pixelOverNiamey(page), AES, 'Niamey on 2026-11-22 is AES');
    await legendShows(page, 'Sahel States', null, 'the legend on 2026-11-22 (the AES)');

    await page.fill('#date', '2023-07-01');
    await page.dispatchEvent('#date', 'change');
    await tilesLoaded(page, '2023-07-01');
    expectColour(await pixelOverNiamey(page), ECOWAS, 'Niamey on 2023-07-01 is ECOWAS');
    await legendShows(page, 'ECOWAS', 'Sahel States', 'the legend on 2023-07-01 (ECOWAS, no AES yet)');
    console.log('ok   the legend follows the date');
  } finally {
    if (browser) await browser.close();
    server.kill('SIGTERM');
  }
})().catch((e) => {
  console.error('preview test failed:', e.message);
  process.exit(1);
});
