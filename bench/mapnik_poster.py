#!/usr/bin/python3
"""Mapnik renders one large image with the same fills and borders as a sahelmap poster, for the
poster benchmark (bench/poster_vs_mapnik.sh).

  mapnik_poster.py DATA FILLS.json CRS MINX,MINY,MAXX,MAXY WIDTH HEIGHT OUT.png

DATA is converted (untimed) to a shapefile in CRS, as Mapnik's own shape input is its fastest.
Prints 'render <seconds> s (draw <s> s, png <s> s)': rendering plus PNG encoding, and each part.
"""
import json, os, shutil, subprocess, sys, tempfile, time

import mapnik


def main():
    data, fills_path, crs, extent, width, height, out = sys.argv[1:8]
    width, height = int(width), int(height)
    minx, miny, maxx, maxy = map(float, extent.split(","))
    spec = json.load(open(fills_path))
    work = tempfile.mkdtemp(prefix="mapnik-poster-")
    shp = os.path.join(work, "countries.shp")
    subprocess.run(["ogr2ogr", "-f", "ESRI Shapefile", "-t_srs", crs, "-lco", "ENCODING=UTF-8", shp, data],
                   check=True, stderr=subprocess.DEVNULL)
    if shutil.which("shapeindex"):
        subprocess.run(["shapeindex", shp], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    m = mapnik.Map(width, height, crs)
    m.background = mapnik.Color(spec["background"])
    style = mapnik.Style()
    by_color = {}
    for code, color in spec["fills"].items():
        by_color.setdefault(color, []).append(code)

    def rule(expr, color):
        r = mapnik.Rule()
        if expr:
            r.filter = mapnik.Expression(expr)
        else:
            r.set_else(True)
        p = mapnik.PolygonSymbolizer()
        p.fill = mapnik.Color(color)
        r.symbols.append(p)
        l = mapnik.LineSymbolizer()
        l.stroke = mapnik.Color(spec["border"])
        l.stroke_width = float(spec["border_width"])
        r.symbols.append(l)
        style.rules.append(r)

    for color, codes in by_color.items():
        rule(" or ".join("[ADM0_A3]='%s'" % c for c in codes), color)
    rule(None, spec["default"])
    m.append_style("countries", style)
    layer = mapnik.Layer("countries", crs)
    layer.datasource = mapnik.Shapefile(file=shp)
    layer.styles.append("countries")
    m.layers.append(layer)
    m.zoom_to_box(mapnik.Box2d(minx, miny, maxx, maxy))
    t0 = time.perf_counter()
    im = mapnik.Image(width, height)
    mapnik.render(m, im)
    t1 = time.perf_counter()
    im.save(out, "png32")
    t2 = time.perf_counter()
    print("render %.3f s (draw %.3f s, png %.3f s)" % (t2 - t0, t1 - t0, t2 - t1))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
