// Our PMTiles archives read by an independent reader: the npm `pmtiles` package (pinned in
// web/package-lock.json), from node. Every tile of the XYZ folder that the same command writes is
// found in the archive with the same content (gunzipped, as the reader returns it), tiles the
// folder lacks are absent, and the header and metadata say what the run wrote. Vector (mvt) and
// raster (png) archives, names and events on (the default).
//   node tests/web/pmtiles_test.cjs build/sahelmap   (SAHELMAP_NODE_MODULES=.cache/web/node_modules)
const path = require('path');
const fs = require('fs');
const os = require('os');
const zlib = require('zlib');
const { execFileSync } = require('child_process');

const modules = path.resolve(process.env.SAHELMAP_NODE_MODULES || path.join(__dirname, '..', '..', '.cache', 'web', 'node_modules'));
const { PMTiles } = require(path.join(modules, 'pmtiles'));
const exe = process.argv[2];

// The package ships no file source for node: a Source over a file descriptor.
class FileSource {
  constructor(p) {
    this.p = p;
    this.fd = fs.openSync(p, 'r');
  }
  getKey() {
    return this.p;
  }
  async getBytes(offset, length) {
    const b = Buffer.alloc(length);
    const n = fs.readSync(this.fd, b, 0, length, offset);
    return { data: b.buffer.slice(b.byteOffset, b.byteOffset + n) };
  }
}

function walk(dir, ext) {
  const out = new Map();
  for (const z of fs.readdirSync(dir)) {
    if (!/^\d+$/.test(z)) continue;
    for (const x of fs.readdirSync(path.join(dir, z)))
      for (const f of fs.readdirSync(path.join(dir, z, x)))
        if (f.endsWith(ext)) out.set(`${z}/${x}/${f.slice(0, -ext.length)}`, fs.readFileSync(path.join(dir, z, x, f)));
  }
  return out;
}

async function check(tmp, format, ext, zooms, bbox, tileType) {
  const args = ['tiles', '--format', format, '--zooms', zooms, '--bbox', bbox];
  execFileSync(exe, [...args, '-o', path.join(tmp, format)], { stdio: 'inherit' });
  execFileSync(exe, [...args, '-o', path.join(tmp, format + '.pmtiles')], { stdio: 'inherit' });
  const p = new PMTiles(new FileSource(path.join(tmp, format + '.pmtiles')));
  const h = await p.getHeader();
  const folder = walk(path.join(tmp, format), ext);
  const fail = (m) => {
    throw new Error(`${format}: ${m}`);
  };
  if (h.specVersion !== 3) fail('spec version ' + h.specVersion);
  if (h.tileType !== tileType) fail('tile type ' + h.tileType);
  if (h.numAddressedTiles !== folder.size) fail(`${h.numAddressedTiles} tiles addressed, the folder has ${folder.size}`);
  if (!h.clustered) fail('not clustered');
  const meta = await p.getMetadata();
  if (format === 'mvt' && !(meta.vector_layers || []).some((l) => l.id === 'memberships')) fail('no vector_layers');
  let compared = 0;
  for (const [zxy, bytes] of folder) {
    const [z, x, y] = zxy.split('/').map(Number);
    const got = await p.getZxy(z, x, y);
    if (!got) fail(`tile ${zxy} is missing`);
    const want = format === 'mvt' ? zlib.gunzipSync(bytes) : bytes;
    if (Buffer.compare(Buffer.from(got.data), want) !== 0) fail(`tile ${zxy} differs`);
    ++compared;
  }
  // Tiles the folder does not have are not in the archive either.
  const [zmin, zmax] = zooms.split('-').map(Number);
  let absent = 0;
  for (let z = zmin; z <= zmax; ++z)
    for (let x = 0; x < 1 << z; x += 3)
      for (let y = 0; y < 1 << z; y += 3)
        if (!folder.has(`${z}/${x}/${y}`)) {
          if (await p.getZxy(z, x, y)) fail(`tile ${z}/${x}/${y} is in the archive only`);
          ++absent;
        }
  console.log(`${format}: ${compared} tiles equal to the folder's, ${absent} absent in both, ` +
              `${h.numTileEntries} entries, ${h.numTileContents} distinct contents`);
}

(async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sahelmap-pmtiles-'));
  try {
    await check(tmp, 'mvt', '.pbf', '0-6', '-180,-85,180,85', 1);
    await check(tmp, 'png', '.png', '0-4', '-20,0,30,28', 2);
    console.log('pmtiles reader: ok');
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
})().catch((e) => {
  console.error('pmtiles reader: ' + e.message);
  process.exit(1);
});
