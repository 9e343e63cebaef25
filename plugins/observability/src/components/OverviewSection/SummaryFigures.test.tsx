import { render, screen, within } from '@testing-library/react';
import { SummaryFigures } from './SummaryFigures';

describe('SummaryFigures', () => {
  it('says what a figure read in the period before when it was zero', () => {
    render(
      <SummaryFigures
        summary={{ requestRate: 6.2, errorRatio: 0.0004 }}
        previous={{ requestRate: 6, errorRatio: 0 }}
      />,
    );
    // A relative change from 0 does not exist; the period before does.
    expect(
      within(screen.getByTestId('summary-Error ratio')).getByText(
        '0 % in the period before',
      ),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('summary-Request rate')).getByText(
        '+3.3 % vs the period before',
      ),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('summary-Latency p95')).getByText(
        'No previous period to compare',
      ),
    ).toBeInTheDocument();
  });
});
