import { render, screen } from '@testing-library/react';
import { formatMs } from '../shared/format';
import { createTimeFormatter } from '../shared/timeFormat';
import { LATENCY_SERIES } from './redChartData';
import { ExemplarTooltip, gridLines, SeriesTooltip } from './TimeSeriesChart';

const utc = createTimeFormatter('utc', { locale: 'en-US' });
const T = Date.parse('2026-11-22T02:00:15Z');

describe('SeriesTooltip', () => {
  it('lists the series at the time, not the sampled requests nor their fields', () => {
    // What recharts hands a ComposedChart's tooltip when a line and a
    // scatter point share the time: the scatter brings its `t` and value.
    render(
      <SeriesTooltip
        active
        label={T}
        payload={[
          { dataKey: 'p50', name: 'p50', value: 38, color: '#1976d2' },
          { dataKey: 'p95', name: 'p95', value: 220, color: '#f57c00' },
          { dataKey: 't', name: 't', value: 29_943_184.3 },
          {
            dataKey: 'value',
            name: 'Sampled requests (traces)',
            value: 147,
          },
        ]}
        series={LATENCY_SERIES}
        formatValue={formatMs}
        timeFormat={utc}
      />,
    );
    expect(screen.getByText('Nov 22, 02:00 AM')).toBeInTheDocument();
    expect(screen.getByText('p50: 38 ms')).toBeInTheDocument();
    expect(screen.getByText('p95: 220 ms')).toBeInTheDocument();
    expect(screen.queryByText(/Sampled requests/)).not.toBeInTheDocument();
    expect(screen.queryByText(/^t/)).not.toBeInTheDocument();
  });

  it('shows nothing where no series has a value', () => {
    const { container } = render(
      <SeriesTooltip
        active
        label={T}
        payload={[{ dataKey: 'value', name: 'Sampled requests', value: 147 }]}
        series={LATENCY_SERIES}
        formatValue={formatMs}
        timeFormat={utc}
      />,
    );
    expect(container).toBeEmptyDOMElement();
  });
});

describe('ExemplarTooltip', () => {
  it('tells the trace, duration, status and labels of the request', () => {
    render(
      <ExemplarTooltip
        marker={{
          t: T,
          value: 412,
          traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
          labels: {
            trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
            status: '502',
            route: '/api/checkout',
          },
        }}
        timeFormat={utc}
      />,
    );
    const tooltip = screen.getByRole('tooltip');
    expect(tooltip).toHaveTextContent('Nov 22, 02:00:15 AM');
    expect(tooltip).toHaveTextContent('Trace 4bf92f3577b34da6a3ce929d0e0e4736');
    expect(tooltip).toHaveTextContent('Duration 412 ms');
    expect(tooltip).toHaveTextContent('Status 502');
    expect(screen.getByText('route=/api/checkout')).toBeInTheDocument();
    expect(tooltip).not.toHaveTextContent('trace_id=');
  });

  it('says when the request recorded no status', () => {
    render(
      <ExemplarTooltip
        marker={{ t: T, value: 90, traceId: 'abc', labels: {} }}
        timeFormat={utc}
      />,
    );
    expect(screen.getByRole('tooltip')).toHaveTextContent(
      'Status not recorded',
    );
  });
});

describe('gridLines', () => {
  it('puts a line at each value tick of a plot from 0 at its bottom', () => {
    expect(gridLines([0, 50, 100, 150, 200], { top: 8, height: 200 })).toEqual([
      208, 158, 108, 58, 8,
    ]);
  });

  it('draws none without a highest tick above 0', () => {
    expect(gridLines([0], { top: 8, height: 200 })).toEqual([]);
    expect(gridLines([], { top: 8, height: 200 })).toEqual([]);
  });
});
