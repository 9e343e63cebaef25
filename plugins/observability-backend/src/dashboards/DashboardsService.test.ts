import { exploreUrl, grafanaUrl } from './DashboardsService';

describe('grafanaUrl', () => {
  it("joins Grafana's paths to its external URL once", () => {
    expect(grafanaUrl('https://g.example.com', '/d/abc/slug')).toBe(
      'https://g.example.com/d/abc/slug',
    );
    // Grafana served under a sub-path already prefixes its paths with it.
    expect(
      grafanaUrl('https://example.com/grafana', '/grafana/d/abc/slug'),
    ).toBe('https://example.com/grafana/d/abc/slug');
    expect(grafanaUrl('https://example.com/grafana/', '/d/abc/slug')).toBe(
      'https://example.com/grafana/d/abc/slug',
    );
  });
});

describe('exploreUrl', () => {
  it('encodes a pane whose query cannot break out of the URL', () => {
    const expr = '{app="a&b"} |= "\\"#?%"';
    const url = new URL(
      exploreUrl(
        'https://g.example.com',
        { type: 'loki', uid: 'loki' },
        { expr },
        { from: 'now-1h', to: 'now' },
      ),
    );
    expect(url.origin).toBe('https://g.example.com');
    expect(url.pathname).toBe('/explore');
    expect([...url.searchParams.keys()]).toEqual(['schemaVersion', 'panes']);
    expect(
      JSON.parse(url.searchParams.get('panes')!).sightline.queries[0].expr,
    ).toBe(expr);
  });

  it('leaves the data source to Grafana when no uid is known', () => {
    const url = new URL(
      exploreUrl(
        'https://g.example.com',
        { type: 'tempo' },
        { query: '{}' },
        { from: '1', to: '2' },
      ),
    );
    const pane = JSON.parse(url.searchParams.get('panes')!).sightline;
    expect(pane.datasource).toBeUndefined();
    expect(pane.queries[0]).toEqual({ refId: 'A', query: '{}' });
    expect(pane.range).toEqual({ from: '1', to: '2' });
  });
});
