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
  // On a phone the panel is a sheet along the bottom, its key folded: the bounds fit above it.
  const phone = window.matchMedia('(max-width: 600px)').matches;
  if (phone) document.getElementById('key').open = false;
  const sheet = phone ? document.getElementById('panel').offsetHeight + 22 : 0;
  map.fitBounds([[s, w], [n, e]], { paddingBottomRight: [0, sheet] });
  map.attributionControl.addAttribution(tilejson.attribution);
  // The panel's credit names the boundaries the tiles are drawn from (by zoom, or the user's file).
  document.getElementById('credit').textContent = 'Boundaries: ' + tilejson.attribution.replace(/; sahelmap$/, '') +
    ' · Memberships: sahelmap shapes/blocs.csv (sources cited) · Tiles: sahelmap serve';

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
  // The events the tiles mark, in words: a list by place in the panel, and a popup where a
  // place's marker is clicked. Built with textContent: titles are data, never markup.
  const eventLayer = L.layerGroup().addTo(map);
  function eventLine(e) {
    const li = document.createElement('li');
    const when = document.createElement('span');
    when.className = 'when';
    when.textContent = e.date + ' ';
    li.append(when, document.createTextNode(e.title + ' '));
    const what = document.createElement('span');
    what.className = 'what';
    what.textContent = '(' + e.category_name + (e.source ? ', ' : '');
    if (e.source && /^https?:\/\//.test(e.url || '')) {
      const a = document.createElement('a');
      a.href = e.url;
      a.rel = 'noopener noreferrer';
      a.target = '_blank';
      a.textContent = e.source;
      what.append(a);
    } else if (e.source) {
      what.append(document.createTextNode(e.source));
    }
    what.append(document.createTextNode(')'));
    li.append(what);
    return li;
  }
  async function events() {
    const box = document.getElementById('event-panel');
    const list = document.getElementById('event-list');
    eventLayer.clearLayers();
    list.replaceChildren();
    box.hidden = true;
    if (!eventsBox.checked) return;
    const q = dated ? '?date=' + encodeURIComponent(dateInput.value) : '';
    const all = await (await fetch('/events.json' + q)).json();
    const places = new Map();  // in order of their first event
    for (const e of all) {
      if (!places.has(e.place)) places.set(e.place, []);
      places.get(e.place).push(e);
    }
    for (const [place, evs] of places) {
      const details = document.createElement('details');
      const summary = document.createElement('summary');
      summary.textContent = `${place} (${evs.length})`;
      const ol = document.createElement('ol');
      ol.append(...evs.map(eventLine));
      details.append(summary, ol);
      list.append(details);
      const popup = () => {
        const div = document.createElement('div');
        div.className = 'popup';
        const h = document.createElement('h3');
        h.textContent = place;
        const pol = document.createElement('ol');
        pol.append(...evs.map(eventLine));
        div.append(h, pol);
        return div;
      };
      // A click target over the place's marker (drawn in the tiles, beside its capital's dot).
      const target = L.circleMarker([evs[0].lat, evs[0].lon], { radius: 18, opacity: 0, fillOpacity: 0 })
        .bindPopup(popup, { maxWidth: 320 })
        .bindTooltip(() => {  // an element, not a string: Leaflet would read a string as HTML
          const span = document.createElement('span');
          span.textContent = `${place}: ${evs.length}`;
          return span;
        }, { direction: 'top' });
      target.addTo(eventLayer);
      summary.addEventListener('click', () => { if (!details.open) target.openPopup(); });
    }
    document.getElementById('event-count').textContent = all.length ? `(${all.length})` : '';
    box.hidden = all.length === 0;
  }
  const refresh = () => { layer.setUrl(url()); legend(); events(); };
  dateInput.addEventListener('change', refresh);
  labelsBox.addEventListener('change', refresh);
  eventsBox.addEventListener('change', refresh);
  legend();
  events();
})();
