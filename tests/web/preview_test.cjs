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

const launchArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--no-proxy-server',
                    '--disable-background-networking', '--disable-component-update', '--disable-sync'];
let browser;
async function browser2() {
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: launchArgs });
  return browser.newPage({ viewport: { width: 1000, height: 700 }, deviceScaleFactor: 1 });
}

(async () => {
  const { server, port } = startServer(exe);
  try {
    const p = await port;
    const page = await browser2();
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
    // The panel's credit names the data by zoom (1:50m to zoom 5, 1:10m from 6), as the TileJSON does.
    const credit = await page.textContent('#credit');
    if (!credit.includes('1:50m') || !credit.includes('1:10m')) throw new Error(`the credit reads '${credit}'`);

    // What users get by default: names and events on. The markers' words are on the page: the
    // list by place, a popup where Niamey's marker is clicked; the partners named in the legend.
    await page.goto(`http://127.0.0.1:${p}/?date=2026-11-22`);
    await tilesLoaded(page, '2026-11-22');
    await legendShows(page, 'Security partner of Mali, Burkina Faso or Niger: Russia', null, 'the partners named in the legend');
    await page.waitForSelector('#event-panel:not([hidden])', { timeout: 10000 });
    const places = await page.$$eval('#event-list summary', (s) => s.map((x) => x.textContent));
    if (!places.includes('Niamey (11)')) throw new Error('the event list reads ' + places.join(' | '));
    const at = await page.evaluate(() => window.sahelmap.map.latLngToContainerPoint([13.5167, 2.1167]));
    await page.mouse.click(at.x, at.y);
    await page.waitForSelector('.leaflet-popup .popup', { timeout: 10000 });
    const popup = await page.textContent('.leaflet-popup .popup');
    if (!popup.includes('Russian flags raised on 15 Niamey roundabouts')) throw new Error('the popup reads ' + popup);
    console.log('ok   the events in words: a list by place, and a popup on the Niamey marker');

    // A phone: the panel is a sheet along the bottom with its key folded, and the four capitals
    // of the story are on the map above it; unfolded, the key lists the events in the sheet.
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    await phone.goto(`http://127.0.0.1:${p}/?date=2026-11-22`);
    await tilesLoaded(phone, '2026-11-22');
    const sheet = await phone.evaluate(() => {
      const r = document.getElementById('panel').getBoundingClientRect();
      const m = window.sahelmap.map;
      const capitals = [[13.5167, 2.1167], [12.65, -8.0], [12.37, -1.53], [9.06, 7.49]];  // Niamey, Bamako, Ouaga, Abuja
      return { top: r.top, open: document.getElementById('key').open,
               points: capitals.map((q) => m.latLngToContainerPoint(q)) };
    });
    if (sheet.open || sheet.top < 844 / 2 || sheet.points.some((q) => q.y < 0 || q.y >= sheet.top || q.x < 0 || q.x > 390))
      throw new Error('on a phone the panel hides the map: ' + JSON.stringify(sheet));
    await phone.click('#key > summary');
    await phone.waitForSelector('#event-panel:not([hidden])', { timeout: 10000 });
    const folded = await phone.$$eval('#event-list summary', (s) => s.map((x) => x.textContent));
    const height = await phone.evaluate(() => document.getElementById('panel').getBoundingClientRect().height);
    if (!folded.includes('Niamey (11)') || height > 0.45 * 844)
      throw new Error(`on a phone the unfolded key reads ${folded.join(' | ')} in ${height} px`);
    console.log('ok   on a phone the panel is a folded sheet along the bottom, the story\'s capitals above it');
  } finally {
    if (browser) await browser.close();
    browser = null;
    server.kill('SIGTERM');
  }

  // A title that is markup stays text, in the list and in the popup.
  const fs = require('fs');
  const os = require('os');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sahelmap-preview-'));
  const hostile = '<img src=x onerror="window.pwned=1">Flags & "quotes"';
  fs.writeFileSync(path.join(dir, 'events.geojson'), JSON.stringify({
    type: 'FeatureCollection',
    features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [2.1167, 13.5167] },
                 properties: { id: 'x', title: hostile, date: '2024-05-02', category: 'flags', place: '<b>Niamey</b>',
                               source: 'javascript:window.pwned=2', source_title: '<i>Agency</i>' } }],
  }));
  const second = startServer(exe, ['--events', path.join(dir, 'events.geojson')]);
  try {
    const p = await second.port;
    const page = await browser2();
    await page.goto(`http://127.0.0.1:${p}/?date=2026-11-22`);
    await page.waitForSelector('#event-panel:not([hidden])', { timeout: 30000 });
    await page.click('#event-list summary');
    const at = await page.evaluate(() => window.sahelmap.map.latLngToContainerPoint([13.5167, 2.1167]));
    await page.mouse.click(at.x, at.y);
    await page.waitForSelector('.leaflet-popup .popup', { timeout: 10000 });
    const text = await page.textContent('#event-list');
    const popup = await page.textContent('.leaflet-popup .popup');
    const injected = await page.evaluate(() => ({
      pwned: window.pwned,
      elements: document.querySelectorAll('#event-panel img, #event-panel b, #event-panel i, .leaflet-popup img').length,
      links: [...document.querySelectorAll('#event-panel a, .leaflet-popup .popup a')].map((a) => a.href),
    }));
    if (!text.includes(hostile) || !text.includes('<b>Niamey</b>') || !popup.includes(hostile) || injected.pwned ||
        injected.elements || injected.links.length)
      throw new Error('markup in event data was not kept as text: ' + JSON.stringify({ text, popup, injected }));
    console.log('ok   event titles, places and sources stay text; a javascript: source is no link');
  } finally {
    if (browser) await browser.close();
    second.server.kill('SIGTERM');
  }
})().catch((e) => {
  console.error('preview test failed:', e.message);
  process.exit(1);
});
