import { describe, expect, it } from 'vitest';
import { renderChart } from './charts.js';

describe('server-rendered charts', () => {
  it('are one SVG image with a title and description, and no inner roles', async () => {
    const svg = await renderChart(
      {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        data: { values: [{ force: 'Kent Police', periods: 1 }] },
        mark: 'bar',
        encoding: { x: { field: 'force', type: 'nominal' }, y: { field: 'periods', type: 'quantitative' } },
      },
      { id: 'test', title: 'Periods <by> force', description: 'One bar & one force' },
    );
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/role="/g)).toHaveLength(1);
    expect(svg).toContain('role="img" aria-labelledby="test-title test-desc"');
    expect(svg).toContain('<title id="test-title">Periods &lt;by&gt; force</title>');
    expect(svg).toContain('<desc id="test-desc">One bar &amp; one force</desc>');
    expect(svg).not.toMatch(/style="/);
  });
});
