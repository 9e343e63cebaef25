import { render, screen } from '@testing-library/react';
import { ServiceChip } from './ServiceChip';
import { serviceColour } from './waterfall';

describe('ServiceChip', () => {
  it("shows the service's name after a round dot of its waterfall colour", () => {
    render(<ServiceChip service="checkout" />);

    expect(screen.getByText('checkout')).toBeInTheDocument();
    const dot = screen.getByTestId('service-colour');
    expect(dot).toHaveAttribute('aria-hidden', 'true');
    expect(dot).toHaveStyle({
      borderRadius: '50%',
      width: '8px',
      height: '8px',
      backgroundColor: serviceColour('checkout'),
    });
  });
});
