/**
 * OpenSLO v1 documents as the backend hands them over: one multi-document
 * YAML file already parsed into a list of plain objects.
 */

/**
 * Shapes from the OpenSLO v1 specification (OpenSLO/OpenSLO `README.md`:
 * "General Schema", "SLO", "Objectives", "SLI", "Ratio Metric",
 * "DataSource", "Service") and its `examples/budgeting-method/` files, with
 * Prometheus queries for the demo shop. In order:
 * 0 a Service; 1 a Prometheus DataSource; 2 an SLI (good/total ratio) that
 * document 3 refers to with indicatorRef; 3 that SLO (targetPercent, 28d);
 * 4 an inline bad/total SLO with two objectives; 5 an inline raw-ratio SLO
 * with no timeWindow (the default window applies); 6 a thresholdMetric SLO
 * as in `occurences-slo.yaml`; 7 a latency SLO over histogram buckets whose
 * metricSource points at the DataSource of document 1 by name.
 */
export const opensloShop = [
  {
    apiVersion: 'openslo/v1',
    kind: 'Service',
    metadata: { name: 'checkout', displayName: 'Checkout' },
    spec: { description: 'Takes orders.' },
  },
  {
    apiVersion: 'openslo/v1',
    kind: 'DataSource',
    metadata: { name: 'shop-prometheus' },
    spec: {
      type: 'Prometheus',
      connectionDetails: { url: 'http://prometheus:9090' },
    },
  },
  {
    apiVersion: 'openslo/v1',
    kind: 'SLI',
    metadata: { name: 'checkout-good-requests' },
    spec: {
      ratioMetric: {
        counter: true,
        good: {
          metricSource: {
            type: 'Prometheus',
            spec: {
              query:
                'sum(increase(http_requests_total{service="checkout",code!~"5.."}[5m]))',
            },
          },
        },
        total: {
          metricSource: {
            type: 'Prometheus',
            spec: {
              query:
                'sum(increase(http_requests_total{service="checkout"}[5m]))',
            },
          },
        },
      },
    },
  },
  {
    apiVersion: 'openslo/v1',
    kind: 'SLO',
    metadata: {
      name: 'checkout-availability',
      displayName: 'Checkout availability',
    },
    spec: {
      description: 'Orders go through.',
      service: 'checkout',
      indicatorRef: 'checkout-good-requests',
      timeWindow: [{ duration: '28d', isRolling: true }],
      budgetingMethod: 'Occurrences',
      objectives: [{ displayName: 'Good requests', targetPercent: 99.95 }],
    },
  },
  {
    apiVersion: 'openslo/v1',
    kind: 'SLO',
    metadata: { name: 'cart-errors' },
    spec: {
      service: 'cart',
      indicator: {
        metadata: { name: 'cart-5xx' },
        spec: {
          ratioMetric: {
            counter: true,
            bad: {
              metricSource: {
                type: 'Prometheus',
                spec: {
                  query:
                    'sum(rate(http_requests_total{service="cart",code=~"5.."}[{{.window}}]))',
                },
              },
            },
            total: {
              metricSource: {
                type: 'Prometheus',
                spec: {
                  query:
                    'sum(rate(http_requests_total{service="cart"}[{{.window}}]))',
                },
              },
            },
          },
        },
      },
      timeWindow: [{ duration: '7d', isRolling: true }],
      budgetingMethod: 'Occurrences',
      objectives: [
        { displayName: 'Strict', target: 0.999 },
        { displayName: 'Lenient', target: 0.99 },
      ],
    },
  },
  {
    apiVersion: 'openslo/v1',
    kind: 'SLO',
    metadata: { name: 'probe-success' },
    spec: {
      indicator: {
        metadata: { name: 'probe-failure-ratio' },
        spec: {
          ratioMetric: {
            rawType: 'failure',
            raw: {
              metricSource: {
                type: 'Prometheus',
                spec: {
                  query: '1 - avg_over_time(probe_success{job="blackbox"}[5m])',
                },
              },
            },
          },
        },
      },
      budgetingMethod: 'Occurrences',
      objectives: [{ target: 0.995 }],
    },
  },
  {
    apiVersion: 'openslo/v1',
    kind: 'SLO',
    metadata: { name: 'search-p99' },
    spec: {
      service: 'search',
      indicator: {
        metadata: { name: 'search-latency' },
        spec: {
          thresholdMetric: {
            metricSource: {
              type: 'Prometheus',
              spec: {
                query:
                  'histogram_quantile(0.99, sum by (le) (rate(search_duration_seconds_bucket[5m])))',
              },
            },
          },
        },
      },
      timeWindow: [{ duration: '2w', isRolling: true }],
      budgetingMethod: 'Occurrences',
      objectives: [
        { displayName: 'Good experience', op: 'lt', value: 0.5, target: 0.99 },
      ],
    },
  },
  {
    apiVersion: 'openslo/v1',
    kind: 'SLO',
    metadata: { name: 'checkout-latency' },
    spec: {
      service: 'checkout',
      indicator: {
        metadata: { name: 'checkout-fast-requests' },
        spec: {
          ratioMetric: {
            counter: true,
            good: {
              metricSource: {
                metricSourceRef: 'shop-prometheus',
                spec: {
                  query:
                    'sum(rate(http_request_duration_seconds_bucket{service="checkout",le="0.3"}[5m]))',
                },
              },
            },
            total: {
              metricSource: {
                metricSourceRef: 'shop-prometheus',
                spec: {
                  query:
                    'sum(rate(http_request_duration_seconds_count{service="checkout"}[5m]))',
                },
              },
            },
          },
        },
      },
      timeWindow: [{ duration: '30d', isRolling: true }],
      budgetingMethod: 'Occurrences',
      objectives: [{ target: 0.99 }],
    },
  },
];

