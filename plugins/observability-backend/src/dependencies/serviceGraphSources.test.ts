import {
  pickSource,
  queryableNames,
  ServiceGraphQueries,
} from './serviceGraphSources';

describe('service-graph sources', () => {
  it('prefers Tempo names, with the server histogram over the connector’s older name', () => {
    const both = pickSource(
      new Set([
        'istio_requests_total',
        'traces_service_graph_request_total',
        'traces_service_graph_request_duration_seconds_bucket',
        'traces_service_graph_request_server_seconds_bucket',
      ]),
    );
    expect(both?.source.id).toBe('tempo-servicegraph');
    expect(both?.bucketMetric).toBe(
      'traces_service_graph_request_server_seconds_bucket',
    );
  });

  it('accepts the OTel connector’s older duration histogram', () => {
    const old = pickSource(
      new Set([
        'traces_service_graph_request_total',
        'traces_service_graph_request_duration_seconds_bucket',
      ]),
    );
    expect(old?.bucketMetric).toBe(
      'traces_service_graph_request_duration_seconds_bucket',
    );
  });

  it('finds nothing without a request counter', () => {
    expect(pickSource(new Set(['http_requests_total']))).toBeUndefined();
  });

  it('escapes names inside the selectors, as equalities or as literal alternatives', () => {
    const detected = pickSource(
      new Set(['traces_service_graph_request_total']),
    )!;
    const one = new ServiceGraphQueries(detected, ['a"} or vector(1) #'], '1h');
    expect(one.requestRate()).toBe(
      'sum by (client, server, connection_type) (rate(traces_service_graph_request_total{client="a\\"} or vector(1) #"}[1h]))' +
        ' or sum by (client, server, connection_type) (rate(traces_service_graph_request_total{server="a\\"} or vector(1) #"}[1h]))',
    );
    expect(one.latencyP95()).toBeUndefined();
    const many = new ServiceGraphQueries(detected, ['a.b', 'c|d'], '5m');
    expect(many.failureRate()).toContain(
      'traces_service_graph_request_failed_total{client=~"a\\\\.b|c\\\\|d"}',
    );
  });

  it('leaves out names no series can have and Prometheus would refuse: lone surrogates, U+FFFD', () => {
    expect(
      queryableNames([
        'checkout',
        'a\uD800b',
        '\uDFFF',
        'x\uFFFD',
        '🚀 日本語',
      ]),
    ).toEqual(['checkout', '🚀 日本語']);
  });
});
