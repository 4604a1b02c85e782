// The vector preview: MapLibre GL with the style this server generates (/style.json, names in the
// glyphs it serves) over vector tiles that hold every date. Another date is another set of layer filters, fetched from
// /style.json?date=D and applied with setFilter: no tile is requested again.
// ?date=YYYY-MM-DD sets the initial date; ?archive=1 reads the served PMTiles archive
// (/archive.pmtiles) by HTTP ranges through MapLibre's pmtiles:// protocol instead of tile URLs.
(async () => {
  const params = new URLSearchParams(location.search);
  const archive = params.get('archive') === '1';
  if (archive) maplibregl.addProtocol('pmtiles', new pmtiles.Protocol().tile);
  const styleUrl = (date) => {
    const q = new URLSearchParams();
    if (date) q.set('date', date);
    if (archive) q.set('source', 'archive');
    return '/style.json?' + q;
  };
  const dateInput = document.getElementById('date');
  const slider = document.getElementById('slider');
  const legend = document.getElementById('legend');
  const first = await (await fetch(styleUrl(params.get('date')))).json();
  // The panel's credit names the boundaries the tiles are drawn from (by zoom, or the user's file).
  document.getElementById('credit').textContent = 'Boundaries: ' +
    first.sources.sahelmap.attribution.replace(/; sahelmap$/, '') +
    ' · Memberships: sahelmap shapes/blocs.csv (sources cited) · Tiles: sahelmap serve';
  const DAY = 86400000;
  const origin = Date.UTC(2019, 0, 1);
  const toDay = (d) => Math.round((Date.parse(d + 'T00:00:00Z') - origin) / DAY);
  const fromDay = (n) => new Date(origin + n * DAY).toISOString().slice(0, 10);
  const today = new Date().toISOString().slice(0, 10);
  slider.max = String(toDay(today));
  dateInput.max = today;
  dateInput.value = first.metadata['sahelmap:date'];
  slider.value = String(Math.max(0, toDay(dateInput.value)));

  const map = new maplibregl.Map({ container: 'map', style: first, center: [2, 14], zoom: 3.2, attributionControl: { compact: true } });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }));

  // Stripes for a second bloc come from the style's sprite (/sprite.json and .png), as they
  // would in any other MapLibre page.

  async function showLegend(date) {
    const entries = await (await fetch('/legend.json?date=' + encodeURIComponent(date))).json();
    legend.replaceChildren(...entries.map((e) => {
      const row = document.createElement('div');
      row.className = 'key';
      const sw = document.createElement('span');
      sw.className = 'swatch';
      sw.style.background = e.hatch ? `repeating-linear-gradient(135deg, ${e.fill} 0 6px, ${e.hatch} 6px 9px)` : e.fill;
      const label = document.createElement('span');
      label.textContent = e.label;
      row.append(sw, label);
      return row;
    }));
  }

  let pending = 0;
  async function setDate(date) {
    const ticket = ++pending;
    const style = await (await fetch(styleUrl(date))).json();
    if (ticket !== pending) return;  // a later date was chosen meanwhile
    for (const layer of style.layers)
      if (layer.metadata && layer.metadata['sahelmap:dated']) map.setFilter(layer.id, layer.filter);
    dateInput.value = date;
    slider.value = String(toDay(date));
    showLegend(date);
  }
  dateInput.addEventListener('change', () => { if (dateInput.value) setDate(dateInput.value); });
  slider.addEventListener('input', () => setDate(fromDay(Number(slider.value))));
  showLegend(dateInput.value);
  window.sahelmap = { map, setDate, ready: new Promise((r) => map.once('idle', r)) };
})();