/**
 * Hand-written from the same specification: each SLO is wrong in one way
 * (the Timeslices one is the shape of `examples/budgeting-method/ratio-timeslices.yaml`),
 * and the last document is valid, to show the others do not break it.
 */
export const opensloInvalid = [
  {
    apiVersion: 'openslo/v1',
    kind: 'SLO',
    metadata: { name: 'timeslices' },
    spec: {
      indicator: {
        metadata: { name: 'x' },
        spec: {
          ratioMetric: {
            good: {
              metricSource: { type: 'Prometheus', spec: { query: 'good' } },
            },
            total: {
              metricSource: { type: 'Prometheus', spec: { query: 'total' } },
            },
          },
        },
      },
      timeWindow: [{ duration: '2w', isRolling: true }],
      budgetingMethod: 'RatioTimeslices',
      objectives: [
        { displayName: 'Good', op: 'gt', timeSliceWindow: '1m', target: 0.99 },
      ],
    },
  },
  {
    apiVersion: 'openslo/v1',
    kind: 'SLO',
    metadata: { name: 'datadog' },
    spec: {
      indicator: {
        metadata: { name: 'dd' },
        spec: {
          ratioMetric: {
            good: {
              metricSource: {
                type: 'Datadog',
                spec: { query: 'sum:hits{ok}' },
              },
            },
            total: {
              metricSource: { type: 'Datadog', spec: { query: 'sum:hits{*}' } },
            },
          },
        },
      },
      budgetingMethod: 'Occurrences',
      objectives: [{ target: 0.99 }],
    },
  },
  {
    apiVersion: 'openslo/v1',
    kind: 'SLO',
    metadata: { name: 'calendar' },
    spec: {
      indicatorRef: 'missing-sli',
      timeWindow: [
        {
          duration: '1M',
          calendar: {
            startTime: '2020-01-21 12:30:00',
            timeZone: 'America/New_York',
          },
          isRolling: false,
        },
      ],
      budgetingMethod: 'Occurrences',
      objectives: [{ target: 0.99 }],
    },
  },
  {
    apiVersion: 'openslo/v1',
    kind: 'SLO',
    metadata: { name: 'targets' },
    spec: {
      indicator: {
        metadata: { name: 't' },
        spec: {
          ratioMetric: {
            bad: {
              metricSource: { type: 'Prometheus', spec: { query: 'bad' } },
            },
            total: {
              metricSource: { type: 'Prometheus', spec: { query: 'total' } },
            },
          },
        },
      },
      budgetingMethod: 'Occurrences',
      objectives: [
        { displayName: 'percent as ratio', target: 99.9 },
        { displayName: 'both', target: 0.99, targetPercent: 99 },
        { displayName: 'fine', targetPercent: 99.5 },
      ],
    },
  },
  {
    apiVersion: 'openslo/v1alpha',
    kind: 'SLO',
    metadata: { name: 'old' },
    spec: {},
  },
  {
    apiVersion: 'openslo/v1',
    kind: 'SLO',
    metadata: { name: 'still-fine' },
    spec: {
      indicator: {
        metadata: { name: 'ok' },
        spec: {
          ratioMetric: {
            good: {
              metricSource: {
                type: 'prometheus',
                spec: { query: 'sum(rate(ok_total[5m]))' },
              },
            },
            total: {
              metricSource: {
                type: 'prometheus',
                spec: { query: 'sum(rate(all_total[5m]))' },
              },
            },
          },
        },
      },
      budgetingMethod: 'Occurrences',
      objectives: [{ target: 0.9 }],
    },
  },
];
