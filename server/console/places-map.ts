/**
 * The Places tab's world map, a module of its own (built to assets/places-map.js, loaded by
 * views/campaign-places.ts only when the tab opens): Natural Earth's country shapes from
 * world-atlas, projected with d3-geo (Equal Earth) into one SVG, each country shaded by its counted
 * signatures on a logarithmic scale and titled with its name and count. No Lit here: the console's
 * own code stays in its first load, this file holds the shapes and d3-geo (about 50 KB gzip).
 */
import { geoEqualEarth, geoPath } from 'd3-geo';
import type { FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import countries110m from 'world-atlas/countries-110m.json';

/** Natural Earth names the locale's English ones differ from, by ISO 3166 numeric id. */
const ALPHA2_BY_ID: Record<string, string> = {
  '732': 'EH',
  '840': 'US',
  '180': 'CD',
  '214': 'DO',
  '238': 'FK',
  '260': 'TF',
  '384': 'CI',
  '140': 'CF',
  '178': 'CG',
  '226': 'GQ',
  '275': 'PS',
  '104': 'MM',
  '792': 'TR',
  '090': 'SB',
  '070': 'BA',
  '807': 'MK',
  '780': 'TT',
  '728': 'SS',
};
const WIDTH = 960;
const HEIGHT = 470;
/** Light to dark: more signers, darker. */
export const SHADES = ['#dbe9f6', '#a9cbe8', '#6fa6d6', '#3a7dbf', '#1c5597'];
const NONE = '#eef0f2';
const SVG = 'http://www.w3.org/2000/svg';

/** Each shape with its ISO 3166 alpha-2 code (null: Somaliland, Northern Cyprus). */
function shapes() {
  const topology = countries110m as unknown as Topology<{ countries: GeometryCollection }>;
  const all = feature(topology, topology.objects.countries) as unknown as FeatureCollection<
    Geometry,
    { name: string }
  >;
  const english = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  const byName = new Map<string, string>();
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (const a of letters)
    for (const b of letters) {
      const name = english.of(a + b);
      if (name) byName.set(name.toLowerCase(), a + b);
    }
  const path = geoPath(geoEqualEarth().fitSize([WIDTH, HEIGHT], all));
  return all.features.map((shape) => ({
    code: ALPHA2_BY_ID[String(shape.id)] ?? byName.get(shape.properties.name.toLowerCase()) ?? null,
    name: shape.properties.name,
    d: path(shape) ?? '',
  }));
}

let drawn: ReturnType<typeof shapes> | undefined;

/** The map of `counts` (signatures by alpha-2 code); `label` names a country for its title. */
export function worldMap(
  counts: Map<string, number>,
  label: (code: string, shapeName: string, signatures: number) => string,
): SVGSVGElement {
  drawn ??= shapes();
  const most = Math.max(1, ...counts.values());
  const map = document.createElementNS(SVG, 'svg');
  map.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
  map.setAttribute('width', '100%');
  for (const shape of drawn) {
    const n = shape.code ? (counts.get(shape.code) ?? 0) : 0;
    const step = Math.floor((Math.log1p(n) / Math.log1p(most)) * SHADES.length);
    const path = document.createElementNS(SVG, 'path');
    path.setAttribute('d', shape.d);
    path.setAttribute('fill', n ? SHADES[Math.min(SHADES.length - 1, step)] : NONE);
    path.setAttribute('stroke', '#fff');
    path.setAttribute('stroke-width', '0.5');
    const title = document.createElementNS(SVG, 'title');
    title.textContent = label(shape.code ?? '', shape.name, n);
    path.append(title);
    map.append(path);
  }
  return map;
}
