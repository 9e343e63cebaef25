/**
 * React warns when list rows lack a unique `key`; material-table (under
 * Backstage's `Table`) when rows lack a unique `id`, and then gives them new
 * React keys on every refetch, so rows remount and lose their state. Both
 * warnings are printed, never thrown: this makes each test of the calling
 * suite fail on them. material-table checks only in development, so the
 * suite runs as development.
 */
export function failOnRowIdWarnings() {
  const ROW_ID_WARNING =
    /unique "key" prop|two children with the same key|unique id property/;
  let nodeEnv: string | undefined;
  let warnings: string[];
  let spies: jest.SpyInstance[];

  beforeEach(() => {
    nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'development';
    warnings = [];
    spies = (['warn', 'error'] as const).map(level => {
      // Other messages still reach the test output.
      // eslint-disable-next-line no-console
      const original = console[level];
      return jest
        .spyOn(console, level)
        .mockImplementation((...args: unknown[]) => {
          const message = args.map(String).join(' ');
          if (ROW_ID_WARNING.test(message)) warnings.push(message);
          else original(...args);
        });
    });
  });

  afterEach(() => {
    process.env.NODE_ENV = nodeEnv;
    spies.forEach(spy => spy.mockRestore());
    expect(warnings).toEqual([]);
  });
}
