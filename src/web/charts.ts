import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { escapeHtml } from '../shared/html.js';

/**
 * Charts are drawn on the server as SVG (vega-lite → vega, no browser needed) and inlined in the
 * page with a title and a description for assistive technology; every chart sits beside a table
 * of the same data.
 */
export async function renderChart(
  spec: TopLevelSpec,
  a11y: { id: string; title: string; description: string },
): Promise<string> {
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    // The chart is one image with a text alternative: vega's own roles inside it would give
    // screen readers a second, partial description.
    return svg
      .replace(/ (?:role|aria-[a-z]+)="[^"]*"/g, '')
      .replace(
        /^<svg([^>]*)>/,
        `<svg$1 role="img" aria-labelledby="${a11y.id}-title ${a11y.id}-desc" focusable="false"><title id="${a11y.id}-title">${escapeHtml(a11y.title)}</title><desc id="${a11y.id}-desc">${escapeHtml(a11y.description)}</desc>`,
      );
  } finally {
    view.finalize();
  }
}

export const GRADE_COLOURS: Record<string, string> = {
  Outstanding: '#1d70b8',
  Good: '#00703c',
  Adequate: '#ffdd00',
  'Requires improvement': '#f47738',
  Inadequate: '#d4351c',
  Ungraded: '#b1b4b6',
};
