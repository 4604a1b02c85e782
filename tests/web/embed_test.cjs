// The SVG and the web embed in Debian's headless Chromium (driven by playwright-core), with what
// users get: names and events on.
// - The SVG drawn by Chromium agrees with the PNG on at least 95% of pixels (per channel within 24).
// - `render -o map.html` at 375 and 1280 CSS px: the map is role="img" labelled by the title and a
//   long description; the phone shows fewer labels, its legend and event list below the map;
//   no two text boxes overlap, no text under 12 CSS px,
//   no text outside the map's frame, no horizontal scroll bar; dark mode shows the dark artboard
//   and page; the page makes no network request; each callout's words fill its box as on the
//   poster (the art scales with the frame, so must the text: words at their px size in a box
//   drawn 1.3x once left a third of it empty).
// - Hostile event titles (<script>, quotes, &, ]]>, </text>) are shown as text in the SVG and the
//   page, and no script runs.
//   node tests/web/embed_test.cjs build/sahelmap   (SAHELMAP_NODE_MODULES=.cache/web/node_modules)
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const modules = path.resolve(process.env.SAHELMAP_NODE_MODULES || path.join(__dirname, '..', '..', '.cache', 'web', 'node_modules'));
const { chromium } = require(path.join(modules, 'playwright-core'));
const { PNG } = require(path.join(modules, 'pngjs'));
const exe = path.resolve(process.argv[2]);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sahelmap-embed-'));
const failures = [];
const check = (cond, what) => { if (!cond) failures.push(what); };
const render = (out, ...args) => execFileSync(exe, ['render', '-o', path.join(work, out), ...args], { stdio: ['ignore', 'ignore', 'inherit'] });

// Hostile titles on two real events.
const events = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'shapes', 'events.geojson'), 'utf8'));
const NASTY = ['<script>window.__pwned=1</script> & "quotes"', "]]> </text> 'single' <img src=x onerror=\"window.__pwned=2\">"];
events.features[events.features.length - 1].properties.title = NASTY[0];
events.features[events.features.length - 2].properties.title = NASTY[1];
fs.writeFileSync(path.join(work, 'hostile.geojson'), JSON.stringify(events));

render('map.png');
render('map.svg');
render('map.html');
render('hostile.html', '--events', path.join(work, 'hostile.geojson'));
render('hostile.svg', '--events', path.join(work, 'hostile.geojson'));

function agreement(a, b, tol) {
  if (a.width !== b.width || a.height !== b.height) return 0;
  let same = 0;
  for (let i = 0; i < a.data.length; i += 4)
    if (Math.abs(a.data[i] - b.data[i]) <= tol && Math.abs(a.data[i + 1] - b.data[i + 1]) <= tol &&
        Math.abs(a.data[i + 2] - b.data[i + 2]) <= tol) same++;
  return same / (a.width * a.height);
}

