// The vector preview in Debian's headless Chromium (WebGL through SwiftShader), MapLibre GL JS
// served by sahelmap: Niger is ECOWAS blue on 2023-07-01 and AES red on 2025-06-01 after the date
// is moved, striped from the style's sprite on 2024-07-06, and moving it requests no tile at all
// (every date is in the tiles). Twice: tiles cut
// on demand, and a PMTiles archive served whole and read by HTTP ranges (pmtiles://). Names and
// events on (the default).
//   node tests/web/vector_test.cjs build/sahelmap   (SAHELMAP_NODE_MODULES=.cache/web/node_modules)
const path = require('path');
const fs = require('fs');
const os = require('os');
const { execFileSync } = require('child_process');
const { startServer } = require('./serve.cjs');

const modules = path.resolve(process.env.SAHELMAP_NODE_MODULES || path.join(__dirname, '..', '..', '.cache', 'web', 'node_modules'));
const { chromium } = require(path.join(modules, 'playwright-core'));
const { PNG } = require(path.join(modules, 'pngjs'));
const exe = process.argv[2];
const AES = [0xc0, 0x39, 0x2b];
const ECOWAS = [0x28, 0x74, 0xa6];
const LEAVING = [0x96, 0xd1, 0xb4];  // ECOWAS, notice given: the stripes over the AES
const IN_NIGER = [[11, 15.5], [6, 17.5], [9, 18.5]];  // lon, lat: away from names and markers

async function nigerColours(page) {
  const pts = await page.evaluate((lonlats) => lonlats.map((p) => window.sahelmap.map.project(p)), IN_NIGER);
  const shot = PNG.sync.read(await page.screenshot());
  return pts.map((p) => {
    const i = (shot.width * Math.round(p.y) + Math.round(p.x)) * 4;
    return [shot.data[i], shot.data[i + 1], shot.data[i + 2]];
  });
}

const near = (a, b) => a.every((v, i) => Math.abs(v - b[i]) <= 6);

// Shares of a 24-px square around `lonlat` near each of `colours`.
async function patchShares(page, lonlat, colours) {
  const p = await page.evaluate((ll) => window.sahelmap.map.project(ll), lonlat);
  const shot = PNG.sync.read(await page.screenshot());
  const counts = colours.map(() => 0);
  let all = 0;
  for (let y = Math.round(p.y) - 12; y < Math.round(p.y) + 12; y++)
    for (let x = Math.round(p.x) - 12; x < Math.round(p.x) + 12; x++) {
      const i = (shot.width * y + x) * 4;
      const c = [shot.data[i], shot.data[i + 1], shot.data[i + 2]];
      colours.forEach((k, j) => { if (near(c, k)) counts[j]++; });
      all++;
    }
  return counts.map((n) => n / all);
}

// One scenario: a server started with `serverArgs`, the page with `query`; `what` counts the
// requests that fetch tile data (tile URLs, or ranges of the archive).
async function scenario(browser, label, serverArgs, query, what) {
  const { server, port } = startServer(exe, serverArgs);
  try {
    const p = await port;
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    let tileRequests = 0;
    let spriteRequests = 0;
    const missing = [];
    page.on('request', (r) => {
      if (what.test(r.url())) tileRequests++;
      if (/\/sprite(@2x)?\.png$/.test(r.url())) spriteRequests++;
    });
    page.on('console', (m) => { const t = m.text(); if (/Image ".*" could not be loaded/.test(t)) missing.push(t); });
    await page.goto(`http://127.0.0.1:${p}/vector.html?date=2023-07-01${query}`);
    await page.waitForFunction(() => window.sahelmap && window.sahelmap.ready, null, { timeout: 60000 });
    await page.evaluate(() => window.sahelmap.ready);
    const credit = await page.textContent('#credit');
    if (!credit.includes('1:50m')) throw new Error(`${label}: the credit reads '${credit}'`);
    const before = await nigerColours(page);
    const requested = tileRequests;
    if (requested === 0) throw new Error(`${label}: no tile data was requested`);
    if (!before.every((c) => near(c, ECOWAS))) throw new Error(`${label}: Niger on 2023-07-01 is ${JSON.stringify(before)}, not ECOWAS ${ECOWAS}`);

    // Move the date with the page's own control, then wait until the map has drawn it.
    await page.fill('#date', '2025-06-01');
    await page.dispatchEvent('#date', 'change');
    await page.waitForFunction(() => document.querySelector('#legend').textContent.includes('Confederation'), null, { timeout: 30000 });
    await page.evaluate(() => new Promise((r) => { window.sahelmap.map.once('idle', r); window.sahelmap.map.triggerRepaint(); }));
    const after = await nigerColours(page);
    if (!after.every((c) => near(c, AES))) throw new Error(`${label}: Niger on 2025-06-01 is ${JSON.stringify(after)}, not AES ${AES}`);
    if (tileRequests !== requested) throw new Error(`${label}: moving the date made ${tileRequests - requested} more requests for tiles`);

    // The stripes of double membership come from the style's sprite, not from code in our page,
    // so any MapLibre page draws them: on 2024-07-06 Niger is AES red striped with the green of
    // leaving ECOWAS.
    await page.fill('#date', '2024-07-06');
    await page.dispatchEvent('#date', 'change');
    await page.waitForFunction(() => document.querySelector('#legend').textContent.includes('Leaving'), null, { timeout: 30000 });
    await page.evaluate(() => new Promise((r) => { window.sahelmap.map.once('idle', r); window.sahelmap.map.triggerRepaint(); }));
    const striped = await patchShares(page, IN_NIGER[0], [AES, LEAVING]);
    if (!(striped[0] > 0.2 && striped[1] > 0.15))
      throw new Error(`${label}: Niger on 2024-07-06 is ${Math.round(striped[0] * 100)} % AES and ${Math.round(striped[1] * 100)} % stripes`);
    if (!spriteRequests) throw new Error(`${label}: the sprite was never requested`);
    if (missing.length) throw new Error(`${label}: MapLibre found no image for ${missing.join(', ')}`);
    if (tileRequests !== requested) throw new Error(`${label}: a new date made ${tileRequests - requested} more requests for tiles`);
    if (errors.length) throw new Error(`${label}: page errors: ` + errors.join('; '));
    console.log(`${label}: ECOWAS, AES, then AES striped with leaving ECOWAS over Niger (sprite), ${requested} requests for tile data, none for a new date`);
    await page.close();
  } finally {
    server.kill('SIGTERM');
  }
}

(async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sahelmap-vector-'));
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist'],
    });
    // Tiles cut on demand by the server.
    await scenario(browser, 'vector tiles on demand', [], '', /\/vector\/\d+\/\d+\/\d+\.pbf/);
    // An archive made by `tiles`, read by ranges through MapLibre's pmtiles:// protocol.
    const archive = path.join(tmp, 'sahel.pmtiles');
    execFileSync(exe, ['tiles', '--format', 'mvt', '--zooms', '0-6', '--bbox', '-30,-5,45,40', '-o', archive], { stdio: 'inherit' });
    await scenario(browser, 'PMTiles archive by ranges', ['--pmtiles', archive], '&archive=1', /\/archive\.pmtiles/);
  } finally {
    if (browser) await browser.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
})().catch((e) => {
  console.error('vector preview: ' + e.message);
  process.exit(1);
});
