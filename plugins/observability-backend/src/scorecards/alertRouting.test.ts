import { AlertRouting } from './alertRouting';

/** A routing tree in the shapes Alertmanager accepts: matchers, match, match_re, continue. */
const CONFIG = `
route:
  receiver: "null"
  routes:
    - matchers: ['namespace="shop"', 'severity=~"critical|page"']
      receiver: shop-pager
      continue: true
    - match: { namespace: shop }
      receiver: shop-slack
      routes:
        - matchers: [alertname=Watchdog]
          receiver: "null"
    - match_re: { service: "pay.*" }
receivers:
  - name: "null"
  - name: shop-pager
    pagerduty_configs: [{ routing_key: secret }]
  - name: shop-slack
    slack_configs: [{ channel: "#shop" }]
`;

describe('AlertRouting', () => {
  const routing = AlertRouting.fromConfigYaml(CONFIG);

  it('walks the tree as Alertmanager does: first match, continue, inherited receivers', () => {
    // The first route continues, so the second one takes the alert too.
    expect(
      routing.receiversFor({ namespace: 'shop', severity: 'critical' }),
    ).toEqual(['shop-pager', 'shop-slack']);
    expect(
      routing.receiversFor({ namespace: 'shop', severity: 'info' }),
    ).toEqual(['shop-slack']);
    // A nested route overrides its parent's receiver.
    expect(
      routing.receiversFor({ namespace: 'shop', alertname: 'Watchdog' }),
    ).toEqual(['null']);
    // A route without a receiver inherits the root's.
    expect(routing.receiversFor({ service: 'payments' })).toEqual(['null']);
    expect(routing.receiversFor({ namespace: 'other' })).toEqual(['null']);
  });

  it('knows a receiver without integrations notifies nobody', () => {
    expect(routing.delivers('shop-pager')).toBe(true);
    expect(routing.delivers('shop-slack')).toBe(true);
    expect(routing.delivers('null')).toBe(false);
    expect(routing.delivers('missing')).toBe(false);
  });

  it('refuses a matcher that is not name=value, naming it', () => {
    const broken = AlertRouting.fromConfigYaml(
      'route:\n  receiver: a\n  routes:\n    - matchers: ["shop"]\n',
    );
    expect(() => broken.receiversFor({})).toThrow(
      "Alertmanager route matcher 'shop' is not name=value",
    );
  });
});
