import { DiagnosisCheck } from '@sightline/plugin-observability-common';
import {
  DiagnosisContext,
  DoctorCheck,
  Finding,
  FindingOf,
  resultOf,
  skipped,
} from './DoctorCheck';

type Answer = Finding<unknown> & { durationMs: number };

/**
 * Runs the checks concurrently, each one that needs another's findings once
 * that one has answered, every one bounded by the context's deadline; then
 * lets each revise its outcome given the others', and answers in the order
 * given.
 */
export async function runChecks(
  checks: readonly DoctorCheck<any, any>[],
  context: DiagnosisContext,
): Promise<DiagnosisCheck[]> {
  const running = new Map<DoctorCheck<any, any>, Promise<Answer>>();
  const start = (check: DoctorCheck<any, any>): Promise<Answer> => {
    let answer = running.get(check);
    if (!answer) {
      answer = check.after
        ? start(check.after).then(previous =>
            previous.status === 'skipped'
              ? { ...skipped(previous.skippedReason ?? ''), durationMs: 0 }
              : runBounded(check, context, previous.found),
          )
        : runBounded(check, context, undefined);
      running.set(check, answer);
    }
    return answer;
  };
  await Promise.all(checks.map(start));
  const answers = new Map<DoctorCheck<any, any>, Answer>();
  for (const [check, answer] of running) answers.set(check, await answer);
  // The cast holds: each answer is what its own check found.
  const findingOf = (check => answers.get(check)) as FindingOf;
  return checks.map(check => {
    const { durationMs, ...finding } = answers.get(check)!;
    const revised: Finding<unknown> = check.revise
      ? check.revise(finding, findingOf)
      : finding;
    // What a check found is for other checks, not for the response.
    const { found: _found, ...outcome } = revised;
    return resultOf(check, outcome, durationMs);
  });
}

/**
 * Runs one check until the deadline. A check that throws or runs out of
 * time fails with the reason (upstream errors name the upstream).
 */
async function runBounded(
  check: DoctorCheck<any, any>,
  context: DiagnosisContext,
  previous: unknown,
): Promise<Answer> {
  const started = Date.now();
  const budget = Math.max(0, context.deadline - started);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `${check.waitingOn(context)} did not answer within ${budget} ms.`,
          ),
        ),
      budget,
    );
  });
  try {
    const finding = await Promise.race([check.run(context, previous), timeout]);
    return { ...finding, durationMs: Date.now() - started };
  } catch (error) {
    return {
      status: 'fail',
      message: (error as Error).message,
      evidence: [],
      durationMs: Date.now() - started,
    };
  } finally {
    clearTimeout(timer);
  }
}