// What the visible page shows: text boxes of the map, fonts of everything with text, scroll.
async function inspect(page) {
  return page.evaluate(() => {
    const visible = (el) => el.offsetParent !== null || getComputedStyle(el).position === 'fixed';
    const frames = [...document.querySelectorAll('.frame')].filter(visible);
    const boxes = [];
    for (const f of frames)
      for (const t of f.querySelectorAll('.t')) {
        const r = t.getBoundingClientRect();
        boxes.push({ text: t.textContent, x: r.x, y: r.y, w: r.width, h: r.height });
      }
    const small = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!n.textContent.trim() || !visible(el) || el.closest('details:not([open])')) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < 12) small.push(`${size}px: ${n.textContent.trim().slice(0, 40)}`);
    }
    // Each callout's box and the words whose centre lies in it: how far across they reach.
    const callouts = [];
    for (const f of frames)
      for (const g of f.querySelectorAll('g[id*="-callout-"]')) {
        const rect = g.querySelector('rect');
        if (!rect) continue;
        const b = rect.getBoundingClientRect();
        const inside = boxes.filter((t) => t.x + t.w / 2 > b.x && t.x + t.w / 2 < b.x + b.width &&
                                           t.y + t.h / 2 > b.y && t.y + t.h / 2 < b.y + b.height);
        if (!inside.length) continue;
        const right = Math.max(...inside.map((t) => t.x + t.w)), bottom = Math.max(...inside.map((t) => t.y + t.h));
        callouts.push({ id: g.id, fill: (right - b.x) / b.width, fillY: (bottom - b.y) / b.height,
                        out: right > b.x + b.width + 0.5 || bottom > b.y + b.height + 0.5 });
      }
    const fr = frames[0] ? frames[0].getBoundingClientRect() : null;
    // The map's accessible name and description, and what sits below it.
    const board = [...document.querySelectorAll('.ab')].find(visible);
    const top = (sel) => { const el = board && board.querySelector(sel); return el && visible(el) ? el.getBoundingClientRect().top : null; };
    const a11y = frames[0] && {
      role: frames[0].getAttribute('role'),
      labels: (frames[0].getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean)
        .map((id) => (document.getElementById(id) || { textContent: '' }).textContent.trim()),
    };
    const below = { legend: top('.legend'), events: top('.events'),
                    items: board && board.querySelector('.events') ? board.querySelector('.events').children.length : 0 };
    return {
      boards: [...document.querySelectorAll('.ab')].filter(visible).map((s) => s.className),
      frame: fr && { x: fr.x, y: fr.y, w: fr.width, h: fr.height },
      boxes, small, callouts, a11y, below,
      scroll: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      background: getComputedStyle(document.body).backgroundColor,
      scripts: document.querySelectorAll('script').length,
      pwned: window.__pwned,
      text: document.body.innerText,
    };
  });
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--font-render-hinting=none'],
  });
  try {
    // 1. The SVG against the PNG.
    const png = PNG.sync.read(fs.readFileSync(path.join(work, 'map.png')));
    const page = await browser.newPage({ viewport: { width: png.width, height: png.height }, deviceScaleFactor: 1 });
    await page.goto('file://' + path.join(work, 'map.svg'));
    const shot = PNG.sync.read(await page.screenshot());
    const share = agreement(png, shot, 24);
    console.log(`SVG in Chromium agrees with the PNG on ${(100 * share).toFixed(2)}% of pixels`);
    check(share >= 0.95, `SVG in Chromium agrees with the PNG on only ${(100 * share).toFixed(2)}% of pixels`);
    await page.close();

    // 2. The embed at a phone's and a desktop's width, light and dark.
    const labelsAt = {};
    for (const [width, scheme, board] of [[375, 'light', 'ab-phone-light'], [1280, 'light', 'ab-desktop-light'],
                                          [375, 'dark', 'ab-phone-dark'], [1280, 'dark', 'ab-desktop-dark'],
                                          [800, 'light', 'ab-tablet-light']]) {
      const p = await browser.newPage({ viewport: { width, height: 900 }, deviceScaleFactor: 1, colorScheme: scheme });
      const requests = [];
      p.on('request', (r) => requests.push(r.url()));
      await p.goto('file://' + path.join(work, 'map.html'));
      const r = await inspect(p);
      const at = `${width} px ${scheme}`;
      check(r.boards.length === 1 && r.boards[0].includes(board), `${at}: shows ${JSON.stringify(r.boards)}, not ${board}`);
      check(r.boxes.length > 5, `${at}: only ${r.boxes.length} text boxes on the map`);
      labelsAt[at] = r.boxes.length;
      check(r.a11y && r.a11y.role === 'img' && r.a11y.labels.length === 2 && r.a11y.labels.every((t) => t.length > 20),
            `${at}: the map is not role="img" with a title and a long description: ${JSON.stringify(r.a11y)}`);
      if (width === 375)  // the phone: legend and every event's words below the map
        check(r.below.legend >= r.frame.y + r.frame.h && r.below.events >= r.frame.y + r.frame.h && r.below.items >= 20,
              `${at}: legend and event list not below the map: ${JSON.stringify(r.below)}, map ends at ${r.frame.y + r.frame.h}`);
      for (let i = 0; i < r.boxes.length; i++)
        for (let j = i + 1; j < r.boxes.length; j++) {
          const a = r.boxes[i], b = r.boxes[j];
          const ox = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x), oy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
          if (ox > 0.5 && oy > 0.5) failures.push(`${at}: '${a.text}' overlaps '${b.text}' (${ox.toFixed(1)} x ${oy.toFixed(1)} px)`);
        }
      for (const b of r.boxes)
        if (b.x < r.frame.x - 0.5 || b.y < r.frame.y - 0.5 || b.x + b.w > r.frame.x + r.frame.w + 0.5 ||
            b.y + b.h > r.frame.y + r.frame.h + 0.5)
          failures.push(`${at}: '${b.text}' reaches outside the map's frame`);
      for (const s of r.small) failures.push(`${at}: text under 12 CSS px: ${s}`);
      for (const c of r.callouts) {
        console.log(`${at}: ${c.id}: words reach ${(100 * c.fill).toFixed(0)}% across and ${(100 * c.fillY).toFixed(0)}% down its box`);
        check(!c.out && c.fill >= 0.85 && c.fillY >= 0.8, `${at}: ${c.id}: words reach ${(100 * c.fill).toFixed(0)}% across and ${(100 * c.fillY).toFixed(0)}% down its box${c.out ? ', beyond it' : ''}`);
      }
      check(r.scroll <= 0, `${at}: horizontal scroll of ${r.scroll} px`);
      const dark = r.background !== 'rgb(255, 255, 255)';
      check(dark === (scheme === 'dark'), `${at}: page background ${r.background}`);
      const foreign = requests.filter((u) => !u.startsWith('file://') && !u.startsWith('data:'));
      check(foreign.length === 0 && requests.length === 1, `${at}: requests ${JSON.stringify(requests)}`);
      if (width === 375 && scheme === 'light') await p.screenshot({ path: path.join(work, 'phone.png'), fullPage: true });
      await p.close();
    }

    console.log(`text boxes on the map: ${JSON.stringify(labelsAt)}`);
    check(labelsAt['375 px light'] < labelsAt['1280 px light'], 'the phone does not show fewer labels than the desktop');

    // 3. Hostile titles: shown, never run.
    for (const file of ['hostile.html', 'hostile.svg']) {
      const p = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await p.goto('file://' + path.join(work, file));
      await p.waitForTimeout(200);
      const r = await inspect(p).catch(() => null) || await p.evaluate(() => ({ scripts: document.querySelectorAll('script').length, pwned: window.__pwned, text: document.documentElement.textContent }));
      check(r.scripts === 0, `${file}: ${r.scripts} <script> elements`);
      check(r.pwned === undefined, `${file}: a script from an event title ran`);
      // Spaces aside: a line may break inside a long word ("pwned=1</" | "script>").
      const text = r.text.replace(/\s+/g, '');
      for (const t of NASTY) check(text.includes(t.replace(/\s+/g, '')), `${file}: '${t}' is not shown as text`);
      await p.close();
    }
  } finally {
    await browser.close();
  }
  for (const f of failures) console.log('FAIL: ' + f);
  if (!failures.length) fs.rmSync(work, { recursive: true, force: true });
  else console.log('outputs kept in ' + work);
  process.exit(failures.length ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(1); });
