import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

/**
 * Starts the e2e stack's Kubernetes API stand-in (`e2e/standins/kubernetes.mjs`;
 * a real API server cannot run here) on a free port.
 */
export async function startKubernetesStandin(): Promise<{
  url: string;
  stop: () => void;
}> {
  const script = path.resolve(
    __dirname,
    '../../../../../e2e/standins/kubernetes.mjs',
  );
  const child: ChildProcess = spawn(process.execPath, [script, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', code =>
      reject(new Error(`Kubernetes stand-in exited with ${code}`)),
    );
    createInterface({ input: child.stdout! }).once('line', line =>
      resolve(JSON.parse(line).url),
    );
  });
  return { url, stop: () => child.kill() };
}
