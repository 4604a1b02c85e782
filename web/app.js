// The preview page: tiles from this server, a date picker that re-requests them, the legend of
// the date. URL parameters ?date=YYYY-MM-DD&labels=0&events=0 set the initial state.
(async function () {
  const params = new URLSearchParams(location.search);
  const tilejson = await (await fetch('/tilejson.json')).json();
  const dateInput = document.getElementById('date');
  const labelsBox = document.getElementById('labels');
  const eventsBox = document.getElementById('events');
  const dated = tilejson.sahelmap && tilejson.sahelmap.dates;
  dateInput.value = params.get('date') || (tilejson.sahelmap && tilejson.sahelmap.date) || '';
  dateInput.disabled = !dated;
  labelsBox.checked = params.get('labels') !== '0';
  eventsBox.checked = params.get('events') !== '0';
  labelsBox.disabled = eventsBox.disabled = !dated;

  const [w, s, e, n] = tilejson.bounds;
  // No fade-in: what is shown is what the server sent (and a screenshot can be read at once).
  const map = L.map('map', { minZoom: tilejson.minzoom, maxZoom: tilejson.maxzoom, zoomSnap: 1, fadeAnimation: false });
  map.fitBounds([[s, w], [n, e]]);
  map.attributionControl.addAttribution(tilejson.attribution);

  const url = () => {
    if (!dated) return '/tiles/{z}/{x}/{y}{r}.png';
    const q = new URLSearchParams({ date: dateInput.value, labels: labelsBox.checked ? '1' : '0',
                                    events: eventsBox.checked ? '1' : '0' });
    return '/tiles/{z}/{x}/{y}{r}.png?' + q.toString();
  };
  const layer = L.tileLayer(url(), { tileSize: 256, maxZoom: tilejson.maxzoom, detectRetina: true });
  layer.addTo(map);
  window.sahelmap = { map };  // for the browser test

  async function legend() {
    const q = dated ? '?date=' + encodeURIComponent(dateInput.value) : '';
    const entries = await (await fetch('/legend.json' + q)).json();
    const box = document.getElementById('legend');
    box.replaceChildren(...entries.map((k) => {
      const row = document.createElement('div');
      row.className = 'key';
      const sw = document.createElement('span');
      sw.className = 'swatch';
      sw.style.background = k.hatch
        ? `repeating-linear-gradient(135deg, ${k.fill} 0 6px, ${k.hatch} 6px 9px)` : k.fill;
      const label = document.createElement('span');
      label.textContent = k.label;
      row.append(sw, label);
      return row;
    }));
  }
  const refresh = () => { layer.setUrl(url()); legend(); };
  dateInput.addEventListener('change', refresh);
  labelsBox.addEventListener('change', refresh);
  eventsBox.addEventListener('change', refresh);
  legend();
})();
