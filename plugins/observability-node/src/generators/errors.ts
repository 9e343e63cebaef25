/**
 * Input the generators refuse, with every problem found. Its `name` is
 * `InputError`, so Backstage's error handler answers 400 when a route
 * lets it through.
 *
 * @public
 */
export class MonitoringInputError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(
      problems.length === 1
        ? `Cannot generate monitoring: ${problems[0]}`
        : `Cannot generate monitoring:\n- ${problems.join('\n- ')}`,
    );
    this.name = 'InputError';
    this.problems = problems;
  }
}

/** Collects problems, then throws them together. */
export class Problems {
  private readonly list: string[] = [];

  add(problem: string): void {
    this.list.push(problem);
  }

  get count(): number {
    return this.list.length;
  }

  throwIfAny(): void {
    if (this.list.length) throw new MonitoringInputError([...this.list]);
  }
}
